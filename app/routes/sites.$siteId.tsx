// /sites/:id — a carrier: its facts, availability, every project it was offered to (推荐 → 确定 /
// 放弃; projects outside the user's scope only as "其他项目") with their 踏勘 visits, and, for
// officers, edit and delete (asked first; refused while a project holds it).
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "#app/components/error-boundary";
import { Availability } from "#app/components/site-availability";
import { ConfirmDialog } from "#app/components/ui/confirm-dialog";
import { type MessageKey, t } from "#app/i18n";
import { deleteSite, getSiteForUser } from "#app/models/site.server";
import { requireUser } from "#app/utils/auth.server";
import { formatDateTime } from "#app/utils/datetime";
import { hasPermission } from "#app/utils/permissions.server";
import { requestMeta } from "#app/utils/request-meta.server";
import { eiaLabel, formatPower, formatQuantity, formatSiteArea, siteKindLabel } from "#app/utils/site-display";
import { VersionConflict } from "#app/utils/version-conflict.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.site.name ?? t("sites.listTitle")} - ${t("common.appName")}` }];

const NOTICES = { created: "sites.noticeCreated", saved: "sites.noticeSaved" } as const satisfies Record<string, MessageKey>;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "pipeline:read" });
  const { site, availability, candidacies } = await getSiteForUser(user, params.siteId ?? "");
  const notice = new URL(request.url).searchParams.get("notice") ?? "";
  const q = (value: number | null, key: MessageKey) => (value === null ? null : t(key, { value: formatQuantity(value) }));
  return json({
    notice: notice in NOTICES ? t(NOTICES[notice as keyof typeof NOTICES]) : null,
    canWrite: hasPermission(user, "pipeline:write"),
    site: {
      id: site.id,
      name: site.name,
      version: site.version,
      kind: siteKindLabel(site.kind),
      region: site.region.name,
      address: site.address,
      facts: [
        { label: t("sites.columnArea"), value: formatSiteArea(site) },
        { label: t("sites.field_floors"), value: site.floors === null ? t("sites.none") : String(site.floors) },
        { label: t("sites.field_powerKva"), value: formatPower(site.powerKva) },
        { label: t("sites.field_waterTonsPerDay"), value: q(site.waterTonsPerDay, "sites.waterValue") ?? t("sites.none") },
        { label: t("sites.field_maxEiaCategory"), value: eiaLabel(site.maxEiaCategory) },
        { label: t("sites.field_landPriceWanPerMu"), value: q(site.landPriceWanPerMu, "sites.landPriceValue") ?? t("sites.none") },
        { label: t("sites.field_rentYuanPerSqmMonth"), value: q(site.rentYuanPerSqmMonth, "sites.rentValue") ?? t("sites.none") },
        { label: t("sites.updatedAt"), value: formatDateTime(site.updatedAt) },
      ],
      notes: site.notes,
    },
    availability,
    candidacies,
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { permission: "pipeline:write" });
  const siteId = params.siteId ?? "";
  const form = await request.formData();
  if (form.get("intent") !== "delete") throw new Response(t("common.badRequestTitle"), { status: 400 });
  const version = Number(form.get("version"));
  try {
    const outcome = await deleteSite(user, siteId, Number.isInteger(version) && version > 0 ? version : null, requestMeta(request));
    if (!outcome.ok) return json({ error: outcome.message }, { status: 400 });
  } catch (error) {
    if (error instanceof VersionConflict) return json({ error: t("sites.deleteConflict") }, { status: 409 });
    throw error;
  }
  throw redirect("/sites?notice=deleted");
}

export default function SitePage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { site } = data;
  return (
    <div className="mx-auto max-w-4xl space-y-4">
      <nav className="text-sm" aria-label="breadcrumb">
        <Link to="/sites" className="text-blue-700 hover:underline">
          {t("sites.listTitle")}
        </Link>
        <span className="mx-1 text-gray-400">/</span>
        <span>{site.name}</span>
      </nav>
      {data.notice ? (
        <p className="rounded-md bg-green-50 px-3 py-2 text-sm text-green-800" role="status" data-testid="notice">
          {data.notice}
        </p>
      ) : null}
      {actionData?.error ? (
        <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900" role="alert">
          {actionData.error}
        </p>
      ) : null}

      <header className="card space-y-3">
        <p className="flex flex-wrap gap-2 text-sm text-gray-600">
          <span className="rounded bg-gray-100 px-1.5 py-0.5">{site.kind}</span>
          <span>{site.region}</span>
          {site.address ? <span>{site.address}</span> : null}
        </p>
        <h1 className="text-xl font-semibold break-words sm:text-2xl" data-testid="site-name">
          {site.name}
        </h1>
        <Availability availability={data.availability} />
        {data.canWrite ? (
          <div className="flex flex-wrap gap-2" role="group" aria-label={t("common.actions")}>
            <Link to={`/sites/${site.id}/edit`} className="btn-secondary min-h-11">
              {t("common.edit")}
            </Link>
            <ConfirmDialog label={t("common.delete")} title={t("sites.deleteTitle")} message={t("sites.deleteConfirm", { name: site.name })} intent="delete" tone="danger">
              <input type="hidden" name="version" value={site.version} />
            </ConfirmDialog>
          </div>
        ) : (
          <p className="text-sm text-gray-500">{t("sites.readOnlyNote")}</p>
        )}
      </header>

      <section className="card" aria-labelledby="facts-title">
        <h2 id="facts-title" className="mb-2 font-medium">
          {t("sites.factsTitle")}
        </h2>
        <dl className="grid grid-cols-[minmax(7rem,auto)_1fr] gap-x-4 gap-y-1.5 text-sm">
          {site.facts.map((f) => (
            <div key={f.label} className="contents">
              <dt className="text-gray-500">{f.label}</dt>
              <dd>{f.value}</dd>
            </div>
          ))}
        </dl>
        {site.notes ? <p className="mt-3 text-sm whitespace-pre-line text-gray-700">{site.notes}</p> : null}
      </section>

      <section className="space-y-3" aria-labelledby="candidacies-title">
        <h2 id="candidacies-title" className="font-medium">
          {t("sites.candidaciesTitle")}
        </h2>
        {data.candidacies.length === 0 ? <p className="card text-sm text-gray-500">{t("sites.candidaciesEmpty")}</p> : null}
        {data.candidacies.map((c) => (
          <article key={c.id} className="card space-y-2" data-testid="candidacy" data-status={c.status}>
            <header className="flex flex-wrap items-center gap-2 text-sm">
              {c.project ? (
                <Link to={`/projects/${c.project.id}?tab=sites`} className="font-medium text-blue-700 hover:underline">
                  {c.project.code} {c.project.name}
                </Link>
              ) : (
                <span className="font-medium text-gray-600">{t("sites.otherProject")}</span>
              )}
              <span className="rounded bg-gray-100 px-1.5 py-0.5 text-xs">{c.statusLabel}</span>
              <span className="text-xs text-gray-500">{t("sites.statusSince", { date: c.statusAt })}</span>
            </header>
            {c.overrideReason ? <p className="text-xs text-gray-700">{t("sites.overrideReasonLine", { reason: c.overrideReason })}</p> : null}
            {c.statusReason ? <p className="text-xs text-gray-700">{t("sites.statusReasonLine", { reason: c.statusReason })}</p> : null}
            {c.proposedBy ? <p className="text-xs text-gray-500">{t("sites.proposedByLine", { name: c.proposedBy })}</p> : null}
            {c.visits.length ? (
              <ol className="space-y-1.5" data-testid="visits">
                {c.visits.map((v) => (
                  <li key={v.id} className="border-l-2 border-blue-200 pl-2 text-sm">
                    <p className="text-xs text-gray-500">
                      {v.visitedAt} · {v.participants}
                    </p>
                    {v.impressions ? <p className="break-words whitespace-pre-line">{v.impressions}</p> : null}
                  </li>
                ))}
              </ol>
            ) : null}
          </article>
        ))}
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
