// Uploads are refused unless they are an .xlsx by content, at most 10 MB, and safe to unpack
// (DESIGN §8): every case is a real file built here — a workbook from exceljs, a renamed text
// file, an old .xls, a zip that is not a workbook, and zip bombs of both shapes.
import { constants, createDeflateRaw, deflateRawSync } from "node:zlib";
import { t } from "#app/i18n";
import { checkXlsxUpload, XLSX_UPLOAD_LIMITS } from "#app/utils/xlsx-upload.server";
import { readZipDirectory } from "#app/utils/zip-directory.server";
import { simpleLedger } from "#tests/fixtures/ledger-builders";
import { XLSX_PARTS, zipBytes } from "#tests/fixtures/zip-builder";

const MiB = 1024 * 1024;

/** `size` zero bytes deflated at the highest ratio, streamed so the zeros never sit in memory. */
async function deflatedZeros(size: number): Promise<Buffer> {
  const deflate = createDeflateRaw({ level: constants.Z_BEST_COMPRESSION });
  const chunks: Buffer[] = [];
  deflate.on("data", (chunk: Buffer) => chunks.push(chunk));
  const block = Buffer.alloc(MiB);
  for (let left = size; left > 0; left -= MiB) {
    if (!deflate.write(left >= MiB ? block : block.subarray(0, left))) await new Promise((r) => deflate.once("drain", r));
  }
  await new Promise<void>((resolve) => deflate.end(resolve));
  return Buffer.concat(chunks);
}

function refusal(bytes: Uint8Array, limits = XLSX_UPLOAD_LIMITS) {
  const check = checkXlsxUpload(bytes, limits);
  return check.ok ? "ok" : check.message;
}

describe("checkXlsxUpload", () => {
  test("a workbook written by exceljs is accepted", async () => {
    expect(checkXlsxUpload(await simpleLedger())).toEqual({ ok: true });
  });

  test("an empty upload is refused", () => {
    expect(refusal(new Uint8Array())).toBe("ledger.uploadEmpty");
  });

  test("a text file renamed .xlsx is not an Excel file", () => {
    const csv = Buffer.from("项目名称,投资方\nA项目,甲公司\n", "utf8");
    expect(refusal(csv)).toBe("ledger.uploadNotXlsx");
    expect(t("ledger.uploadNotXlsx")).toBe("不是有效的 Excel .xlsx 文件");
  });

  test("an HTML page saved as .xlsx is not an Excel file", () => {
    expect(refusal(Buffer.from("<html><table><tr><td>1</td></tr></table></html>"))).toBe("ledger.uploadNotXlsx");
  });

  test("an old .xls (or a password-protected workbook) is told to be saved as .xlsx", () => {
    const xls = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(4096)]);
    expect(refusal(xls)).toBe("ledger.uploadLegacyXls");
  });

  test("a zip that is not a workbook is refused", () => {
    const zip = zipBytes([{ name: "readme.txt", data: Buffer.from("hello") }, { name: "word/document.xml", data: Buffer.from("<w/>") }]);
    expect(refusal(zip)).toBe("ledger.uploadNotWorkbook");
  });

  test("a file over 10 MB is refused before it is opened, with its size", async () => {
    const big = Buffer.concat([await simpleLedger(), Buffer.alloc(10 * MiB)]);
    const check = checkXlsxUpload(big);
    expect(check).toMatchObject({ ok: false, message: "ledger.uploadTooLarge" });
    if (!check.ok) expect(t(check.message, check.params)).toMatch(/^文件超过 10 MB（当前 10\.\d MB）/);
  });

  test("a zip bomb of one huge entry is refused from its directory, before anything is unpacked", async () => {
    const packed = await deflatedZeros(120 * MiB);
    expect(packed.byteLength).toBeLessThan(200_000); // tiny on disk
    const bomb = zipBytes([...XLSX_PARTS, { name: "xl/worksheets/sheet1.xml", data: new Uint8Array(), packed, declaredSize: 120 * MiB }]);
    expect(refusal(bomb)).toBe("ledger.uploadTooLargeUnpacked");
    expect(t("ledger.uploadTooLargeUnpacked")).toBe("文件解压后过大，已拒绝");
  });

  test("a zip bomb of many small, highly compressible entries is refused by their total", () => {
    const packed = deflateRawSync(Buffer.alloc(100 * 1024));
    const entries = Array.from({ length: 1500 }, (_, i) => ({ name: `xl/media/image${i}.bin`, data: new Uint8Array(), packed, declaredSize: 100 * 1024 }));
    expect(refusal(zipBytes([...XLSX_PARTS, ...entries]))).toBe("ledger.uploadTooLargeUnpacked");
  });

  test("too many entries are refused", () => {
    const entries = Array.from({ length: 2001 }, (_, i) => ({ name: `xl/x${i}.xml`, data: Buffer.from("x") }));
    const check = checkXlsxUpload(zipBytes([...XLSX_PARTS, ...entries]));
    expect(check).toEqual({ ok: false, message: "ledger.uploadTooManyEntries", params: { count: 2003 } });
  });

  test("one entry packed far beyond what a spreadsheet packs is refused by its ratio", () => {
    const sheet = { name: "xl/worksheets/sheet1.xml", data: Buffer.alloc(20 * MiB) }; // ratio ≈ 1000
    expect(refusal(zipBytes([...XLSX_PARTS, sheet]))).toBe("ledger.uploadSuspiciousRatio");
  });

  test("a directory that understates an entry's size is caught while unpacking, at the declared size", () => {
    const sheet = { name: "xl/worksheets/sheet1.xml", data: Buffer.alloc(30 * MiB), declaredSize: 1000 };
    expect(refusal(zipBytes([...XLSX_PARTS, sheet]))).toBe("ledger.uploadTooLargeUnpacked");
  });

  test("a directory that overstates an entry's size is a corrupt file", () => {
    const sheet = { name: "xl/worksheets/sheet1.xml", data: Buffer.from("<worksheet/>"), declaredSize: 5000 };
    expect(refusal(zipBytes([...XLSX_PARTS, sheet]))).toBe("ledger.uploadCorrupt");
  });

  test("encrypted entries and compression other than deflate are refused", () => {
    expect(refusal(zipBytes([...XLSX_PARTS, { name: "xl/a.xml", data: Buffer.from("x"), encrypted: true }]))).toBe("ledger.uploadEncrypted");
    expect(refusal(zipBytes([...XLSX_PARTS, { name: "xl/a.xml", data: Buffer.from("x"), method: 12 }]))).toBe("ledger.uploadUnsupportedCompression");
  });

  test("stored (uncompressed) entries are fine", () => {
    expect(refusal(zipBytes(XLSX_PARTS.map((p) => ({ ...p, method: 0 }))))).toBe("ok");
  });

  test("a truncated workbook is corrupt", async () => {
    const bytes = await simpleLedger();
    expect(refusal(bytes.subarray(0, bytes.byteLength - 10))).toMatch(/^ledger\.upload(Corrupt|NotXlsx)$/);
    expect(refusal(bytes.subarray(0, Math.floor(bytes.byteLength / 2)))).toMatch(/^ledger\.upload(Corrupt|NotXlsx)$/);
  });

  test("damaged data behind a sound directory is corrupt", async () => {
    const bytes = Buffer.from(await simpleLedger());
    const directory = readZipDirectory(bytes);
    if (!directory.ok) throw new Error("exceljs wrote an unreadable zip");
    const sheet = directory.entries.find((e) => e.name === "xl/worksheets/sheet1.xml")!;
    bytes.fill(0xff, sheet.localHeaderOffset + 60, sheet.localHeaderOffset + 200);
    expect(refusal(bytes)).toBe("ledger.uploadCorrupt");
  });

  test("limits can be tightened", async () => {
    expect(refusal(await simpleLedger(), { ...XLSX_UPLOAD_LIMITS, maxFileBytes: 1000 })).toBe("ledger.uploadTooLarge");
    expect(refusal(await simpleLedger(), { ...XLSX_UPLOAD_LIMITS, maxUnpackedBytes: 1000 })).toBe("ledger.uploadTooLargeUnpacked");
  });
});

describe("readZipDirectory", () => {
  test("lists the entries with their declared sizes", () => {
    const zip = zipBytes([{ name: "a.txt", data: Buffer.from("hello") }, { name: "目录/b.txt", data: Buffer.from("x".repeat(1000)) }]);
    const directory = readZipDirectory(zip);
    expect(directory.ok && directory.entries.map((e) => [e.name, e.method, e.uncompressedSize])).toEqual([
      ["a.txt", 8, 5],
      ["目录/b.txt", 8, 1000],
    ]);
  });

  test("finds the directory behind an archive comment", () => {
    const zip = zipBytes([{ name: "a.txt", data: Buffer.from("hello") }]);
    const comment = Buffer.from("generated by a test");
    zip.writeUInt16LE(comment.byteLength, zip.byteLength - 2);
    expect(readZipDirectory(Buffer.concat([zip, comment])).ok).toBe(true);
  });

  test("is not fooled by a file without an end record, nor by ZIP64 markers", () => {
    expect(readZipDirectory(Buffer.from("PK\x03\x04 not really"))).toEqual({ ok: false, reason: "notZip" });
    const zip = zipBytes([{ name: "a.txt", data: Buffer.from("hello") }]);
    zip.writeUInt32LE(0xffffffff, zip.byteLength - 6); // directory offset
    expect(readZipDirectory(zip)).toEqual({ ok: false, reason: "zip64" });
  });
});
