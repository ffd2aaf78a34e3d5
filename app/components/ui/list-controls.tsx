// Shared pieces of every list page: result count, pager and sortable column headers.
import { Link, useLocation } from "@remix-run/react";
import { type ReactNode } from "react";
import { t } from "#app/i18n";
import { pageCount, withParams, type SortDir } from "#app/utils/list-params";

export function ResultCount({ total }: { total: number }) {
  return (
    <p className="text-sm text-gray-600" data-testid="result-count">
      {t("common.total", { count: total.toLocaleString("zh-CN") })}
    </p>
  );
}

export function Pager({ total, page, pageSize }: { total: number; page: number; pageSize: number }) {
  const { search } = useLocation();
  const pages = pageCount(total, pageSize);
  if (pages <= 1) return null;
  return (
    <nav className="no-print flex items-center gap-3 text-sm" aria-label="分页">
      {page > 1 ? (
        <Link className="btn-secondary" to={withParams(search, { page: String(page - 1) })} rel="prev">
          {t("common.prevPage")}
        </Link>
      ) : null}
      <span>{t("common.page", { page, pages })}</span>
      {page < pages ? (
        <Link className="btn-secondary" to={withParams(search, { page: String(page + 1) })} rel="next">
          {t("common.nextPage")}
        </Link>
      ) : null}
    </nav>
  );
}

export function SortHeader({ column, sort, dir, children }: { column: string; sort: string; dir: SortDir; children: ReactNode }) {
  const { search } = useLocation();
  const active = sort === column;
  const nextDir = active && dir === "asc" ? "desc" : "asc";
  return (
    <th scope="col" aria-sort={active ? (dir === "asc" ? "ascending" : "descending") : "none"}>
      <Link to={withParams(search, { sort: column, dir: nextDir })} className="inline-flex items-center gap-1 hover:text-gray-900">
        {children}
        <span aria-hidden="true" className="text-xs">
          {active ? (dir === "asc" ? "▲" : "▼") : "↕"}
        </span>
      </Link>
    </th>
  );
}

export function EmptyState({ children }: { children?: ReactNode }) {
  return <p className="py-10 text-center text-sm text-gray-500">{children ?? t("common.empty")}</p>;
}
