// The industry-chain dictionary (产业链 and 环节): what company and project forms offer, and
// the admin's edits at /admin/chains. Entries are never removed, only retired (deletedAt), so
// companies and projects tagged with them keep their history; every edit is audited.
import { reorderedIds, type MoveDirection } from "#app/domain/reorder";
import { type MessageKey } from "#app/i18n";
import { writeAudit } from "#app/utils/audit.server";
import { prisma, isUniqueViolation, type DbTx } from "#app/utils/db.server";
import { now } from "#app/utils/clock";
import { type SessionUser } from "#app/utils/permissions.server";
import { type RequestMeta } from "#app/utils/request-meta.server";

export type ChainOption = { id: string; name: string; links: { id: string; name: string }[] };

/** Live chains with their live links, in the admin's order: the choices of every form. */
export async function chainOptions(db: DbTx = prisma): Promise<ChainOption[]> {
  const chains = await db.industryChain.findMany({
    where: { deletedAt: null },
    orderBy: [{ sortOrder: "asc" }, { name: "asc" }],
    select: {
      id: true,
      name: true,
      links: { where: { deletedAt: null }, orderBy: [{ sortOrder: "asc" }, { name: "asc" }], select: { id: true, name: true } },
    },
  });
  return chains;
}

/** "产业链 · 环节" of a link (retired ones too), for a list filtered by it; null if unknown. */
export async function chainLinkLabel(linkId: string, db: DbTx = prisma): Promise<string | null> {
  const link = await db.chainLink.findUnique({ where: { id: linkId }, select: { name: true, chain: { select: { name: true } } } });
  return link ? `${link.chain.name} · ${link.name}` : null;
}

export type ChainChoice = { ok: true; chainId: string | null; linkId: string | null } | { ok: false; field: "chainId" | "linkId"; message: MessageKey };

/**
 * Checks a chain/link pair chosen in a form: both live (a retired entry is accepted only when
 * the record already carries it), and the link one of the chain's.
 */
export async function resolveChainChoice(
  db: DbTx,
  input: { chainId?: string | null; linkId?: string | null },
  current: { chainId: string | null; linkId: string | null } = { chainId: null, linkId: null },
): Promise<ChainChoice> {
  const chainId = input.chainId || null;
  const linkId = input.linkId || null;
  if (!chainId) return linkId ? { ok: false, field: "chainId", message: "companies.chainRequiredForLink" } : { ok: true, chainId: null, linkId: null };
  const chain = await db.industryChain.findUnique({ where: { id: chainId }, select: { id: true, deletedAt: true } });
  if (!chain || (chain.deletedAt && chainId !== current.chainId)) return { ok: false, field: "chainId", message: "companies.chainNotFound" };
  if (!linkId) return { ok: true, chainId, linkId: null };
  const link = await db.chainLink.findUnique({ where: { id: linkId }, select: { chainId: true, deletedAt: true } });
  if (!link || link.chainId !== chainId || (link.deletedAt && linkId !== current.linkId)) return { ok: false, field: "linkId", message: "companies.linkNotInChain" };
  return { ok: true, chainId, linkId };
}

// ───────────────────────────── administration ─────────────────────────────

export type AdminChain = {
  id: string;
  name: string;
  sortOrder: number;
  isTarget: boolean;
  deletedAt: Date | null;
  companyCount: number;
  links: { id: string; name: string; sortOrder: number; deletedAt: Date | null }[];
};

/** Every chain and link, retired ones included, with how many live companies use each chain. */
export async function listChainsForAdmin(): Promise<AdminChain[]> {
  const [chains, counts] = await Promise.all([
    prisma.industryChain.findMany({
      orderBy: [{ sortOrder: "asc" }, { name: "asc" }],
      select: {
        id: true,
        name: true,
        sortOrder: true,
        isTarget: true,
        deletedAt: true,
        links: { orderBy: [{ sortOrder: "asc" }, { name: "asc" }], select: { id: true, name: true, sortOrder: true, deletedAt: true } },
      },
    }),
    prisma.company.groupBy({ by: ["chainId"], where: { deletedAt: null, chainId: { not: null } }, _count: { _all: true } }),
  ]);
  const byChain = new Map(counts.map((c) => [c.chainId, c._count._all]));
  return chains.map((c) => ({ ...c, companyCount: byChain.get(c.id) ?? 0 }));
}

export type ChainOutcome = { ok: true; id: string } | { ok: false; field: "name" | "id"; message: MessageKey };

const CHAIN_AUDIT = { id: true, name: true, sortOrder: true, isTarget: true, deletedAt: true } as const;
const LINK_AUDIT = { id: true, chainId: true, name: true, sortOrder: true, deletedAt: true } as const;

/** A name already taken: say whether by a retired entry, which the admin may restore instead. */
async function nameTaken(retired: boolean, kind: "chain" | "link"): Promise<ChainOutcome> {
  if (kind === "chain") return { ok: false, field: "name", message: retired ? "companies.chainNameRetired" : "companies.chainNameTaken" };
  return { ok: false, field: "name", message: retired ? "companies.linkNameRetired" : "companies.linkNameTaken" };
}

export async function createChain(actor: SessionUser, input: { name: string; isTarget: boolean }, meta?: RequestMeta): Promise<ChainOutcome> {
  const name = input.name.trim();
  const existing = await prisma.industryChain.findUnique({ where: { name }, select: { deletedAt: true } });
  if (existing) return nameTaken(existing.deletedAt !== null, "chain");
  try {
    return await prisma.$transaction(async (tx) => {
      const last = await tx.industryChain.aggregate({ _max: { sortOrder: true } });
      const created = await tx.industryChain.create({ data: { name, isTarget: input.isTarget, sortOrder: (last._max.sortOrder ?? 0) + 1 }, select: CHAIN_AUDIT });
      await writeAudit({ actor, action: "CREATE", entity: "IndustryChain", entityId: created.id, after: created, meta }, tx);
      return { ok: true as const, id: created.id };
    });
  } catch (error) {
    if (isUniqueViolation(error)) return nameTaken(false, "chain");
    throw error;
  }
}

export async function updateChain(actor: SessionUser, chainId: string, input: { name: string; isTarget: boolean }, meta?: RequestMeta): Promise<ChainOutcome> {
  const name = input.name.trim();
  const clash = await prisma.industryChain.findFirst({ where: { name, id: { not: chainId } }, select: { deletedAt: true } });
  if (clash) return nameTaken(clash.deletedAt !== null, "chain");
  try {
    return await prisma.$transaction(async (tx) => {
      const before = await tx.industryChain.findUnique({ where: { id: chainId }, select: CHAIN_AUDIT });
      if (!before) return { ok: false as const, field: "id" as const, message: "common.notFoundBody" as const };
      const after = await tx.industryChain.update({ where: { id: chainId }, data: { name, isTarget: input.isTarget }, select: CHAIN_AUDIT });
      await writeAudit({ actor, action: "UPDATE", entity: "IndustryChain", entityId: chainId, before, after, meta }, tx);
      return { ok: true as const, id: chainId };
    });
  } catch (error) {
    if (isUniqueViolation(error)) return nameTaken(false, "chain");
    throw error;
  }
}

export async function setChainRetired(actor: SessionUser, chainId: string, retired: boolean, meta?: RequestMeta): Promise<boolean> {
  return prisma.$transaction(async (tx) => {
    const before = await tx.industryChain.findUnique({ where: { id: chainId }, select: CHAIN_AUDIT });
    if (!before || (before.deletedAt !== null) === retired) return false;
    const after = await tx.industryChain.update({ where: { id: chainId }, data: { deletedAt: retired ? now() : null }, select: CHAIN_AUDIT });
    await writeAudit({ actor, action: retired ? "DELETE" : "RESTORE", entity: "IndustryChain", entityId: chainId, before, after, meta }, tx);
    return true;
  });
}

export async function createLink(actor: SessionUser, chainId: string, input: { name: string }, meta?: RequestMeta): Promise<ChainOutcome> {
  const name = input.name.trim();
  const chain = await prisma.industryChain.findUnique({ where: { id: chainId }, select: { id: true } });
  if (!chain) return { ok: false, field: "id", message: "common.notFoundBody" };
  const existing = await prisma.chainLink.findUnique({ where: { chainId_name: { chainId, name } }, select: { deletedAt: true } });
  if (existing) return nameTaken(existing.deletedAt !== null, "link");
  try {
    return await prisma.$transaction(async (tx) => {
      const last = await tx.chainLink.aggregate({ where: { chainId }, _max: { sortOrder: true } });
      const created = await tx.chainLink.create({ data: { chainId, name, sortOrder: (last._max.sortOrder ?? 0) + 1 }, select: LINK_AUDIT });
      await writeAudit({ actor, action: "CREATE", entity: "ChainLink", entityId: created.id, after: created, meta }, tx);
      return { ok: true as const, id: created.id };
    });
  } catch (error) {
    if (isUniqueViolation(error)) return nameTaken(false, "link");
    throw error;
  }
}

export async function renameLink(actor: SessionUser, linkId: string, input: { name: string }, meta?: RequestMeta): Promise<ChainOutcome> {
  const name = input.name.trim();
  const link = await prisma.chainLink.findUnique({ where: { id: linkId }, select: { chainId: true } });
  if (!link) return { ok: false, field: "id", message: "common.notFoundBody" };
  const clash = await prisma.chainLink.findFirst({ where: { chainId: link.chainId, name, id: { not: linkId } }, select: { deletedAt: true } });
  if (clash) return nameTaken(clash.deletedAt !== null, "link");
  try {
    return await prisma.$transaction(async (tx) => {
      const before = await tx.chainLink.findUniqueOrThrow({ where: { id: linkId }, select: LINK_AUDIT });
      const after = await tx.chainLink.update({ where: { id: linkId }, data: { name }, select: LINK_AUDIT });
      await writeAudit({ actor, action: "UPDATE", entity: "ChainLink", entityId: linkId, before, after, meta }, tx);
      return { ok: true as const, id: linkId };
    });
  } catch (error) {
    if (isUniqueViolation(error)) return nameTaken(false, "link");
    throw error;
  }
}

export async function setLinkRetired(actor: SessionUser, linkId: string, retired: boolean, meta?: RequestMeta): Promise<boolean> {
  return prisma.$transaction(async (tx) => {
    const before = await tx.chainLink.findUnique({ where: { id: linkId }, select: LINK_AUDIT });
    if (!before || (before.deletedAt !== null) === retired) return false;
    const after = await tx.chainLink.update({ where: { id: linkId }, data: { deletedAt: retired ? now() : null }, select: LINK_AUDIT });
    await writeAudit({ actor, action: retired ? "DELETE" : "RESTORE", entity: "ChainLink", entityId: linkId, before, after, meta }, tx);
    return true;
  });
}

type OrderedRow = { id: string; sortOrder: number };

async function applyOrder(
  actor: SessionUser,
  entity: "IndustryChain" | "ChainLink",
  rows: OrderedRow[],
  id: string,
  direction: MoveDirection,
  write: (id: string, sortOrder: number) => Promise<unknown>,
  tx: DbTx,
  meta?: RequestMeta,
): Promise<boolean> {
  const order = reorderedIds(rows.map((r) => r.id), id, direction);
  if (!order) return false;
  for (const [i, rowId] of order.entries()) {
    const before = rows.find((r) => r.id === rowId)!;
    if (before.sortOrder === i + 1) continue;
    await write(rowId, i + 1);
    await writeAudit({ actor, action: "UPDATE", entity, entityId: rowId, before: { sortOrder: before.sortOrder }, after: { sortOrder: i + 1 }, detail: "reorder", meta }, tx);
  }
  return true;
}

export async function moveChain(actor: SessionUser, chainId: string, direction: MoveDirection, meta?: RequestMeta): Promise<boolean> {
  return prisma.$transaction(async (tx) => {
    const rows = await tx.industryChain.findMany({ where: { deletedAt: null }, orderBy: [{ sortOrder: "asc" }, { name: "asc" }], select: { id: true, sortOrder: true } });
    return applyOrder(actor, "IndustryChain", rows, chainId, direction, (id, sortOrder) => tx.industryChain.update({ where: { id }, data: { sortOrder } }), tx, meta);
  });
}

export async function moveLink(actor: SessionUser, linkId: string, direction: MoveDirection, meta?: RequestMeta): Promise<boolean> {
  return prisma.$transaction(async (tx) => {
    const link = await tx.chainLink.findUnique({ where: { id: linkId }, select: { chainId: true } });
    if (!link) return false;
    const rows = await tx.chainLink.findMany({ where: { chainId: link.chainId, deletedAt: null }, orderBy: [{ sortOrder: "asc" }, { name: "asc" }], select: { id: true, sortOrder: true } });
    return applyOrder(actor, "ChainLink", rows, linkId, direction, (id, sortOrder) => tx.chainLink.update({ where: { id }, data: { sortOrder } }), tx, meta);
  });
}
