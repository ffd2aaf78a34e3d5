// The mechanism's rules in force (DESIGN §2–§3). Each save inserts a new version; the highest
// version is in force at once, on every instance: the cache below lives only a few seconds.
import { DEFAULT_MECHANISM, parseMechanism, type MechanismConfig, type MechanismError } from "#app/schemas/mechanism";
import { writeAudit } from "#app/utils/audit.server";
import { prisma, isUniqueViolation, type DbTx } from "#app/utils/db.server";
import { type SessionUser } from "#app/utils/permissions.server";
import { type RequestMeta } from "#app/utils/request-meta.server";

export type MechanismVersion = { version: number; config: MechanismConfig; createdAt: Date | null; createdById: string | null; note: string | null };

const CACHE_MS = 5_000;
let cache: { at: number; value: MechanismVersion } | null = null;

function fromRow(row: { version: number; data: string; createdAt: Date; createdById: string | null; note: string | null }): MechanismVersion {
  const parsed = parseMechanism(JSON.parse(row.data));
  // A stored version was validated when saved; if the schema has since grown, defaults fill in.
  if (!parsed.ok) throw new Error(`Stored mechanism version ${row.version} is invalid: ${parsed.errors.map((e) => `${e.path} ${e.message}`).join("; ")}`);
  return { version: row.version, config: parsed.config, createdAt: row.createdAt, createdById: row.createdById, note: row.note };
}

export async function getMechanismVersion(db: DbTx = prisma): Promise<MechanismVersion> {
  if (cache && Date.now() - cache.at < CACHE_MS && db === prisma) return cache.value;
  const row = await db.mechanismConfig.findFirst({ orderBy: { version: "desc" } });
  const value = row ? fromRow(row) : { version: 0, config: DEFAULT_MECHANISM, createdAt: null, createdById: null, note: null };
  if (db === prisma) cache = { at: Date.now(), value };
  return value;
}

/** The rules in force. */
export async function getMechanism(db: DbTx = prisma): Promise<MechanismConfig> {
  return (await getMechanismVersion(db)).config;
}

/** A stored version by number (to read an old one on /mechanism), or null. */
export async function getMechanismVersionByNumber(version: number, db: DbTx = prisma): Promise<MechanismVersion | null> {
  if (!Number.isSafeInteger(version)) return null;
  const row = await db.mechanismConfig.findUnique({ where: { version } });
  return row ? fromRow(row) : null;
}

export type MechanismVersionSummary = { version: number; createdAt: Date; createdById: string | null; createdByName: string | null; note: string | null };

/** The newest versions first, each with the display name of whoever saved it (null: seeded). */
export async function listMechanismVersions(take = 50, db: DbTx = prisma): Promise<MechanismVersionSummary[]> {
  const rows = await db.mechanismConfig.findMany({
    orderBy: { version: "desc" },
    take,
    select: { version: true, createdAt: true, createdById: true, note: true },
  });
  const ids = [...new Set(rows.map((r) => r.createdById).filter((id): id is string => id !== null))];
  const users = ids.length ? await db.user.findMany({ where: { id: { in: ids } }, select: { id: true, displayName: true } }) : [];
  const names = new Map(users.map((u) => [u.id, u.displayName]));
  return rows.map((r) => ({ ...r, createdByName: r.createdById ? (names.get(r.createdById) ?? null) : null }));
}

export type SaveMechanismResult = { ok: true; version: number } | { ok: false; errors: MechanismError[] } | { ok: false; stale: true; current: number };

/**
 * Validates and stores a new version. `baseVersion` is the version the editor started from: if
 * someone saved in between, the save is refused as stale.
 */
export async function saveMechanism(actor: SessionUser | null, input: unknown, baseVersion: number, note: string | null, meta?: RequestMeta): Promise<SaveMechanismResult> {
  const parsed = parseMechanism(input);
  if (!parsed.ok) return { ok: false, errors: parsed.errors };
  const fresh = await prisma.mechanismConfig.findFirst({ orderBy: { version: "desc" } });
  const latest = fresh?.version ?? 0;
  if (latest !== baseVersion) return { ok: false, stale: true, current: latest };
  try {
    await prisma.$transaction(async (tx) => {
      await tx.mechanismConfig.create({ data: { version: latest + 1, data: JSON.stringify(parsed.config), note, createdById: actor?.id ?? null } });
      await writeAudit(
        { actor, action: latest === 0 ? "CREATE" : "UPDATE", entity: "MechanismConfig", entityId: String(latest + 1), before: fresh ? JSON.parse(fresh.data) : undefined, after: parsed.config, detail: note ?? undefined, meta },
        tx,
      );
    });
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, stale: true, current: latest + 1 };
    throw error;
  }
  cache = null;
  return { ok: true, version: latest + 1 };
}

/** Setup: the default profile becomes version 1 when no version exists. */
export async function ensureMechanism(db: DbTx = prisma): Promise<void> {
  if ((await db.mechanismConfig.count()) > 0) return;
  await db.mechanismConfig.create({ data: { version: 1, data: JSON.stringify(DEFAULT_MECHANISM), note: "默认机制配置" } });
}

/** Tests and the admin page call this after writing versions directly. */
export function invalidateMechanismCache() {
  cache = null;
}
