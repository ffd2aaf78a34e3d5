// The action half of 我的视图 on a list page (SavedViews component): save the current query under
// a name, or delete one of the user's views. Shared by every list that offers saved views.
import { parseWithZod } from "@conform-to/zod";
import { json } from "@remix-run/node";
import { t } from "#app/i18n";
import { deleteSavedView, saveView } from "#app/models/saved-view.server";
import { DeleteViewSchema, SaveViewSchema, cleanViewQuery, type SavedViewList } from "#app/schemas/saved-view";
import { type SessionUser } from "./permissions.server";
import { requestMeta } from "./request-meta.server";

/** Handles intent saveView / deleteView; `allowed`: the query parameters a view of this list keeps. */
export async function savedViewAction(request: Request, user: SessionUser, list: SavedViewList, allowed: readonly string[]) {
  const form = await request.formData();
  const intent = form.get("intent");
  if (intent === "saveView") {
    const submission = parseWithZod(form, { schema: SaveViewSchema });
    if (submission.status !== "success") {
      return json({ intent, ok: false as const, errors: submission.error ?? {}, notice: null }, { status: 400 });
    }
    const saved = await saveView(user, list, { name: submission.value.name, query: cleanViewQuery(submission.value.query, allowed) }, requestMeta(request));
    return json({ intent, ok: true as const, errors: {}, notice: t("lists.viewSaved", { name: saved.name }) });
  }
  if (intent === "deleteView") {
    const submission = parseWithZod(form, { schema: DeleteViewSchema });
    const deleted = submission.status === "success" && (await deleteSavedView(user, submission.value.viewId, requestMeta(request)));
    if (!deleted) return json({ intent, ok: false as const, errors: {}, notice: t("lists.viewNotFound") }, { status: 404 });
    return json({ intent, ok: true as const, errors: {}, notice: t("lists.viewDeleted") });
  }
  return json({ intent: null, ok: false as const, errors: {}, notice: null }, { status: 400 });
}
