// Uploaded ledgers between their preview and their commit (issue 6): data/imports/<batchId>.xlsx,
// written only after the upload check passed, removed once the batch is committed or failed.
// Uploads nobody committed are swept after a day. ZS_IMPORT_DIR moves the folder (tests).
import fs from "node:fs/promises";
import path from "node:path";

const ABANDONED_AFTER_MS = 24 * 60 * 60 * 1000;
// Batch ids are cuids or UUIDs; anything else never becomes part of a path.
const SAFE_ID = /^[A-Za-z0-9-]{8,64}$/;

export function importDir(): string {
  return path.resolve(process.env.ZS_IMPORT_DIR?.trim() || "data/imports");
}

export function uploadPath(batchId: string): string {
  if (!SAFE_ID.test(batchId)) throw new Error(`Unsafe import batch id: ${batchId}`);
  return path.join(importDir(), `${batchId}.xlsx`);
}

/** Stores an upload (mode 0600: ledgers hold contacts and phone numbers); returns its path. */
export async function storeUpload(batchId: string, bytes: Uint8Array): Promise<string> {
  const file = uploadPath(batchId);
  await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  await fs.writeFile(file, bytes, { mode: 0o600 });
  return file;
}

/** The stored upload, or null once it has been committed, failed or swept. */
export async function readUpload(batchId: string): Promise<Buffer | null> {
  try {
    return await fs.readFile(uploadPath(batchId));
  } catch (error) {
    if ((error as { code?: string }).code === "ENOENT") return null;
    throw error;
  }
}

export async function removeUpload(batchId: string): Promise<void> {
  await fs.rm(uploadPath(batchId), { force: true });
}

/** Deletes uploads older than a day that were never committed. */
export async function sweepAbandonedUploads(at: Date = new Date()): Promise<void> {
  let names: string[];
  try {
    names = await fs.readdir(importDir());
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.endsWith(".xlsx")) continue;
    const file = path.join(importDir(), name);
    const stat = await fs.stat(file).catch(() => null);
    if (stat && at.getTime() - stat.mtimeMs > ABANDONED_AFTER_MS) await fs.rm(file, { force: true });
  }
}
