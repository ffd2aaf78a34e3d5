// The password rule of DESIGN §8 (等保2.0): ≥ 8 characters from 3 of the 4 classes, not the
// username, not a common password. The pure rule (app/domain/password-rule.ts) with a stub
// list, then the rule as the app applies it with the real list (app/utils/password.server.ts).
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { characterClasses, checkPassword, PASSWORD_MIN_LENGTH } from "#app/domain/password-rule";
import { hashPassword, isCommonPassword, validateNewPassword, verifyPassword } from "#app/utils/password.server";

const neverCommon = () => false;

describe("checkPassword (pure rule)", () => {
  test("counts the four character classes", () => {
    expect(characterClasses("abcdefgh")).toBe(1);
    expect(characterClasses("abcDEF12")).toBe(3);
    expect(characterClasses("aB3#")).toBe(4);
    // Anything not a Latin letter or digit is a symbol: Chinese characters, spaces.
    expect(characterClasses("招商 ")).toBe(1);
  });

  test("refuses fewer than 8 characters, even with all four classes", () => {
    expect(PASSWORD_MIN_LENGTH).toBe(8);
    expect(checkPassword("Ab1#xyz", { isCommon: neverCommon })).toEqual({ ok: false, message: "auth.passwordTooShort" });
    expect(checkPassword("Ab1#xyzw", { isCommon: neverCommon })).toEqual({ ok: true });
  });

  test("needs at least 3 of the 4 classes", () => {
    for (const twoClasses of ["abcdefgh1234", "ABCDEFGH1234", "abcdEFGHijkl", "abcdefg!!!!!", "12345678####"]) {
      expect(checkPassword(twoClasses, { isCommon: neverCommon }), twoClasses).toEqual({ ok: false, message: "auth.passwordTooSimple" });
    }
    for (const threeClasses of ["abcdEFGH1234", "abcdefg1234!", "ABCDEFG1234!", "abcdEFGH!!!!"]) {
      expect(checkPassword(threeClasses, { isCommon: neverCommon }), threeClasses).toEqual({ ok: true });
    }
  });

  test("refuses a password containing the username, whatever the case", () => {
    expect(checkPassword("Hanyin@2026", { username: "hanyin", isCommon: neverCommon })).toEqual({
      ok: false,
      message: "auth.passwordContainsUsername",
    });
    expect(checkPassword("x!HANBIN9x", { username: "hanbin", isCommon: neverCommon })).toEqual({
      ok: false,
      message: "auth.passwordContainsUsername",
    });
    expect(checkPassword("Hanyin@2026", { username: "hanbin", isCommon: neverCommon })).toEqual({ ok: true });
  });

  test("asks the list whether the password is common", () => {
    const asked: string[] = [];
    const isCommon = (p: string) => (asked.push(p), p === "Common#Pass1");
    expect(checkPassword("Common#Pass1", { isCommon })).toEqual({ ok: false, message: "auth.passwordTooCommon" });
    expect(asked).toEqual(["Common#Pass1"]);
  });
});

describe("validateNewPassword (with the real common-password list)", () => {
  test.each(["Password1", "PASSword1", "Passw0rd", "1qaz2WSX", "Qwerty123", "Aa123456", "P@ssw0rd", "Admin@123", "1qaz@WSX"])(
    "refuses the common password %s",
    (password) => {
      expect(isCommonPassword(password)).toBe(true);
      expect(validateNewPassword(password)).toEqual({ ok: false, message: "auth.passwordTooCommon" });
    },
  );

  test("refuses 'password' (too simple before it is even looked up)", () => {
    expect(isCommonPassword("password")).toBe(true);
    expect(validateNewPassword("password").ok).toBe(false);
  });

  test("accepts a good password, and the username check applies", () => {
    expect(isCommonPassword("Zhaoshang@2026")).toBe(false);
    expect(validateNewPassword("Zhaoshang@2026")).toEqual({ ok: true });
    expect(validateNewPassword("Zhaoshang@2026", "city")).toEqual({ ok: true });
    expect(validateNewPassword("Zhaoshang@2026", "zhaoshang")).toEqual({ ok: false, message: "auth.passwordContainsUsername" });
  });
});

test("hashes with Argon2id at the DESIGN §8 parameters and verifies", async () => {
  const hash = await hashPassword("Zhaoshang@2026");
  expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  expect(await verifyPassword(hash, "Zhaoshang@2026")).toBe(true);
  expect(await verifyPassword(hash, "Zhaoshang@2027")).toBe(false);
  expect(await verifyPassword("not-a-hash", "Zhaoshang@2026")).toBe(false);
});

test("every one of the 3 000 most common passwords (DESIGN §8) is known to the check, whatever its case", () => {
  const require = createRequire(import.meta.url);
  const file = path.join(path.dirname(require.resolve("common-password/package.json")), "lib", "10k most common.txt");
  // The package's list is ordered by frequency; the first 3 000 are the bar.
  const top = fs.readFileSync(file, "utf8").split(/\r?\n/).map((p) => p.trim()).filter(Boolean).slice(0, 3000);
  expect(top).toHaveLength(3000);
  const missed = top.filter((p) => !isCommonPassword(p) || !isCommonPassword(p.toUpperCase()));
  expect(missed).toEqual([]);
});
