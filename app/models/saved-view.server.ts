// Saved views are personal: every read and write is restricted to the signed-in user's rows
// inside `where`, so one user can neither see nor delete another's. Saving under an existing
// name replaces that view's query. Changes are audited like any other record.
import { type SavedViewList } from "#app/schemas/saved-view";
import { writeAudit } from "#app/utils/audit.server";
import { prisma } from "#app/utils/db.server";
import { type SessionUser } from "#app/utils/permissions.server";
import { type RequestMeta } from "#app/utils/request-meta.server";

const VIEW_SELECT = { id: true, name: true, query: true, list: true } as const;

export type SavedViewRow = { id: string; name: string; query: string };

export async function listSavedViews(user: SessionUser, list: SavedViewList): Promise<SavedViewRow[]> {
  // Raw: read on every list page, and Prisma's query compiler costs more than the query.
  return prisma.$queryRaw<SavedViewRow[]>`SELECT v."id" AS "id", v."name" AS "name", v."query" AS "query" FROM "SavedView" v WHERE v."userId" = ${user.id} AND v."list" = ${list} ORDER BY v."name"`;
}

/** Creates the view, or replaces the query of the user's view of that name. */
export async function saveView(user: SessionUser, list: SavedViewList, input: { name: string; query: string }, meta?: RequestMeta): Promise<SavedViewRow> {
  return prisma.$transaction(async (tx) => {
    const where = { userId_list_name: { userId: user.id, list, name: input.name } };
    const before = await tx.savedView.findUnique({ where, select: VIEW_SELECT });
    const saved = before
      ? await tx.savedView.update({ where, data: { query: input.query }, select: VIEW_SELECT })
      : await tx.savedView.create({ data: { userId: user.id, list, name: input.name, query: input.query }, select: VIEW_SELECT });
    await writeAudit({ actor: user, action: before ? "UPDATE" : "CREATE", entity: "SavedView", entityId: saved.id, before: before ?? undefined, after: saved, meta }, tx);
    return { id: saved.id, name: saved.name, query: saved.query };
  });
}

/** Deletes one of the user's own views; false when there is none with that id. */
export async function deleteSavedView(user: SessionUser, viewId: string, meta?: RequestMeta): Promise<boolean> {
  return prisma.$transaction(async (tx) => {
    const before = await tx.savedView.findFirst({ where: { id: viewId, userId: user.id }, select: VIEW_SELECT });
    if (!before) return false;
    await tx.savedView.delete({ where: { id: before.id } });
    await writeAudit({ actor: user, action: "DELETE", entity: "SavedView", entityId: before.id, before, meta }, tx);
    return true;
  });
}
