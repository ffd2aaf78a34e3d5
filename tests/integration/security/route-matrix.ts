// THE access expectations of every route (DESIGN §1 and §8 "Access"), written by hand from the
// rules, not read from the code. route-access.test.ts reads app/routes at test time and fails
// when a route file, or a loader/action it exports, has no entry here — or when an entry names
// a route or handler that no longer exists. So a new route cannot ship without someone deciding,
// per role, what it answers.
//
// A cell is what the principal gets for the record of their own county A ("own") and for the
// record of county B ("other"); one value means both (and is the only call for routes without
// `$params` whose form does not name a record):
//   200        the page/data
//   "redirect" a 3xx that is not a sign-in redirect (e.g. a sub-route sending to its project page)
//   "login"    3xx to /login (not signed in)
//   "signedOut" 3xx to /login after logging out (the session ended; the logout is audited)
//   401        a refused sign-in (audited as LOGIN_FAILURE, so the log does change)
//   403        role lacks the permission — the same for every record, so existence does not leak
//   404        out of scope (DESIGN: another county's record is 404, not the page and not 403)
//   "ok"       an action the principal may perform: any answer but 401/403/404/5xx (a valid
//              form saves, a stale version gets 409, a validation error 400)
//   "refused"  400/403/404 and nothing written (e.g. a county officer naming another county in a
//              create form)
// For 403, 404, "login" and "refused" on an action the test also proves nothing changed in the
// database (row counts, versions, update times and the audit log, before and after).
import type { Principal, Records } from "./fixture";

export type Outcome = 200 | "redirect" | "login" | "signedOut" | 401 | 403 | 404 | "ok" | "refused";
export type Cell = Outcome | { own: Outcome; other: Outcome };
export type RoleTable = Record<Principal, Cell>;
export type Form = (rec: Records) => Record<string, string>;
export type ActionCase = { form: Form; expect: RoleTable; note?: string };
export type RouteEntry = {
  loader?: RoleTable;
  /** One case per form intent worth proving. */
  action?: ActionCase[];
  /** Ends the caller's session: run after everything else (logout). */
  endsSession?: true;
};

const scoped = (own: Outcome, other: Outcome): Cell => ({ own, other });

// ───────────────────────────── profiles (DESIGN §1) ─────────────────────────────
// Helpers for the rows most routes share; each route below still names its own.

/** A business record page: city roles everywhere, county roles in their county, others 403. */
const readRecord = (ok: Outcome = 200): RoleTable => ({
  anon: "login",
  cityOfficer: ok,
  countyOfficer: scoped(ok, 404),
  cityLeader: ok,
  countyLeader: scoped(ok, 404),
  deptStaff: 403,
  admin: 403,
  auditor: 403,
});
/** A business list or report: every reading business role (scope filters the rows). */
const readList = (): RoleTable => ({ anon: "login", cityOfficer: 200, countyOfficer: 200, cityLeader: 200, countyLeader: 200, deptStaff: 403, admin: 403, auditor: 403 });
/** Writing a business record: officers only (leaders are read-only except 批示). */
const writeRecord = (ok: Outcome = "ok"): RoleTable => ({
  anon: "login",
  cityOfficer: ok,
  countyOfficer: scoped(ok, 404),
  cityLeader: 403,
  countyLeader: 403,
  deptStaff: 403,
  admin: 403,
  auditor: 403,
});
/** A create form whose region field names county A or B: a county officer cannot place it in B. */
const writeInRegion = (): RoleTable => ({ ...writeRecord(), countyOfficer: scoped("ok", "refused") });
const writeList = (ok: Outcome = 200): RoleTable => ({ anon: "login", cityOfficer: ok, countyOfficer: ok, cityLeader: 403, countyLeader: 403, deptStaff: 403, admin: 403, auditor: 403 });
/** Admin configuration (users, chains, mechanism, webhooks): the admin only. */
const adminOnly = (ok: Outcome = 200): RoleTable => ({ anon: "login", cityOfficer: 403, countyOfficer: 403, cityLeader: 403, countyLeader: 403, deptStaff: 403, admin: ok, auditor: 403 });
/** The audit log: the auditor only (三权分立: not the admin). */
const auditorOnly = (): RoleTable => ({ anon: "login", cityOfficer: 403, countyOfficer: 403, cityLeader: 403, countyLeader: 403, deptStaff: 403, admin: 403, auditor: 200 });
/** Pages of one's own account, the 工作台, the inbox: anyone signed in. */
const anySignedIn = (ok: Outcome = 200): RoleTable => ({ anon: "login", cityOfficer: ok, countyOfficer: ok, cityLeader: ok, countyLeader: ok, deptStaff: ok, admin: ok, auditor: ok });
const everyone = (ok: Outcome): RoleTable => ({ ...anySignedIn(ok), anon: ok });

const STALE = "99"; // a version no fixture record has: an allowed destructive form answers 409 and deletes nothing
const DAY = "2026-03-02";

export const ROUTE_MATRIX: Record<string, RouteEntry> = {
  // ── public and account ──
  login: {
    loader: { ...anySignedIn("redirect"), anon: 200 }, // signed in → home
    action: [{ form: () => ({ username: "nobody", password: "Wrong@Pass1" }), expect: everyone(401) }],
  },
  logout: {
    loader: everyone("redirect"),
    action: [{ form: () => ({}), expect: everyone("signedOut") }],
    endsSession: true,
  },
  healthz: { loader: everyone(200) },
  _index: { loader: anySignedIn() },
  "account.password": {
    loader: anySignedIn(),
    action: [{ form: () => ({ currentPassword: "Wrong@Pass1", newPassword: "New@Passw0rd9", confirmPassword: "New@Passw0rd9" }), expect: anySignedIn("ok") }],
  },
  "account.totp": {
    loader: anySignedIn(),
    action: [{ form: () => ({ intent: "disable", totp: "000000" }), expect: anySignedIn("ok") }],
  },
  inbox: {
    loader: anySignedIn(),
    action: [
      { form: () => ({ intent: "readAll", back: "/inbox" }), expect: anySignedIn("ok") },
      { form: () => ({ intent: "open", id: "no-such-notification" }), expect: anySignedIn(404) },
    ],
  },
  "mechanism._index": { loader: anySignedIn() }, // 机制说明: every user sees the rules applied to them

  // ── administration (三权分立: admin configures, reads no business data and no audit) ──
  "admin.users._index": { loader: adminOnly() },
  "admin.users.new": {
    loader: adminOnly(),
    action: [{ form: () => ({ username: "sec_matrix_new", displayName: "矩阵新用户", role: "COUNTY_OFFICER", password: "Matrix@Pass1" }), expect: adminOnly("ok") }],
  },
  "admin.users.$userId": {
    loader: adminOnly(),
    action: [
      { form: (r) => ({ intent: "save", displayName: "改名", role: "COUNTY_OFFICER", regionId: r.regionId, version: STALE }), expect: adminOnly("ok") },
      { form: () => ({ intent: "disable" }), expect: adminOnly("ok") },
      { form: () => ({ intent: "resetPassword", password: "Reset@Passw0rd1" }), expect: adminOnly("ok") },
      { form: () => ({ intent: "endSessions" }), expect: adminOnly("ok") },
      { form: () => ({ intent: "resetTotp" }), expect: adminOnly("ok") },
      { form: () => ({ intent: "unlock" }), expect: adminOnly("ok") },
    ],
  },
  "admin.chains": {
    loader: adminOnly(),
    action: [
      { form: () => ({ intent: "createChain", name: "矩阵测试链" }), expect: adminOnly("ok") },
      { form: () => ({ intent: "retireChain", id: "no-such-chain" }), expect: adminOnly(404) },
    ],
  },
  "admin.webhooks": {
    loader: adminOnly(),
    action: [
      { form: () => ({ intent: "create", name: "矩阵", url: "https://example.org/hook", secret: "s3cret-s3cret-s3cret" }), expect: adminOnly("ok") },
      { form: () => ({ intent: "delete", id: "no-such-hook", version: STALE }), expect: adminOnly("refused") },
    ],
  },
  "mechanism.edit": { loader: adminOnly(), action: [{ form: () => ({ intent: "json", baseVersion: "0", json: "{}" }), expect: adminOnly("ok") }] },
  "audit._index": { loader: auditorOnly() },
  "audit.export": { loader: auditorOnly() },

  // ── companies ──
  // 我的视图: every reading business role keeps their own views; another user's view is not found.
  "companies._index": {
    loader: readList(),
    action: [
      { form: () => ({ intent: "saveView", name: "矩阵企业视图", query: "tag=KEY" }), expect: { ...readList(), cityOfficer: "ok", countyOfficer: "ok", cityLeader: "ok", countyLeader: "ok" } },
      { form: () => ({ intent: "deleteView", viewId: "no-such-view" }), expect: { ...readList(), cityOfficer: 404, countyOfficer: 404, cityLeader: 404, countyLeader: 404 } },
    ],
  },
  "companies.export": { loader: readList() },
  // A company outside the county shows its public card (name, chain, owner) so the same firm is not
  // registered twice; scoped fields are checked separately in route-access.test.ts.
  "companies.$companyId": {
    loader: { ...readRecord(), countyOfficer: 200, countyLeader: 200 },
    action: [
      { form: () => ({ intent: "addContact", name: "李主任", phone: "13900000000" }), expect: writeRecord() },
      { form: () => ({ intent: "deleteCompany", version: STALE }), expect: writeRecord() },
      { form: (r) => ({ intent: "editContact", contactId: r.contactId, name: "王总", version: STALE }), expect: writeRecord() },
      { form: (r) => ({ intent: "deleteContact", contactId: r.contactId, version: STALE }), expect: writeRecord() },
      { form: () => ({ intent: "restoreCompany", version: STALE }), expect: writeRecord("refused") }, // the company is not deleted: nothing to restore
    ],
  },
  "companies.$companyId_.edit": {
    loader: writeRecord(200),
    action: [{ form: (r) => ({ name: "改名有限公司", ownerRegionId: r.regionId, version: STALE }), expect: writeRecord() }],
  },
  "companies.new": {
    loader: writeList(),
    // A county officer's company is always their county's: the owner field is ignored (asserted
    // separately in route-access.test.ts), so naming county B still saves, in A.
    action: [{ form: (r) => ({ name: "矩阵新建材料有限公司", ownerRegionId: r.regionId, confirmDuplicate: "on" }), expect: writeList("ok") }],
  },
  // Merging is city-wide (pipeline:assign): city officers, and admins (DESIGN §7.1 dedup as data care).
  "companies.merge": {
    loader: { ...adminOnly(), cityOfficer: 200 },
    action: [
      {
        // The same company twice: a merger is told so (400); nothing can merge.
        form: (r) => ({ survivorId: r.companyId, duplicateId: r.companyId, survivorVersion: STALE, duplicateVersion: STALE }),
        expect: { ...adminOnly("ok"), cityOfficer: "ok" },
      },
    ],
  },

  // ── projects ──
  "projects._index": {
    loader: readList(),
    action: [
      { form: () => ({ intent: "saveView", name: "矩阵视图", query: "stage=PRODUCTION" }), expect: { ...readList(), cityOfficer: "ok", countyOfficer: "ok", cityLeader: "ok", countyLeader: "ok" } },
      { form: () => ({ intent: "deleteView", viewId: "no-such-view" }), expect: { ...readList(), cityOfficer: 404, countyOfficer: 404, cityLeader: 404, countyLeader: 404 } },
    ],
  },
  "projects.export": { loader: readList() },
  "funds.export": { loader: readList() },
  "projects.new": {
    loader: writeList(),
    action: [{ form: (r) => ({ name: "矩阵新项目", companyId: r.companyId, regionId: r.regionId, plannedInvestment: "5000" }), expect: writeInRegion() }],
  },
  "projects.$projectId._index": {
    loader: readRecord(),
    action: [{ form: () => ({ intent: "delete", version: STALE }), expect: writeRecord() }],
  },
  "projects.$projectId.edit": {
    loader: writeRecord(200),
    action: [{ form: (r) => ({ name: "改名项目", companyId: r.companyId, plannedInvestment: "9000", version: STALE }), expect: writeRecord() }],
  },
  "projects.$projectId.stage": {
    loader: writeRecord(200),
    action: [{ form: () => ({ to: "AT_CAPACITY", version: STALE }), expect: writeRecord() }],
  },
  "projects.$projectId.follow-ups": {
    loader: writeRecord(200),
    action: [
      { form: () => ({ intent: "create", kind: "PHONE", date: DAY, summary: "电话沟通扩产计划" }), expect: writeRecord() },
      { form: () => ({ intent: "delete", id: "no-such-follow-up" }), expect: writeRecord("refused") },
    ],
  },
  "projects.$projectId.contracts": {
    loader: readRecord("redirect"), // the page section lives on the project page
    action: [
      { form: () => ({ intent: "create", type: "FORMAL", signedAt: DAY, amountWan: "8000" }), expect: writeRecord() },
      { form: () => ({ intent: "deleteContract", id: "no-such-contract", version: STALE }), expect: writeRecord("refused") },
    ],
  },
  "projects.$projectId.funds": {
    loader: readRecord("redirect"),
    action: [{ form: () => ({ intent: "create", receivedAt: DAY, amountWan: "100", source: "LOCAL" }), expect: writeRecord() }],
  },
  "projects.$projectId.milestones": {
    loader: readRecord("redirect"),
    action: [{ form: () => ({ intent: "save", kind: "STARTED", plannedAt: DAY }), expect: writeRecord() }],
  },
  "projects.$projectId.incentives": {
    action: [{ form: () => ({ intent: "create", item: "厂房租金减免", promisedWan: "50" }), expect: writeRecord() }],
  },
  "projects.$projectId.problems": {
    action: [{ form: () => ({ title: "环评批复滞后", category: "APPROVAL" }), expect: writeRecord() }],
  },
  // 批示: leaders only (the one thing a leader writes), in their scope.
  "projects.$projectId.instructions": {
    action: [
      {
        form: (r) => ({ text: "请加快推进", recipientIds: r.officerId }),
        expect: { anon: "login", cityOfficer: 403, countyOfficer: 403, cityLeader: "ok", countyLeader: scoped("ok", 404), deptStaff: 403, admin: 403, auditor: 403 },
      },
    ],
  },
  "projects.$projectId.sites": {
    loader: readRecord(),
    action: [
      { form: (r) => ({ intent: "propose", siteId: r.siteId, reason: "面积匹配" }), expect: writeRecord() },
      { form: () => ({ intent: "saveNeeds", version: STALE, floorSqm: "2000" }), expect: writeRecord() },
    ],
  },
  "aftercare._index": { loader: readList() },
  "aftercare.$projectId": {
    loader: readRecord(),
    action: [
      { form: () => ({ intent: "visit", visitedAt: DAY, participants: "招商局张三", summary: "企业生产正常" }), expect: writeRecord() },
      { form: () => ({ intent: "expand", visitId: "no-such-visit", version: STALE }), expect: writeRecord("refused") },
    ],
  },
  "recycle-bin": {
    loader: readList(),
    action: [{ form: (r) => ({ intent: "restoreProject", id: r.projectId }), expect: { ...writeList("refused"), cityOfficer: "refused", countyOfficer: "refused" } }],
  },
  search: { loader: readList() },

  // ── sites ──
  "sites._index": { loader: readList() },
  "sites.new": {
    loader: writeList(),
    action: [{ form: (r) => ({ name: "矩阵新厂房", kind: "STANDARD_FACTORY", regionId: r.regionId, areaSqm: "2000" }), expect: writeInRegion() }],
  },
  "sites.$siteId": { loader: readRecord(), action: [{ form: () => ({ intent: "delete", version: STALE }), expect: writeRecord() }] },
  "sites.$siteId_.edit": {
    loader: writeRecord(200),
    action: [{ form: (r) => ({ name: "改名厂房", kind: "STANDARD_FACTORY", regionId: r.regionId, areaSqm: "2000", version: STALE }), expect: writeRecord() }],
  },

  // ── problems and instructions: department staff see what is assigned to their department ──
  "problems._index": { loader: { ...readList(), deptStaff: 200 } },
  "problems.export": { loader: { ...readList(), deptStaff: 200 } },
  "problems.$problemId": {
    loader: { ...readRecord(), deptStaff: scoped(200, 404) },
    action: [
      // Leaders read problems but do not move them (read-only except 批示): refused, nothing written.
      {
        form: () => ({ intent: "RESPOND", text: "已协调供电公司现场勘察", version: "1" }),
        expect: { ...readRecord("ok"), cityLeader: "refused", countyLeader: scoped("refused", 404), deptStaff: scoped("ok", 404) },
      },
      { form: () => ({ intent: "CLOSE", text: "已销号", version: STALE }), expect: { ...readRecord("ok"), deptStaff: scoped("ok", 404) } },
      { form: () => ({ intent: "RETURN", text: "不属本部门职责", version: STALE }), expect: { ...readRecord("ok"), deptStaff: scoped("ok", 404) } },
    ],
  },
  // Only a recipient answers; others who may read it get 403, others outside its scope 404.
  "instructions.$instructionId": {
    loader: { ...readRecord(), deptStaff: scoped(200, 404) },
    action: [
      {
        form: () => ({ text: "已收到，正在落实" }),
        expect: { anon: "login", cityOfficer: 403, countyOfficer: scoped("ok", 404), cityLeader: 403, countyLeader: scoped(403, 404), deptStaff: scoped(403, 404), admin: 403, auditor: 403 },
      },
    ],
  },

  // ── cockpit and targets ──
  "cockpit._index": { loader: readList() },
  "cockpit.bulletin": { loader: readList() },
  "cockpit.chains": { loader: readList() }, // 产业链图谱: the cockpit's roles, each in their scope
  "cockpit.targets": {
    loader: readList(),
    // target:edit is the city's: county officers and all leaders read the targets but do not set them.
    action: [{ form: () => ({ year: "2026" }), expect: { anon: "login", cityOfficer: "ok", countyOfficer: 403, cityLeader: 403, countyLeader: 403, deptStaff: 403, admin: 403, auditor: 403 } }],
  },

  // ── ledger import: an upload batch is its uploader's own ──
  "import._index": { loader: writeList(), action: [{ form: () => ({}), expect: writeList("ok") }] },
  "import.template": { loader: writeList() },
  "import.$batchId": {
    loader: { ...writeRecord(200), cityOfficer: 404 },
    action: [{ form: () => ({ name: "矩阵模板", state: "" }), expect: { ...writeRecord(), cityOfficer: 404 } }],
  },
  "import.$batchId.commit": {
    loader: everyone("redirect"), // GET only sends back to the preview, which checks access
    action: [{ form: () => ({ state: "" }), expect: { ...writeRecord(), cityOfficer: 404 } }],
  },
};
