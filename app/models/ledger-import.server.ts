// What the ledger import reads from the database before anything is written: the regions
// rows can belong to, and the companies and projects a ledger's rows may already be (for the
// matching rules of app/domain/ledger/plan.ts). Read-only; the commit adds the writes.
import { type ExistingRecords } from "#app/domain/ledger/plan";
import { type PreviewRow } from "#app/domain/ledger/preview";
import { type RegionRef } from "#app/domain/ledger/region";
import { normalizeCompanyName } from "#app/domain/company-name";
import { type DbTx } from "#app/utils/db.server";

// Well under every database's limit on bound parameters, and small enough for index lookups.
const LOOKUP_CHUNK = 500;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += LOOKUP_CHUNK) out.push(items.slice(i, i + LOOKUP_CHUNK));
  return out;
}

/** Every region, for matching 县区 names written in a ledger or given on the command line. */
export async function listImportRegions(db: DbTx): Promise<RegionRef[]> {
  return db.region.findMany({ select: { id: true, name: true }, orderBy: [{ sortOrder: "asc" }, { name: "asc" }] });
}

/**
 * Live companies with a code or normalised name the rows use, and their live projects.
 * Companies are looked up across all regions: one company record per firm (DESIGN §7.1).
 */
export async function loadExistingRecords(db: DbTx, rows: readonly PreviewRow[]): Promise<ExistingRecords> {
  const usable = rows.filter((r) => !r.excluded && r.values.companyName);
  const usccs = [...new Set(usable.flatMap((r) => (r.values.uscc ? [r.values.uscc] : [])))];
  const names = [...new Set(usable.map((r) => normalizeCompanyName(r.values.companyName!)))];

  const companies = new Map<string, ExistingRecords["companies"][number]>();
  const select = { id: true, uscc: true, normalizedName: true } as const;
  for (const part of chunks(usccs)) {
    for (const c of await db.company.findMany({ where: { deletedAt: null, uscc: { in: part } }, select })) companies.set(c.id, c);
  }
  for (const part of chunks(names)) {
    for (const c of await db.company.findMany({ where: { deletedAt: null, normalizedName: { in: part } }, select, orderBy: { createdAt: "asc" } })) {
      companies.set(c.id, c);
    }
  }

  const projects: ExistingRecords["projects"][number][] = [];
  for (const part of chunks([...companies.keys()])) {
    projects.push(
      ...(await db.project.findMany({
        where: { deletedAt: null, companyId: { in: part } },
        select: { id: true, companyId: true, regionId: true, name: true },
        orderBy: { createdAt: "asc" },
      })),
    );
  }
  return { companies: [...companies.values()], projects };
}
