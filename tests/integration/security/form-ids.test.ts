// Ids inside a form are scoped like ids in the address (DESIGN §8 "Access": scope on the server
// in every action). The route's own record is the user's, but the form names a child record of
// another county — a contact, a follow-up, a contract, a funds entry, an incentive, an aftercare
// visit, a site candidate, another user's notification or saved view, a deleted project or
// company, a problem to attach a 批示 to — or moves a record into another county. Each such post
// is refused (400/403/404) and writes nothing; the very same form naming the user's own child
// then does write, so the refusal is the scope check and not a mistyped form.
import { normalizeCompanyName, searchKeyFor } from "#app/domain/company-name";
import { invalidateMechanismCache } from "#app/models/mechanism.server";
import { buildFixture, type Fixture, type Records, type Signed } from "./fixture";
import { call, dbFingerprint, importRoute, routeParams } from "./routes";
import { testDb } from "#tests/setup/db";

const db = testDb();
const DAY = "2026-03-02";

type Children = {
  contactId: string;
  followUpId: string;
  followUpId2: string;
  contractId: string;
  fundsId: string;
  incentiveId: string;
  visitId: string;
  candidateId: string;
  notificationId: string;
  notificationId2: string;
  viewId: string;
  deletedProjectId: string;
  deletedCompanyId: string;
};

let fx: Fixture;
let own: Records & Children;
let other: Records & Children;

async function children(rec: Records, userId: string, tag: string): Promise<Children> {
  const projectId = rec.projectId;
  const followUp = () => db.followUp.create({ data: { projectId, kind: "VISIT", date: new Date("2026-02-01T00:00:00Z"), summary: "上门走访" } });
  const [fu1, fu2] = [await followUp(), await followUp()];
  const contract = await db.contract.create({ data: { projectId, type: "FORMAL", signedAt: new Date("2025-06-01T00:00:00Z"), amountWan: 8000 } });
  const funds = await db.fundsInPlace.create({ data: { projectId, receivedAt: new Date("2025-09-01T00:00:00Z"), amountWan: 500, source: "LOCAL" } });
  const incentive = await db.incentive.create({ data: { projectId, item: "设备补贴", promisedWan: 30 } });
  const visit = await db.aftercareVisit.create({ data: { projectId, visitedAt: new Date("2026-01-10T00:00:00Z"), participants: "招商局", summary: "生产正常" } });
  const candidate = await db.siteCandidate.create({ data: { projectId, siteId: rec.siteId } });
  const notify = (n: number) =>
    db.notification.create({
      data: { userId, kind: "PROBLEM_OVERDUE", level: "RED", dedupeKey: `sec-${tag}-${n}`, messageKey: "landing.alert_PROBLEM_OVERDUE", params: "{}", subjectType: "PROJECT", subjectId: projectId, projectId },
    });
  const [notification, notification2] = [await notify(1), await notify(2)];
  const view = await db.savedView.create({ data: { userId, list: "projects", name: `视图${tag}`, query: "stage=PRODUCTION" } });
  const deletedProject = await db.project.create({
    data: { code: `AK-2026-08${tag}`, name: `已删除项目${tag}`, searchKey: "x", companyId: rec.companyId, regionId: rec.regionId, plannedInvestment: 100, stage: "LEAD", stageEnteredAt: new Date(), deletedAt: new Date() },
  });
  const name = `已删除企业${tag}有限公司`;
  const deletedCompany = await db.company.create({ data: { name, normalizedName: normalizeCompanyName(name), searchKey: searchKeyFor(name), ownerRegionId: rec.regionId, deletedAt: new Date() } });
  return {
    contactId: rec.contactId,
    followUpId: fu1.id,
    followUpId2: fu2.id,
    contractId: contract.id,
    fundsId: funds.id,
    incentiveId: incentive.id,
    visitId: visit.id,
    candidateId: candidate.id,
    notificationId: notification.id,
    notificationId2: notification2.id,
    viewId: view.id,
    deletedProjectId: deletedProject.id,
    deletedCompanyId: deletedCompany.id,
  };
}

beforeAll(async () => {
  fx = await buildFixture();
  own = { ...fx.own, ...(await children(fx.own, fx.signed.countyOfficer.user.id, "01")) };
  other = { ...fx.other, ...(await children(fx.other, fx.other.officerId, "02")) };
});

type Child = Records & Children;
type Case = {
  route: string;
  form: (c: Child) => Record<string, string>;
  as?: "countyOfficer" | "countyLeader";
  what: string;
  /** A bulk action that skips ids that are not the user's: it may answer as usual, if it writes nothing. */
  skipsForeignIds?: true;
  before?: () => void;
  /** Fields read when the case runs: the record's current version (an earlier case may have moved it), values it must keep. */
  current?: () => Promise<Record<string, string>>;
};

// In order: a later case may rely on an earlier one's write (versions are counted by hand).
const CASES: Case[] = [
  { route: "companies.$companyId", what: "edit a contact", form: (c) => ({ intent: "editContact", contactId: c.contactId, name: "王总", version: "1" }) },
  { route: "companies.$companyId", what: "delete a contact", form: (c) => ({ intent: "deleteContact", contactId: c.contactId, version: "2" }) },
  {
    route: "projects.$projectId.follow-ups",
    what: "edit a follow-up",
    form: (c) => ({ intent: "update", id: c.followUpId, version: "1", kind: "PHONE", date: DAY, summary: "电话回访" }),
  },
  { route: "projects.$projectId.follow-ups", what: "delete a follow-up", form: (c) => ({ intent: "delete", id: c.followUpId }) },
  { route: "projects.$projectId._index", what: "delete a follow-up from the project page", form: (c) => ({ intent: "deleteFollowUp", followUpId: c.followUpId2 }) },
  {
    route: "projects.$projectId.contracts",
    what: "edit a contract",
    // With the mechanism not cached, this once deadlocked on SQLite: the signing check inside the
    // write transaction read the mechanism through the global client (fixed: it reads through tx).
    before: invalidateMechanismCache,
    form: (c) => ({ intent: "update", id: c.contractId, version: "1", type: "FORMAL", signedAt: "2025-06-02", amountWan: "9000" }),
  },
  {
    route: "projects.$projectId.funds",
    what: "edit a funds entry",
    form: (c) => ({ intent: "update", id: c.fundsId, version: "1", receivedAt: "2025-09-02", amountWan: "600", source: "LOCAL" }),
  },
  { route: "projects.$projectId.funds", what: "delete a funds entry", form: (c) => ({ intent: "deleteFunds", id: c.fundsId, version: "2" }) },
  { route: "projects.$projectId.incentives", what: "edit an incentive", form: (c) => ({ intent: "update", id: c.incentiveId, version: "1", item: "设备补贴（调整）", promisedWan: "40" }) },
  { route: "projects.$projectId.incentives", what: "delete an incentive", form: (c) => ({ intent: "delete", id: c.incentiveId, version: "2" }) },
  { route: "aftercare.$projectId", what: "delete an aftercare visit", form: (c) => ({ intent: "delete", visitId: c.visitId, version: "1" }) },
  { route: "projects.$projectId.sites", what: "log a visit to a site candidate", form: (c) => ({ intent: "visit", candidateId: c.candidateId, visitedAt: DAY, participants: "招商局李四" }) },
  { route: "inbox", what: "open a notification", form: (c) => ({ intent: "open", id: c.notificationId }) },
  { route: "inbox", what: "mark a notification read", skipsForeignIds: true, form: (c) => ({ intent: "read", id: c.notificationId2, back: "/inbox" }) },
  { route: "projects._index", what: "delete a saved view", form: (c) => ({ intent: "deleteView", viewId: c.viewId }) },
  { route: "recycle-bin", what: "restore a deleted project", form: (c) => ({ intent: "restoreProject", id: c.deletedProjectId }) },
  { route: "recycle-bin", what: "restore a deleted company", form: (c) => ({ intent: "restoreCompany", id: c.deletedCompanyId }) },
  { route: "projects.new", what: "create a project for a company", form: (c) => ({ name: "新项目", companyId: c.companyId, regionId: own.regionId, plannedInvestment: "500" }) },
  {
    route: "projects.$projectId.edit",
    what: "move a project into a county",
    form: (c) => ({ name: "改名项目", companyId: own.companyId, regionId: c.regionId, plannedInvestment: "8000" }),
    current: async () => {
      // A project in 投产 keeps its signing and production facts: the form carries them as they are.
      const p = await db.project.findUniqueOrThrow({ where: { id: own.projectId }, select: { version: true, signedAt: true, contractAmount: true, contractType: true, producedAt: true } });
      const day = (d: Date | null) => (d ? new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10) : "");
      return { version: String(p.version), signedAt: day(p.signedAt), contractAmount: String(p.contractAmount ?? ""), contractType: p.contractType ?? "", producedAt: day(p.producedAt) };
    },
  },
  {
    route: "sites.$siteId_.edit",
    what: "move a site into a county",
    form: (c) => ({ name: "改名厂房", kind: "STANDARD_FACTORY", regionId: c.regionId, areaSqm: "3000" }),
    current: async () => ({ version: String((await db.site.findUniqueOrThrow({ where: { id: own.siteId }, select: { version: true } })).version) }),
  },
  {
    route: "projects.$projectId.instructions",
    as: "countyLeader",
    what: "attach a 批示 to a problem",
    form: (c) => ({ text: "请加快协调", recipientIds: own.officerId, problemId: c.problemId }),
  },
];

test.each(CASES.map((c, i) => [`${i + 1}. ${c.route}: ${c.what}`, c] as const))("%s — another county's id is refused and writes nothing; one's own is written", async (_name, c) => {
  const mod = await importRoute(c.route);
  const signed: Signed = fx.signed[c.as ?? "countyOfficer"];
  // The address always names the user's own record.
  const params = Object.fromEntries(routeParams(c.route).map((p) => [p, (own as Record<string, string>)[p]!]));

  const version = c.current ? await c.current() : {};
  c.before?.();

  const before = await dbFingerprint();
  const refused = await call(mod.action!, c.route, params, { cookie: signed.cookie, form: { ...c.form(other), ...version } });
  if (!c.skipsForeignIds) expect([400, 403, 404], `answered ${refused.status} ${refused.location ?? ""}`).toContain(refused.status);
  expect(await dbFingerprint()).toBe(before);

  const allowed = await call(mod.action!, c.route, params, { cookie: signed.cookie, form: { ...c.form(own), ...version } });
  expect(allowed.status, `own: answered ${allowed.status} ${allowed.thrownError ?? ""} ${allowed.body ?? ""}`).toBeLessThan(400);
  expect(await dbFingerprint()).not.toBe(before);
});
