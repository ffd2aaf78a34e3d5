// Credentials the product must store and use again (a 企业微信 robot URL carries its key, a 钉钉
// robot has a 加签 secret): AES-256-GCM at rest, so a database copy or backup does not leak them.
//
// The key: ZS_DATA_KEY (32 bytes as 64 hex digits or base64) when set — required when several
// servers share one PostgreSQL database; otherwise a key file, ZS_DATA_KEY_FILE or
// ./data/data.key, created on first use with mode 0600. Back the key up with the database: without
// it the stored robot addresses cannot be read and have to be entered again.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

const PREFIX = "v1:";
let cachedKey: { source: string; key: Buffer } | null = null;

function parseKey(text: string): Buffer {
  const value = text.trim();
  const key = /^[0-9a-f]{64}$/i.test(value) ? Buffer.from(value, "hex") : Buffer.from(value, "base64");
  if (key.length !== 32) throw new Error("ZS_DATA_KEY must be 32 bytes, as 64 hex digits or base64");
  return key;
}

function keyFile(): string {
  return path.resolve(process.env.ZS_DATA_KEY_FILE?.trim() || "data/data.key");
}

function dataKey(): Buffer {
  const env = process.env.ZS_DATA_KEY?.trim();
  const source = env ? `env:${env}` : `file:${keyFile()}`;
  if (cachedKey?.source === source) return cachedKey.key;
  let key: Buffer;
  if (env) key = parseKey(env);
  else {
    const file = keyFile();
    if (!fs.existsSync(file)) {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      try {
        // "wx": two processes starting at once cannot both write a key; the loser reads the winner's.
        fs.writeFileSync(file, `${randomBytes(32).toString("hex")}\n`, { mode: 0o600, flag: "wx" });
      } catch (error) {
        if ((error as { code?: string }).code !== "EEXIST") throw error;
      }
    }
    key = parseKey(fs.readFileSync(file, "utf8"));
  }
  cachedKey = { source, key };
  return key;
}

/** "v1:<iv>:<tag>:<ciphertext>", each base64. */
export function encryptSecret(plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", dataKey(), iv);
  const encrypted = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return `${PREFIX}${iv.toString("base64")}:${cipher.getAuthTag().toString("base64")}:${encrypted.toString("base64")}`;
}

export class SecretUnreadable extends Error {}

/** The plain text; throws SecretUnreadable when the key is not the one it was stored with. */
export function decryptSecret(stored: string): string {
  if (!stored.startsWith(PREFIX)) throw new SecretUnreadable("not an encrypted value");
  const [iv, tag, data] = stored.slice(PREFIX.length).split(":");
  if (!iv || !tag || data === undefined) throw new SecretUnreadable("malformed encrypted value");
  try {
    const decipher = createDecipheriv("aes-256-gcm", dataKey(), Buffer.from(iv, "base64"));
    decipher.setAuthTag(Buffer.from(tag, "base64"));
    return Buffer.concat([decipher.update(Buffer.from(data, "base64")), decipher.final()]).toString("utf8");
  } catch {
    throw new SecretUnreadable("cannot decrypt with the current key");
  }
}
