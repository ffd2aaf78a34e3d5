// 机制说明: the rules in force (or an old version, ?version=N) in plain Chinese, with the
// version history. Every signed-in user may read it; admins edit on /mechanism/edit.
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "#app/components/error-boundary";
import { MechanismRules } from "#app/components/mechanism-rules";
import { t } from "#app/i18n";
import { getMechanismVersion, getMechanismVersionByNumber, listMechanismVersions } from "#app/models/mechanism.server";
import { diffMechanism } from "#app/schemas/mechanism-form";
import { requireUser } from "#app/utils/auth.server";
import { formatDateTime } from "#app/utils/datetime";
import { hasPermission, notFound } from "#app/utils/permissions.server";

export const meta: MetaFunction = () => [{ title: `${t("mechanism.title")} - ${t("common.appName")}` }];

function authorName(createdById: string | null, name: string | null | undefined): string {
  if (!createdById) return t("mechanism.systemAuthor");
  return name ?? t("mechanism.unknownAuthor");
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const params = new URL(request.url).searchParams;
  const current = await getMechanismVersion();
  let shown = current;
  const requested = params.get("version");
  if (requested !== null && requested !== String(current.version)) {
    if (!/^\d{1,9}$/.test(requested)) throw notFound();
    const found = await getMechanismVersionByNumber(Number(requested));
    if (!found) throw notFound();
    shown = found;
  }
  const previous = shown.version > 1 ? await getMechanismVersionByNumber(shown.version - 1) : null;
  const history = await listMechanismVersions();
  const entry = history.find((h) => h.version === shown.version);
  const saved = Number(params.get("saved"));
  return json({
    config: shown.config,
    version: shown.version,
    currentVersion: current.version,
    isCurrent: shown.version === current.version,
    savedLine:
      shown.createdAt === null
        ? t("mechanism.defaultProfile")
        : t("mechanism.savedAtBy", { at: formatDateTime(shown.createdAt), by: authorName(shown.createdById, entry?.createdByName) }),
    note: shown.note,
    changes: previous ? diffMechanism(previous.config, shown.config) : null,
    history: history.map((h) => ({
      version: h.version,
      savedAt: formatDateTime(h.createdAt),
      savedBy: authorName(h.createdById, h.createdByName),
      note: h.note ?? "",
    })),
    canEdit: hasPermission(user, "config:edit"),
    notice: Number.isInteger(saved) && saved > 0 && saved === current.version ? t("mechanism.savedNotice", { version: saved }) : null,
  });
}

export default function MechanismPage() {
  const data = useLoaderData<typeof loader>();
  return (
    <div className="mx-auto max-w-5xl space-y-4">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">{t("mechanism.title")}</h1>
          <p className="mt-1 text-sm text-gray-600" data-testid="mechanism-version">
            {data.isCurrent ? t("mechanism.versionLine", { version: data.version }) : t("mechanism.oldVersionLine", { version: data.version })}
            {" · "}
            {data.savedLine}
          </p>
          {data.note ? <p className="mt-1 text-sm text-gray-600">{t("mechanism.note", { note: data.note })}</p> : null}
        </div>
        <div className="no-print flex gap-2">
          {data.canEdit && data.isCurrent ? (
            <Link to="/mechanism/edit" className="btn-primary">
              {t("mechanism.editRules")}
            </Link>
          ) : null}
          <button type="button" className="btn-secondary" onClick={() => window.print()}>
            {t("mechanism.printPage")}
          </button>
        </div>
      </div>

      {data.notice ? (
        <p className="no-print rounded-md bg-green-50 px-3 py-2 text-sm text-green-800" role="status" data-testid="notice">
          {data.notice}
        </p>
      ) : null}
      {data.isCurrent ? null : (
        <div className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900" role="note" data-testid="old-version">
          {t("mechanism.viewingOld", { version: data.version })}{" "}
          <Link to="/mechanism" className="no-print font-medium text-blue-700 hover:underline">
            {t("mechanism.backToCurrent")}
          </Link>
        </div>
      )}

      <p className="card text-sm leading-relaxed text-gray-700">{t("mechanism.intro")}</p>

      <MechanismRules config={data.config} />

      {data.changes ? (
        <section className="card break-inside-avoid" aria-labelledby="mech-changes">
          <h2 id="mech-changes" className="mb-2 text-lg font-semibold">
            {t("mechanism.changesTitle", { version: data.version - 1 })}
          </h2>
          {data.changes.length === 0 ? (
            <p className="text-sm text-gray-600">{t("mechanism.noChanges")}</p>
          ) : (
            <ul className="list-disc space-y-1 pl-5 text-sm" data-testid="version-changes">
              {data.changes.map((c) => (
                <li key={c.label}>{t("mechanism.change", { label: c.label, before: c.before, after: c.after })}</li>
              ))}
            </ul>
          )}
        </section>
      ) : null}

      <section className="card no-print" aria-labelledby="mech-history">
        <h2 id="mech-history" className="mb-2 text-lg font-semibold">
          {t("mechanism.historyTitle")}
        </h2>
        {data.history.length === 0 ? (
          <p className="text-sm text-gray-600">{t("common.empty")}</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="data-table" data-testid="mechanism-history">
              <thead>
                <tr>
                  <th scope="col">{t("mechanism.colVersion")}</th>
                  <th scope="col">{t("mechanism.colSavedAt")}</th>
                  <th scope="col">{t("mechanism.colSavedBy")}</th>
                  <th scope="col">{t("mechanism.colNote")}</th>
                  <th scope="col">
                    <span className="sr-only">{t("common.actions")}</span>
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-gray-100">
                {data.history.map((h) => (
                  <tr key={h.version} className={h.version === data.version ? "bg-blue-50" : undefined}>
                    <td className="tabular-nums whitespace-nowrap">
                      {h.version}
                      {h.version === data.currentVersion ? <span className="ml-2 rounded bg-green-100 px-1.5 text-xs text-green-800">{t("mechanism.inForce")}</span> : null}
                    </td>
                    <td className="tabular-nums whitespace-nowrap">{h.savedAt}</td>
                    <td>{h.savedBy}</td>
                    <td>{h.note}</td>
                    <td className="whitespace-nowrap">
                      {h.version === data.version ? (
                        <span className="text-gray-500">{t("mechanism.viewing")}</span>
                      ) : (
                        <Link to={h.version === data.currentVersion ? "/mechanism" : `/mechanism?version=${h.version}`} className="text-blue-700 hover:underline">
                          {t("mechanism.view")}
                        </Link>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
