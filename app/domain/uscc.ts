// 统一社会信用代码 (GB 32100-2015): 18 characters from a 31-character set without I, O, Z, S
// and V; the 18th is a check character over the first 17 (weighted sum modulo 31). It keys a
// company record and drives duplicate detection (DESIGN §4, §7.1).
import { type MessageKey, type MessageParams } from "#app/i18n";

export const USCC_LENGTH = 18;
export const USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
const MODULUS = USCC_CHARSET.length;

export type UsccError = "length" | "charset" | "checksum";

export type UsccResult =
  | { ok: true; value: string }
  | { ok: false; error: UsccError; expected?: string; message: MessageKey; params: MessageParams };

/** The check character for the first 17 characters of a code (which must be in the charset). */
export function usccCheckChar(first17: string): string {
  let sum = 0;
  WEIGHTS.forEach((weight, i) => {
    sum += USCC_CHARSET.indexOf(first17.charAt(i)) * weight;
  });
  return USCC_CHARSET.charAt((MODULUS - (sum % MODULUS)) % MODULUS);
}

/** Upper case, half-width, without whitespace: how a code is stored and compared. */
export function normalizeUscc(input: string): string {
  // NFKC turns full-width letters and digits (typed with a Chinese IME) into ASCII.
  return input.normalize("NFKC").replace(/\s+/g, "").toUpperCase();
}

export function parseUscc(input: string): UsccResult {
  const value = normalizeUscc(input);
  if (value.length !== USCC_LENGTH) {
    return { ok: false, error: "length", message: "pipeline.usccLength", params: { length: value.length } };
  }
  const bad = [...value].findIndex((char) => !USCC_CHARSET.includes(char));
  if (bad >= 0) {
    return { ok: false, error: "charset", message: "pipeline.usccCharset", params: { position: bad + 1, char: value.charAt(bad) } };
  }
  const expected = usccCheckChar(value.slice(0, USCC_LENGTH - 1));
  if (value.charAt(USCC_LENGTH - 1) !== expected) {
    return { ok: false, error: "checksum", expected, message: "pipeline.usccChecksum", params: { expected } };
  }
  return { ok: true, value };
}
