// Password hashing (Argon2id with the OWASP parameters of DESIGN §8) and the common-password
// list. The list is the 10 000 most common passwords shipped by the `common-password` package,
// compared case-insensitively, plus patterns popular in China that pass the class rule.
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { hash, verify } from "@node-rs/argon2";
import { checkPassword, type PasswordCheck } from "#app/domain/password-rule";

const ARGON2ID = 2; // @node-rs/argon2 Algorithm.Argon2id (const enums cannot cross isolatedModules)
const ARGON2_OPTIONS = { algorithm: ARGON2ID, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

const LOCAL_COMMON = ["aa123456", "aa123456!", "aa123456.", "abc123456", "abc@123", "abcd1234!", "admin@123", "admin123!", "p@ssw0rd", "passw0rd!", "qwer1234!", "woaini1314", "woaini520!", "a123456!", "1qaz@wsx", "1qaz2wsx#", "qq123456!", "zxcv1234!"];

let common: Set<string> | null = null;

function commonPasswords(): Set<string> {
  if (common) return common;
  const require = createRequire(import.meta.url);
  const dir = path.dirname(require.resolve("common-password/package.json"));
  const list = fs.readFileSync(path.join(dir, "lib", "10k most common.txt"), "utf8").split(/\r?\n/);
  common = new Set([...list, ...LOCAL_COMMON].map((p) => p.trim().toLowerCase()).filter(Boolean));
  return common;
}

export function isCommonPassword(password: string): boolean {
  return commonPasswords().has(password.toLowerCase());
}

export function validateNewPassword(password: string, username?: string): PasswordCheck {
  return checkPassword(password, { username, isCommon: isCommonPassword });
}
