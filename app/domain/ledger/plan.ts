// What a commit would do with a preview (issue 6 §5): which companies and projects of the
// ledger already exist and are updated, and which are created. Companies are matched by
// 统一社会信用代码, then by normalised name; projects by company, region and project name,
// so importing the same ledger again updates instead of duplicating. The database lookups
// that feed `existing` live in app/models; the rules live here.
import { companyNameKey, projectNameKey, type PreviewRow } from "./preview";

export type ExistingCompany = { id: string; uscc: string | null; normalizedName: string };
export type ExistingProject = { id: string; companyId: string; regionId: string; name: string };
export type ExistingRecords = { companies: readonly ExistingCompany[]; projects: readonly ExistingProject[] };

export type PlannedCompany = {
  key: string;
  /** The company to update; null to create one. */
  existingId: string | null;
  name: string;
  uscc: string | null;
  rowNumbers: number[];
  /** The rows naming this company, in ledger order (several sheets may share row numbers). */
  rows: PreviewRow[];
};

export type PlannedProject = {
  existingId: string | null;
  companyKey: string;
  regionId: string | null;
  name: string;
  /** Rows naming this project; the last one's values are the ones imported. */
  rowNumbers: number[];
  rows: PreviewRow[];
};

export type ImportCounts = {
  created: { companies: number; projects: number };
  updated: { companies: number; projects: number };
};

export type ImportPlan = { companies: PlannedCompany[]; projects: PlannedProject[]; counts: ImportCounts };

/**
 * The plan for the rows that would be imported: not excluded and free of errors. A row with
 * a code joins the company of an earlier row with that code, or, if none, an earlier row of
 * the same name that had no code; a row without a code joins the first company of its name.
 */
export function planLedgerImport(rows: readonly PreviewRow[], existing: ExistingRecords): ImportPlan {
  const companies = new Map<string, PlannedCompany>();
  const keyByUscc = new Map<string, string>();
  const keyByName = new Map<string, string>();
  const projects = new Map<string, PlannedProject>();
  const existingCompanies = indexCompanies(existing.companies);
  const existingProjects = indexProjects(existing.projects);

  for (const row of rows) {
    if (row.excluded || row.issues.some((i) => i.severity === "error")) continue;
    const { companyName, projectName, uscc } = row.values;
    if (!companyName || !projectName) continue;
    const nameKey = companyNameKey(companyName);

    let key = uscc ? keyByUscc.get(uscc) : keyByName.get(nameKey);
    if (!key && uscc) {
      const sameName = keyByName.get(nameKey);
      if (sameName && companies.get(sameName)!.uscc === null) key = sameName;
    }
    if (!key) {
      key = `c${companies.size + 1}`;
      companies.set(key, { key, existingId: null, name: companyName, uscc: null, rowNumbers: [], rows: [] });
    }
    const company = companies.get(key)!;
    company.rowNumbers.push(row.rowNumber);
    company.rows.push(row);
    if (uscc && !company.uscc) {
      company.uscc = uscc;
      keyByUscc.set(uscc, key);
    }
    if (!keyByName.has(nameKey)) keyByName.set(nameKey, key);

    const projectKey = `${key}|${row.regionId ?? ""}|${projectNameKey(projectName)}`;
    const project = projects.get(projectKey) ?? { existingId: null, companyKey: key, regionId: row.regionId, name: projectName, rowNumbers: [], rows: [] };
    project.rowNumbers.push(row.rowNumber);
    project.rows.push(row);
    projects.set(projectKey, project);
  }

  for (const company of companies.values()) {
    company.existingId = existingCompanyFor(company, existingCompanies);
  }
  for (const project of projects.values()) {
    const companyId = companies.get(project.companyKey)!.existingId;
    project.existingId = companyId ? existingProjectFor(companyId, project, existingProjects) : null;
  }
  const plannedCompanies = [...companies.values()];
  const plannedProjects = [...projects.values()];
  return { companies: plannedCompanies, projects: plannedProjects, counts: countsOf(plannedCompanies, plannedProjects) };
}

type CompanyIndex = { byUscc: Map<string, ExistingCompany>; byName: Map<string, ExistingCompany[]> };

function indexCompanies(list: readonly ExistingCompany[]): CompanyIndex {
  const byUscc = new Map<string, ExistingCompany>();
  const byName = new Map<string, ExistingCompany[]>();
  for (const c of list) {
    if (c.uscc) byUscc.set(c.uscc, c);
    byName.set(c.normalizedName, [...(byName.get(c.normalizedName) ?? []), c]);
  }
  return { byUscc, byName };
}

/**
 * By code first. By name only a company whose code does not contradict: when both have codes
 * and they differ, it is another company that happens to share the name.
 */
function existingCompanyFor(company: PlannedCompany, index: CompanyIndex): string | null {
  if (company.uscc) {
    const byCode = index.byUscc.get(company.uscc);
    if (byCode) return byCode.id;
  }
  const candidates = index.byName.get(companyNameKey(company.name)) ?? [];
  const match = candidates.find((c) => c.uscc === null || company.uscc === null || c.uscc === company.uscc);
  return match?.id ?? null;
}

function indexProjects(list: readonly ExistingProject[]): Map<string, ExistingProject[]> {
  const byName = new Map<string, ExistingProject[]>();
  for (const p of list) {
    const key = `${p.companyId}|${projectNameKey(p.name)}`;
    byName.set(key, [...(byName.get(key) ?? []), p]);
  }
  return byName;
}

/** Same company and name, in the row's region (another county's project is never touched). */
function existingProjectFor(companyId: string, project: PlannedProject, index: Map<string, ExistingProject[]>): string | null {
  const candidates = index.get(`${companyId}|${projectNameKey(project.name)}`) ?? [];
  const match = candidates.find((p) => project.regionId === null || p.regionId === project.regionId);
  return match?.id ?? null;
}

function countsOf(companies: readonly PlannedCompany[], projects: readonly PlannedProject[]): ImportCounts {
  return {
    created: { companies: companies.filter((c) => !c.existingId).length, projects: projects.filter((p) => !p.existingId).length },
    updated: { companies: companies.filter((c) => c.existingId).length, projects: projects.filter((p) => p.existingId).length },
  };
}

export const NO_CHANGES: ImportCounts = { created: { companies: 0, projects: 0 }, updated: { companies: 0, projects: 0 } };
