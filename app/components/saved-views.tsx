// 我的视图: the user's saved filter + sort combinations of a list page, applied with one click
// (a link to the saved query string), saved and deleted through the page's own action.
import { Link, useLocation } from "@remix-run/react";
import { t } from "#app/i18n";
import { SAVED_VIEW_NAME_MAX } from "#app/schemas/saved-view";
import { ConfirmDialog } from "./ui/confirm-dialog";

export type SavedViewItem = { id: string; name: string; query: string };

/** What the list's action (savedViewAction) answered, if it just ran. */
export type SavedViewResult = { intent: unknown; ok: boolean; errors: unknown; notice: string | null };

type SavedViewsProps = {
  basePath: string;
  views: SavedViewItem[];
  /** The current query string cleaned as a view would store it, to mark the active view. */
  currentQuery: string;
  result?: SavedViewResult;
};

export function SavedViews({ basePath, views, currentQuery, result }: SavedViewsProps) {
  const { search } = useLocation();
  // A refused name reopens the save dialog with the message under the field.
  const reopenSave = result?.intent === "saveView" && !result.ok;
  const nameError = reopenSave ? (result.errors as Record<string, string[] | undefined>).name : null;
  return (
    <>
      <section className="no-print flex flex-wrap items-center gap-2 text-sm" aria-label={t("lists.savedViews")}>
        <span className="font-medium text-gray-700">{t("lists.savedViews")}：</span>
        {views.length === 0 ? <span className="text-gray-500">{t("lists.savedViewsEmpty")}</span> : null}
        <ul className="flex flex-wrap items-center gap-2">
          {views.map((view) => {
            const active = view.query === currentQuery;
            return (
              <li key={view.id} className={`inline-flex items-center rounded-full border ${active ? "border-red-300 bg-red-50" : "border-gray-300 bg-white"}`}>
                <Link to={`${basePath}${view.query ? `?${view.query}` : ""}`} className="px-3 py-0.5 hover:underline" aria-current={active ? "page" : undefined} data-testid="saved-view">
                  {view.name}
                </Link>
                <details className="relative">
                  <summary className="cursor-pointer list-none px-1.5 text-gray-400 hover:text-red-700" aria-label={t("lists.deleteViewLabel", { name: view.name })}>
                    ×
                  </summary>
                  <div className="absolute left-0 z-20 mt-1 w-56 rounded-md border border-gray-200 bg-white p-2 shadow-lg">
                    <ConfirmDialog
                      label={t("lists.deleteView")}
                      title={t("lists.deleteViewTitle")}
                      message={t("lists.deleteViewConfirm", { name: view.name })}
                      intent="deleteView"
                      tone="danger"
                    >
                      <input type="hidden" name="viewId" value={view.id} />
                    </ConfirmDialog>
                  </div>
                </details>
              </li>
            );
          })}
        </ul>
        <ConfirmDialog label={t("lists.saveView")} title={t("lists.saveViewTitle")} message={t("lists.saveViewMessage")} intent="saveView" confirmLabel={t("common.save")} reopen={reopenSave}>
          <div>
            <label htmlFor="saved-view-name" className="label">
              {t("lists.viewName")}
            </label>
            <input
              id="saved-view-name"
              name="name"
              className="input"
              required
              maxLength={SAVED_VIEW_NAME_MAX}
              aria-invalid={nameError?.length ? true : undefined}
              aria-describedby={nameError?.length ? "saved-view-name-error" : undefined}
            />
            {nameError?.length ? (
              <p id="saved-view-name-error" className="field-error" role="alert">
                {nameError.join("；")}
              </p>
            ) : null}
          </div>
          <input type="hidden" name="query" value={search} />
        </ConfirmDialog>
      </section>
      {result?.notice ? (
        <p className={`no-print text-sm ${result.ok ? "text-green-700" : "text-red-700"}`} role="status">
          {result.notice}
        </p>
      ) : null}
    </>
  );
}
