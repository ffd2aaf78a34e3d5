// The table of contents of a zip file (an .xlsx is one), read from its central directory
// without unpacking anything, so an upload can be judged by its declared sizes before a
// spreadsheet library inflates it (DESIGN §8, zip bombs). Only what .xlsx files use is
// understood: no ZIP64, no multi-disk archives. Layout: PKWARE APPNOTE.TXT §4.3.
import { inflateRawSync } from "node:zlib";

export type ZipEntry = {
  name: string;
  /** 0 stored, 8 deflate; anything else is unusual in an .xlsx. */
  method: number;
  encrypted: boolean;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
};

export type ZipDirectory = { ok: true; entries: ZipEntry[] } | { ok: false; reason: "notZip" | "corrupt" | "zip64" };

const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
const END_RECORD_SIZE = 22;
const DIRECTORY_ENTRY_SIZE = 46;
const LOCAL_HEADER_SIZE = 30;
const MAX_COMMENT = 0xffff;
const ENCRYPTED_FLAG = 0x0001;

/** The entries of a zip file as its central directory declares them. */
export function readZipDirectory(bytes: Uint8Array): ZipDirectory {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = findEndOfDirectory(view);
  if (end < 0) return { ok: false, reason: "notZip" };
  const count = view.getUint16(end + 10, true);
  const size = view.getUint32(end + 12, true);
  const offset = view.getUint32(end + 16, true);
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) return { ok: false, reason: "zip64" };
  if (offset + size > end) return { ok: false, reason: "corrupt" };

  const names = new TextDecoder("utf-8");
  const entries: ZipEntry[] = [];
  let at = offset;
  for (let i = 0; i < count; i++) {
    if (at + DIRECTORY_ENTRY_SIZE > offset + size || view.getUint32(at, true) !== DIRECTORY_ENTRY) return { ok: false, reason: "corrupt" };
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const entry: ZipEntry = {
      name: names.decode(bytes.subarray(at + DIRECTORY_ENTRY_SIZE, at + DIRECTORY_ENTRY_SIZE + nameLength)),
      method: view.getUint16(at + 10, true),
      encrypted: (view.getUint16(at + 8, true) & ENCRYPTED_FLAG) !== 0,
      compressedSize: view.getUint32(at + 20, true),
      uncompressedSize: view.getUint32(at + 24, true),
      localHeaderOffset: view.getUint32(at + 42, true),
    };
    if (entry.compressedSize === 0xffffffff || entry.uncompressedSize === 0xffffffff || entry.localHeaderOffset === 0xffffffff) {
      return { ok: false, reason: "zip64" };
    }
    entries.push(entry);
    at += DIRECTORY_ENTRY_SIZE + nameLength + extraLength + commentLength;
  }
  return { ok: true, entries };
}

/** Offset of the end-of-central-directory record, searched backwards over a possible comment. */
function findEndOfDirectory(view: DataView): number {
  const last = view.byteLength - END_RECORD_SIZE;
  for (let at = last; at >= 0 && at >= last - MAX_COMMENT; at--) {
    if (view.getUint32(at, true) === END_OF_DIRECTORY) return at;
  }
  return -1;
}

/**
 * The compressed bytes of an entry, found through its local header the way spreadsheet
 * libraries find them; null when the header is missing or the data runs past the file.
 */
export function zipEntryData(bytes: Uint8Array, entry: ZipEntry): Uint8Array | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = entry.localHeaderOffset;
  if (at + LOCAL_HEADER_SIZE > bytes.byteLength || view.getUint32(at, true) !== LOCAL_HEADER) return null;
  const start = at + LOCAL_HEADER_SIZE + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  const end = start + entry.compressedSize;
  return end <= bytes.byteLength ? bytes.subarray(start, end) : null;
}

export type InflateCheck = "ok" | "larger" | "corrupt";

/**
 * Whether an entry really unpacks to its declared size. Inflation stops as soon as the output
 * would pass that size, so a header that understates a bomb costs no more than it declared.
 */
export function checkEntryUnpacksAsDeclared(bytes: Uint8Array, entry: ZipEntry): InflateCheck {
  const data = zipEntryData(bytes, entry);
  if (!data) return "corrupt";
  if (entry.method === 0) return data.byteLength === entry.uncompressedSize ? "ok" : "corrupt";
  try {
    const out = inflateRawSync(data, { maxOutputLength: Math.max(1, entry.uncompressedSize) });
    if (out.byteLength === entry.uncompressedSize) return "ok";
    return out.byteLength > entry.uncompressedSize ? "larger" : "corrupt";
  } catch (error) {
    return (error as { code?: string }).code === "ERR_BUFFER_TOO_LARGE" ? "larger" : "corrupt";
  }
}
