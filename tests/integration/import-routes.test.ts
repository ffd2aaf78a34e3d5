// The browser import's routes (issue 6) against a real database: the upload check answers with
// its Chinese message, an upload is stored under ZS_IMPORT_DIR with a PREVIEWED batch, the
// preview is the upload's owner's only, fixes and exclusions live in the address, the commit is
// refused while errors remain, streams its progress when asked, removes the stored file, and a
// saved mapping template is applied to the next upload with the same header.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { type Role } from "#app/domain/roles";
import { readLedgerWorkbook } from "#app/utils/ledger-read.server";
import { action as uploadAction, loader as importLoader } from "#app/routes/import._index";
import { action as templateAction, loader as previewLoader } from "#app/routes/import.$batchId";
import { action as commitAction } from "#app/routes/import.$batchId.commit";
import { loader as blankLoader } from "#app/routes/import.template";
import { createTestUser, testDb } from "#tests/setup/db";
import { responseOf, sessionCookieFor, testRequest } from "#tests/setup/session";
import { SIMPLE_HEADER, USCC_BAD, simpleLedgerRows, xlsxBytes } from "#tests/fixtures/ledger-builders";

const db = testDb();
const ctx = { context: {} };
let dir: string;
let hanyin: string;
let shiquan: string;
let city: string;

async function cookieFor(role: Role, regionName: string) {
  const user = await createTestUser(db, { role, regionName });
  return sessionCookieFor(user.username);
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "import-routes-"));
  process.env.ZS_IMPORT_DIR = dir;
  hanyin = await cookieFor("COUNTY_OFFICER", "汉阴县");
  shiquan = await cookieFor("COUNTY_OFFICER", "石泉县");
  city = await cookieFor("CITY_OFFICER", "安康市");
});

afterAll(() => {
  delete process.env.ZS_IMPORT_DIR;
  fs.rmSync(dir, { recursive: true, force: true });
});

function uploadRequest(cookie: string, bytes: Uint8Array, name = "台账.xlsx", fields: Record<string, string> = {}): Request {
  const base = testRequest("/import", { cookie, method: "POST" });
  const form = new FormData();
  form.set("file", new File([new Uint8Array(bytes)], name, { type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" }));
  for (const [key, value] of Object.entries(fields)) form.set(key, value);
  return new Request(base.url, { method: "POST", headers: base.headers, body: form });
}

/** Uploads and returns the batch id the upload redirects to. */
async function upload(cookie: string, bytes: Uint8Array, fields: Record<string, string> = {}): Promise<{ batchId: string; location: string }> {
  const res = await responseOf(uploadAction({ request: uploadRequest(cookie, bytes, "台账.xlsx", fields), params: {}, ...ctx }));
  expect(res.status).toBe(302);
  const location = res.headers.get("Location")!;
  const batchId = /^\/import\/([\w-]+)\?/u.exec(location)?.[1];
  expect(batchId).toBeTruthy();
  return { batchId: batchId!, location };
}

async function preview(cookie: string, location: string) {
  const batchId = /^\/import\/([\w-]+)/u.exec(location)![1]!;
  return responseOf(previewLoader({ request: testRequest(location, { cookie }), params: { batchId }, ...ctx }));
}

function badLedger() {
  const rows = simpleLedgerRows();
  rows[2]![3] = USCC_BAD; // row 3, column D
  return xlsxBytes([{ name: "项目台账", rows }]);
}

function commitRequest(cookie: string, batchId: string, stateQuery: string, accept?: string): Request {
  const base = testRequest(`/import/${batchId}/commit`, { cookie, form: Object.fromEntries(new URLSearchParams(stateQuery)) });
  if (accept) base.headers.set("Accept", accept);
  return base;
}

describe("upload", () => {
  test("a file that is not an .xlsx is refused with the upload check's message, and nothing is stored", async () => {
    const res = await responseOf(uploadAction({ request: uploadRequest(hanyin, new TextEncoder().encode("项目名称,投资方\n"), "台账.xlsx"), params: {}, ...ctx }));
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: "不是有效的 Excel .xlsx 文件" });
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  test("an .xlsx is stored with a PREVIEWED batch; the preview is its uploader's only", async () => {
    const { batchId, location } = await upload(hanyin, await xlsxBytes([{ name: "项目台账", rows: simpleLedgerRows() }]));
    expect(fs.existsSync(path.join(dir, `${batchId}.xlsx`))).toBe(true);
    expect(await db.importBatch.findUniqueOrThrow({ where: { id: batchId } })).toMatchObject({ status: "PREVIEWED", fileName: "台账.xlsx" });
    const page = await preview(hanyin, location);
    expect(page.status).toBe(200);
    expect((await preview(shiquan, location)).status).toBe(404);
    const list = await (await responseOf(importLoader({ request: testRequest("/import", { cookie: hanyin }), params: {}, ...ctx }))).json();
    expect(list.own).toMatchObject({ name: "汉阴县" });
    expect(list.batches.map((b: { id: string }) => b.id)).toContain(batchId);
  });
});

describe("preview and commit", () => {
  test("errors block the commit; a fix in the address clears them; the commit removes the file", async () => {
    const { batchId, location } = await upload(hanyin, await badLedger());
    const first = await (await preview(hanyin, location)).json();
    expect(first.kind).toBe("preview");
    expect(first.preview.counts).toMatchObject({ rows: 3, errors: 1 });
    const bad = first.preview.rows.find((r: { rowNumber: number }) => r.rowNumber === 3).cells.find((c: { field: string }) => c.field === "uscc");
    expect(bad).toMatchObject({ column: "D", input: USCC_BAD, issues: [{ severity: "error", text: expect.stringMatching(/校验/u) }] });

    // Committing now is refused: back to the preview, nothing written.
    const projects = await db.project.count();
    const refused = await responseOf(commitAction({ request: commitRequest(hanyin, batchId, first.stateQuery), params: { batchId }, ...ctx }));
    expect(refused.status).toBe(302);
    expect(refused.headers.get("Location")).toMatch(/notice=refused/u);
    expect(await db.project.count()).toBe(projects);

    // The fix form is a GET; the loader folds it into the state and redirects to that address.
    const fixed = await responseOf(previewLoader({ request: testRequest(`/import/${batchId}?${first.stateQuery}&fixRow=3&fixField=uscc&fixValue=91610900MA7XY1233Y`, { cookie: hanyin }), params: { batchId }, ...ctx }));
    expect(fixed.status).toBe(302);
    const next = fixed.headers.get("Location")!;
    expect(new URLSearchParams(next.split("?")[1]).get("o")).toBe(JSON.stringify({ cells: [{ row: 3, field: "uscc", value: "91610900MA7XY1233Y" }], excludedRows: [] }));
    const second = await (await preview(hanyin, next)).json();
    expect(second.preview.counts.errors).toBe(0);

    const done = await responseOf(commitAction({ request: commitRequest(hanyin, batchId, second.stateQuery), params: { batchId }, ...ctx }));
    expect(done.headers.get("Location")).toBe(`/import/${batchId}`);
    expect(await db.project.count()).toBe(projects + 3);
    expect(fs.existsSync(path.join(dir, `${batchId}.xlsx`))).toBe(false);
    const result = await (await preview(hanyin, `/import/${batchId}`)).json();
    expect(result).toMatchObject({ kind: "done", batch: { status: "COMMITTED", createdProjects: 3 }, region: { name: "汉阴县" } });
  });

  test("asked for ndjson, the commit streams progress and then where to go", async () => {
    const rows = [SIMPLE_HEADER, [1, "流式项目一", "流式企业有限公司", null, 1000, null, null, "首谈"], [2, "流式项目二", "流式企业有限公司", null, 2000, null, null, "在谈"]];
    const { batchId, location } = await upload(city, await xlsxBytes([{ name: "台账", rows: rows as never }]), { regionId: (await db.region.findUniqueOrThrow({ where: { name: "石泉县" } })).id });
    const page = await (await preview(city, location)).json();
    expect(page.regionId).toBeTruthy();
    const res = await responseOf(commitAction({ request: commitRequest(city, batchId, page.stateQuery, "application/x-ndjson"), params: { batchId }, ...ctx }));
    expect(res.headers.get("Content-Type")).toMatch(/^application\/x-ndjson/u);
    expect(res.headers.get("Cache-Control")).toContain("no-transform");
    const lines = (await res.text()).trim().split("\n").map((l) => JSON.parse(l) as { type: string; phase?: string; location?: string });
    expect(lines.map((l) => l.phase ?? l.type)).toEqual(expect.arrayContaining(["read", "check", "write", "done"]));
    expect(lines.at(-1)).toEqual({ type: "done", location: `/import/${batchId}` });
    expect(await db.project.count({ where: { name: { startsWith: "流式项目" }, region: { name: "石泉县" } } })).toBe(2);
  });

  test("a county officer's preview is always for their own county, whatever the address says", async () => {
    const shiquanId = (await db.region.findUniqueOrThrow({ where: { name: "石泉县" } })).id;
    const { location } = await upload(hanyin, await xlsxBytes([{ name: "项目台账", rows: simpleLedgerRows() }]));
    const page = await (await preview(hanyin, `${location}&region=${shiquanId}`)).json();
    expect(page.chooseRegion).toBe(false);
    expect(page.regionId).toBe((await db.region.findUniqueOrThrow({ where: { name: "汉阴县" } })).id);
  });
});

describe("mapping templates", () => {
  test("a mapping saved as a template is applied to the next upload with the same header", async () => {
    const rows = [["项目名称", "投资方", "主办科室"], ["模板项目", "模板企业有限公司", "县工信局"]];
    const bytes = await xlsxBytes([{ name: "台账", rows }]);
    const { batchId, location } = await upload(hanyin, bytes);
    const before = await (await preview(hanyin, location)).json();
    expect(before.preview.columns.find((c: { label: string }) => c.label === "主办科室").field).toBe("");

    // The user maps 主办科室 (column C) to 责任单位 and saves the mapping.
    const mapped = `${before.stateQuery}&map=1&c0=projectName&c1=companyName&c2=responsibleUnit`;
    const form = { name: "汉阴月报", state: new URLSearchParams(mapped).toString() };
    const saved = await responseOf(templateAction({ request: testRequest(`/import/${batchId}`, { cookie: hanyin, form }), params: { batchId }, ...ctx }));
    expect(saved.status).toBe(302);
    expect(saved.headers.get("Location")).toMatch(/notice=templateSaved/u);
    expect(await db.importTemplate.findFirstOrThrow({ where: { name: "汉阴月报" } })).toMatchObject({ headerSignature: "项目名称|投资方|主办科室" });

    const again = await upload(hanyin, bytes);
    const after = await (await preview(hanyin, again.location)).json();
    expect(after.preview.applied).toEqual({ name: "汉阴月报", missing: [] });
    expect(after.preview.columns.find((c: { label: string }) => c.label === "主办科室").field).toBe("responsibleUnit");
    // Another county does not see 汉阴县's template.
    const other = await upload(shiquan, bytes);
    expect((await (await preview(shiquan, other.location)).json()).preview.applied).toBeNull();
  });

  test("an empty template name is refused next to the field", async () => {
    const { batchId, location } = await upload(hanyin, await xlsxBytes([{ name: "项目台账", rows: simpleLedgerRows() }]));
    const page = await (await preview(hanyin, location)).json();
    const res = await responseOf(templateAction({ request: testRequest(`/import/${batchId}`, { cookie: hanyin, form: { name: " ", state: page.stateQuery } }), params: { batchId }, ...ctx }));
    expect(res.status).toBe(400);
    expect((await res.json()).result.error.name).toEqual(["请填写模板名称"]);
  });
});

test("/import/template is a blank ledger the import reads", async () => {
  const res = await responseOf(blankLoader({ request: testRequest("/import/template", { cookie: hanyin }), params: {}, ...ctx }));
  expect(res.headers.get("Content-Type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  expect(res.headers.get("Content-Disposition")).toContain("filename*=UTF-8''");
  const workbook = await readLedgerWorkbook(new Uint8Array(await res.arrayBuffer()));
  expect(workbook.ok).toBe(true);
});
