// Uploads through the real route (DESIGN §8: .xlsx only by magic bytes, size and unpacked-size
// limits). tests/unit/xlsx-upload.test.ts proves the check itself on every shape of bad file;
// this proves the one upload route applies it to what a browser sends — a renamed program, a
// CSV, a body over the limit, zip bombs — answering 400 with the Chinese message and storing
// nothing (no file under ZS_IMPORT_DIR, no import batch, no audit row).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { deflateRawSync } from "node:zlib";
import { action as uploadAction } from "#app/routes/import._index";
import { simpleLedger } from "#tests/fixtures/ledger-builders";
import { XLSX_PARTS, zipBytes } from "#tests/fixtures/zip-builder";
import { createTestUser, testDb } from "#tests/setup/db";
import { responseOf, sessionCookieFor, testRequest } from "#tests/setup/session";

const db = testDb();
const MiB = 1024 * 1024;
const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
let dir: string;
let cookie: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "security-uploads-"));
  process.env.ZS_IMPORT_DIR = dir;
  const officer = await createTestUser(db, { role: "COUNTY_OFFICER", regionName: "汉阴县" });
  cookie = await sessionCookieFor(officer.username);
});

afterAll(() => {
  delete process.env.ZS_IMPORT_DIR;
  fs.rmSync(dir, { recursive: true, force: true });
});

async function uploadRefused(bytes: Uint8Array, name: string, type: string): Promise<string> {
  const [batches, audits] = await Promise.all([db.importBatch.count(), db.auditLog.count()]);
  const base = testRequest("/import", { cookie, method: "POST" });
  const form = new FormData();
  form.set("file", new File([new Uint8Array(bytes)], name, { type }));
  const res = await responseOf(uploadAction({ request: new Request(base.url, { method: "POST", headers: base.headers, body: form }), params: {}, context: {} }));
  expect(res.status).toBe(400);
  expect(fs.readdirSync(dir)).toEqual([]);
  expect(await db.importBatch.count()).toBe(batches);
  expect(await db.auditLog.count()).toBe(audits);
  return ((await res.json()) as { error: string }).error;
}

test("a Windows program renamed .xlsx is refused by its content", async () => {
  const exe = Buffer.concat([Buffer.from("MZ\x90\x00\x03\x00\x00\x00", "latin1"), Buffer.alloc(4096, 0x41)]);
  expect(await uploadRefused(exe, "台账.xlsx", XLSX_TYPE)).toBe("不是有效的 Excel .xlsx 文件");
});

test("a CSV ledger (the usual wrong type) is refused, whatever its name and declared type", async () => {
  const csv = new TextEncoder().encode("项目名称,投资方,计划投资\n新材料基地,某公司,5000\n");
  expect(await uploadRefused(csv, "台账.csv", "text/csv")).toBe("不是有效的 Excel .xlsx 文件");
  expect(await uploadRefused(csv, "台账.xlsx", XLSX_TYPE)).toBe("不是有效的 Excel .xlsx 文件");
});

test("a body over 10 MB is refused while it is read, with the size message", async () => {
  const big = Buffer.concat([await simpleLedger(), Buffer.alloc(10 * MiB + 1)]);
  expect(await uploadRefused(big, "台账.xlsx", XLSX_TYPE)).toMatch(/^文件超过 10 MB/);
});

test("zip bombs are refused before they are unpacked: many small entries, and one entry packed far beyond a spreadsheet", async () => {
  const packed = deflateRawSync(Buffer.alloc(100 * 1024));
  const many = Array.from({ length: 1500 }, (_, i) => ({ name: `xl/media/image${i}.bin`, data: new Uint8Array(), packed, declaredSize: 100 * 1024 }));
  const wide = zipBytes([...XLSX_PARTS, ...many]); // 150 MB unpacked from well under 10 MB
  expect(wide.byteLength).toBeLessThan(10 * MiB);
  expect(await uploadRefused(wide, "台账.xlsx", XLSX_TYPE)).toBe("文件解压后过大，已拒绝");

  const zeros = deflateRawSync(Buffer.alloc(50 * MiB));
  const deep = zipBytes([...XLSX_PARTS, { name: "xl/worksheets/sheet1.xml", data: new Uint8Array(), packed: zeros, declaredSize: 50 * MiB }]);
  expect(deep.byteLength).toBeLessThan(MiB);
  expect(await uploadRefused(deep, "台账.xlsx", XLSX_TYPE)).toBe("文件解压后过大（压缩比异常），已拒绝");
});
