import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { Fragment, useState } from "react";
import { GeneralErrorBoundary } from "#app/components/error-boundary";
import { PagedTable } from "#app/components/ui/list-controls";
import { t } from "#app/i18n";
import { AUDIT_ACTIONS, AUDIT_ENTITIES, auditActionLabel, auditEntityLabel, listAuditLog, prettyAuditImage } from "#app/models/audit.server";
import { AUDIT_FILTER_PARAMS, readAuditFilters } from "#app/schemas/audit";
import { requireUser } from "#app/utils/auth.server";
import { formatDateTime } from "#app/utils/datetime";
import { readListParams } from "#app/utils/list-params";

export const meta: MetaFunction = () => [{ title: `${t("audit.title")} - ${t("common.appName")}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "audit:read" });
  const params = new URL(request.url).searchParams;
  const { filters, errors } = readAuditFilters(params);
  const list = readListParams(params, ["at"] as const, { sort: "at", dir: "desc" });
  const { total, rows } = await listAuditLog(filters, { skip: list.skip, take: list.pageSize });
  const exportQuery = new URLSearchParams();
  for (const name of AUDIT_FILTER_PARAMS) {
    const value = params.get(name)?.trim();
    if (value) exportQuery.set(name, value);
  }
  return json({
    total,
    page: list.page,
    pageSize: list.pageSize,
    errors,
    exportHref: `/audit/export${exportQuery.size ? `?${exportQuery}` : ""}`,
    actions: AUDIT_ACTIONS.map((a) => ({ value: a, label: auditActionLabel(a) })),
    entities: AUDIT_ENTITIES.map((e) => ({ value: e, label: auditEntityLabel(e) })),
    rows: rows.map((r) => ({
      id: r.id,
      at: formatDateTime(r.at),
      actor: r.actorName ?? "",
      action: r.action,
      actionLabel: auditActionLabel(r.action),
      entity: auditEntityLabel(r.entity),
      entityId: r.entityId ?? "",
      ip: r.ip ?? "",
      userAgent: r.userAgent ?? "",
      detail: r.detail ?? "",
      before: prettyAuditImage(r.before),
      after: prettyAuditImage(r.after),
    })),
  });
}

const ACTION_STYLE: Record<string, string> = {
  LOGIN_FAILURE: "text-red-700",
  DELETE: "text-red-700",
  EXPORT: "text-blue-700",
};

export default function AuditPage() {
  const data = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const [open, setOpen] = useState<ReadonlySet<number>>(new Set());
  const toggle = (id: number) =>
    setOpen((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const value = (name: string) => searchParams.get(name) ?? "";
  const COLUMNS = 9;

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-xl font-semibold">{t("audit.title")}</h1>
          <p className="mt-1 text-sm text-gray-600">{t("audit.intro")}</p>
        </div>
        <a href={data.exportHref} className="btn-secondary" title={t("audit.exportHint")} data-testid="audit-export" download>
          {t("audit.exportXlsx")}
        </a>
      </div>

      <Form method="get" className="card grid gap-3 sm:grid-cols-2 lg:grid-cols-4" role="search" aria-label={t("common.filter")}>
        <div>
          <label htmlFor="audit-from" className="label">
            {t("audit.from")}
          </label>
          <input id="audit-from" name="from" type="date" className="input" defaultValue={value("from")} aria-invalid={data.errors.from ? true : undefined} aria-describedby={data.errors.from ? "audit-from-error" : undefined} />
          {data.errors.from ? (
            <p id="audit-from-error" className="field-error" role="alert">
              {data.errors.from}
            </p>
          ) : null}
        </div>
        <div>
          <label htmlFor="audit-to" className="label">
            {t("audit.to")}
          </label>
          <input id="audit-to" name="to" type="date" className="input" defaultValue={value("to")} aria-invalid={data.errors.to ? true : undefined} aria-describedby={data.errors.to ? "audit-to-error" : undefined} />
          {data.errors.to ? (
            <p id="audit-to-error" className="field-error" role="alert">
              {data.errors.to}
            </p>
          ) : null}
        </div>
        <div>
          <label htmlFor="audit-actor" className="label">
            {t("audit.actor")}
          </label>
          <input id="audit-actor" name="actor" type="text" className="input" defaultValue={value("actor")} placeholder={t("audit.actorHint")} />
        </div>
        <div>
          <label htmlFor="audit-action" className="label">
            {t("audit.action")}
          </label>
          <select id="audit-action" name="action" className="input" defaultValue={value("action")}>
            <option value="">{t("audit.allActions")}</option>
            {data.actions.map((a) => (
              <option key={a.value} value={a.value}>
                {a.label}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="audit-entity" className="label">
            {t("audit.entity")}
          </label>
          <select id="audit-entity" name="entity" className="input" defaultValue={value("entity")}>
            <option value="">{t("audit.allEntities")}</option>
            {data.entities.map((e) => (
              <option key={e.value} value={e.value}>
                {e.label}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="audit-entity-id" className="label">
            {t("audit.entityId")}
          </label>
          <input id="audit-entity-id" name="entityId" type="text" className="input font-mono" defaultValue={value("entityId")} />
        </div>
        <div>
          <label htmlFor="audit-ip" className="label">
            {t("audit.ip")}
          </label>
          <input id="audit-ip" name="ip" type="text" className="input font-mono" defaultValue={value("ip")} inputMode="decimal" />
        </div>
        <div>
          <label htmlFor="audit-q" className="label">
            {t("audit.detail")}
          </label>
          <input id="audit-q" name="q" type="search" className="input" defaultValue={value("q")} placeholder={t("audit.detailHint")} />
        </div>
        <div className="flex gap-2 sm:col-span-2 lg:col-span-4">
          <button type="submit" className="btn-primary">
            {t("common.filter")}
          </button>
          <Link to="/audit" className="btn-secondary">
            {t("common.reset")}
          </Link>
        </div>
      </Form>

      <PagedTable
        list={data}
        rowCount={data.rows.length}
        caption={t("audit.tableCaption")}
        testId="audit-table"
        head={
          <>
            <th scope="col" aria-sort="descending">
              {t("audit.time")}
            </th>
            <th scope="col">{t("audit.actor")}</th>
            <th scope="col">{t("audit.action")}</th>
            <th scope="col">{t("audit.entity")}</th>
            <th scope="col">{t("audit.entityId")}</th>
            <th scope="col">{t("audit.ip")}</th>
            <th scope="col">{t("audit.userAgent")}</th>
            <th scope="col">{t("audit.detail")}</th>
            <th scope="col">
              <span className="sr-only">{t("audit.showChanges")}</span>
            </th>
          </>
        }
      >
        {data.rows.map((r) => {
          const expanded = open.has(r.id);
          const hasImages = r.before !== null || r.after !== null;
          const panelId = `audit-changes-${r.id}`;
          return (
            <Fragment key={r.id}>
              <tr className="hover:bg-gray-50">
                <td className="whitespace-nowrap tabular-nums">{r.at}</td>
                <td className="whitespace-nowrap">{r.actor || "—"}</td>
                <td className={`whitespace-nowrap ${ACTION_STYLE[r.action] ?? ""}`}>{r.actionLabel}</td>
                <td className="whitespace-nowrap">{r.entity}</td>
                <td className="font-mono text-xs">{r.entityId}</td>
                <td className="whitespace-nowrap font-mono text-xs">{r.ip}</td>
                <td className="max-w-48 truncate text-xs text-gray-600" title={r.userAgent}>
                  {r.userAgent}
                </td>
                <td className="max-w-64 break-words text-xs">{r.detail}</td>
                <td>
                  {hasImages ? (
                    <button type="button" className="btn-secondary whitespace-nowrap" aria-expanded={expanded} aria-controls={panelId} onClick={() => toggle(r.id)}>
                      {expanded ? t("audit.hideChanges") : t("audit.showChanges")}
                    </button>
                  ) : null}
                </td>
              </tr>
              {hasImages ? (
                <tr id={panelId} hidden={!expanded} className="bg-gray-50">
                  <td colSpan={COLUMNS}>
                    <div className="grid gap-3 md:grid-cols-2">
                      {(
                        [
                          ["audit.before", r.before],
                          ["audit.after", r.after],
                        ] as const
                      ).map(([label, image]) => (
                        <div key={label}>
                          <p className="mb-1 text-xs font-medium text-gray-600">{t(label)}</p>
                          <pre className="max-h-96 overflow-auto rounded border border-gray-200 bg-white p-2 text-xs leading-relaxed">{image ?? t("audit.noImage")}</pre>
                        </div>
                      ))}
                    </div>
                  </td>
                </tr>
              ) : null}
            </Fragment>
          );
        })}
      </PagedTable>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
