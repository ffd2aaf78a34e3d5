// Whether uploaded bytes may be handed to the spreadsheet reader (DESIGN §8 "Uploads"): an
// .xlsx by its content, not its name; at most 10 MB; and, read from the zip's own directory
// before anything is unpacked, a bounded number of entries and bytes once unpacked, so a zip
// bomb is refused instead of filling the server's memory. Each refusal says why in Chinese.
import { type MessageKey, type MessageParams } from "#app/i18n";
import { checkEntryUnpacksAsDeclared, readZipDirectory, type ZipEntry } from "./zip-directory.server";

const MiB = 1024 * 1024;

export type XlsxUploadLimits = {
  maxFileBytes: number;
  maxEntries: number;
  /** Sum of the entries' sizes once unpacked. */
  maxUnpackedBytes: number;
  /** Unpacked ÷ packed size of one entry; deflate cannot pass about 1032. */
  maxEntryRatio: number;
  /** Entries smaller than this unpacked are not held to the ratio (tiny XML parts pack well). */
  ratioCheckFromBytes: number;
};

// A 10 000-row ledger is about 0.5 MB packed and 4 MB unpacked at a ratio under 15; a sheet
// of empty formatted rows packs near 15. These limits leave a wide margin above real files.
export const XLSX_UPLOAD_LIMITS: XlsxUploadLimits = {
  maxFileBytes: 10 * MiB,
  maxEntries: 2000,
  maxUnpackedBytes: 100 * MiB,
  maxEntryRatio: 200,
  ratioCheckFromBytes: MiB,
};

export type XlsxUploadCheck = { ok: true } | { ok: false; message: MessageKey; params?: MessageParams };

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04]; // "PK\3\4", a zip's first local header
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]; // .xls, and any password-protected workbook
// The parts every .xlsx has and the reader opens first.
const REQUIRED_PARTS = ["[Content_Types].xml", "xl/workbook.xml"];

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return magic.every((byte, i) => bytes[i] === byte);
}

const refuse = (message: MessageKey, params?: MessageParams): XlsxUploadCheck => ({ ok: false, message, ...(params ? { params } : {}) });

/** The verdict on an upload, checked cheapest first; ok means it may be parsed. */
export function checkXlsxUpload(bytes: Uint8Array, limits: XlsxUploadLimits = XLSX_UPLOAD_LIMITS): XlsxUploadCheck {
  if (bytes.byteLength === 0) return refuse("ledger.uploadEmpty");
  if (bytes.byteLength > limits.maxFileBytes) {
    return refuse("ledger.uploadTooLarge", { size: (bytes.byteLength / MiB).toFixed(1) });
  }
  if (startsWith(bytes, OLE_MAGIC)) return refuse("ledger.uploadLegacyXls");
  if (!startsWith(bytes, ZIP_MAGIC)) return refuse("ledger.uploadNotXlsx");

  const directory = readZipDirectory(bytes);
  if (!directory.ok) return refuse(directory.reason === "notZip" ? "ledger.uploadNotXlsx" : "ledger.uploadCorrupt");
  const { entries } = directory;
  if (entries.length > limits.maxEntries) return refuse("ledger.uploadTooManyEntries", { count: entries.length });
  const names = new Set(entries.map((e) => e.name));
  if (!REQUIRED_PARTS.every((part) => names.has(part))) return refuse("ledger.uploadNotWorkbook");
  if (entries.some((e) => e.encrypted)) return refuse("ledger.uploadEncrypted");
  if (entries.some((e) => e.method !== 0 && e.method !== 8)) return refuse("ledger.uploadUnsupportedCompression");

  const declared = entries.reduce((sum, e) => sum + e.uncompressedSize, 0);
  if (declared > limits.maxUnpackedBytes) return refuse("ledger.uploadTooLargeUnpacked");
  if (entries.some((e) => exceedsRatio(e, limits))) return refuse("ledger.uploadSuspiciousRatio");
  return verifyDeclaredSizes(bytes, entries);
}

function exceedsRatio(entry: ZipEntry, limits: XlsxUploadLimits): boolean {
  if (entry.uncompressedSize < limits.ratioCheckFromBytes) return false;
  return entry.uncompressedSize / Math.max(1, entry.compressedSize) > limits.maxEntryRatio;
}

/**
 * The directory's sizes are only a claim; a forged one could hide a bomb. Each entry is
 * unpacked, stopping at its declared size, and refused if it would grow past it. The total
 * work is bounded by the declared sum already checked above.
 */
function verifyDeclaredSizes(bytes: Uint8Array, entries: readonly ZipEntry[]): XlsxUploadCheck {
  for (const entry of entries) {
    if (entry.name.endsWith("/")) continue;
    const result = checkEntryUnpacksAsDeclared(bytes, entry);
    if (result === "larger") return refuse("ledger.uploadTooLargeUnpacked");
    if (result === "corrupt") return refuse("ledger.uploadCorrupt");
  }
  return { ok: true };
}
