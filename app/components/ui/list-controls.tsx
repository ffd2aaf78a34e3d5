// Shared pieces of every list page: result count, pager, sortable column headers, and the paged
// table that puts them together.
import { Link, useLocation } from "@remix-run/react";
import { createContext, useContext, type ReactNode } from "react";
import { formatNumber } from "#app/domain/money";
import { t } from "#app/i18n";
import { pageCount, withParams, type SortDir } from "#app/utils/list-params";

export function ResultCount({ total }: { total: number }) {
  return (
    <p className="text-sm text-gray-600" data-testid="result-count">
      {t("common.total", { count: formatNumber(total, 3) })}
    </p>
  );
}

export function Pager({ total, page, pageSize }: { total: number; page: number; pageSize: number }) {
  const { search } = useLocation();
  const pages = pageCount(total, pageSize);
  if (pages <= 1) return null;
  return (
    <nav className="no-print flex items-center gap-3 text-sm" aria-label={t("common.pagination")}>
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

/** The list's current sort, for the SortHeaders inside a PagedTable. */
const SortContext = createContext<{ sort: string; dir: SortDir } | null>(null);

/** A column header that sorts the list by `column`; sort and dir default to the PagedTable's. */
export function SortHeader({ column, children, ...current }: { column: string; sort?: string; dir?: SortDir; children: ReactNode }) {
  const { search } = useLocation();
  const context = useContext(SortContext);
  const sort = current.sort ?? context?.sort;
  const dir = current.dir ?? context?.dir ?? "asc";
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

/**
 * The body of a paged list page: the count and the pager, then the table — or, when the page has
 * no rows, the empty state (`empty`, default 暂无数据) — then the pager again. `head` holds the
 * header cells (SortHeaders take the list's sort from here), `children` the rows.
 */
export function PagedTable({
  list,
  rowCount,
  caption,
  testId,
  empty,
  head,
  children,
}: {
  /** The list's paging and, when it sorts, its sort (as the loaders return them). */
  list: { total: number; page: number; pageSize: number; sort?: string; dir?: SortDir };
  rowCount: number;
  caption: string;
  testId: string;
  empty?: ReactNode;
  head: ReactNode;
  children: ReactNode;
}) {
  const { total, page, pageSize } = list;
  const sort = list.sort && list.dir ? { sort: list.sort, dir: list.dir } : null;
  return (
    <>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <ResultCount total={total} />
        <Pager total={total} page={page} pageSize={pageSize} />
      </div>
      {rowCount === 0 ? (
        <div className="card">
          <EmptyState>{empty}</EmptyState>
        </div>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-gray-200 bg-white print:overflow-visible">
          <table className="data-table" data-testid={testId}>
            <caption className="sr-only">{caption}</caption>
            <thead>
              <SortContext.Provider value={sort}>
                <tr>{head}</tr>
              </SortContext.Provider>
            </thead>
            <tbody className="divide-y divide-gray-100">{children}</tbody>
          </table>
        </div>
      )}
      <div className="flex justify-end">
        <Pager total={total} page={page} pageSize={pageSize} />
      </div>
    </>
  );
}
