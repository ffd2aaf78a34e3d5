import { t } from "#app/i18n";
import { USCC_CHARSET, normalizeUscc, parseUscc, usccCheckChar } from "#app/domain/uscc";

// Character values: 0–9 → 0–9, A=10 B=11 C=12 D=13 E=14 F=15 G=16 H=17 J=18 K=19 L=20 M=21
// N=22 P=23 Q=24 R=25 T=26 U=27 W=28 X=29 Y=30.
// Weights:          1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28
// check = 31 − (Σ value × weight mod 31), with 31 written as 0.
const VALID = [
  // 9 1 3 5 0 1 0 0 M 0 0 0 1 0 0 Y 4:
  // 9 + 3 + 27 + 135 + 0 + 26 + 0 + 0 + 420 + 0 + 0 + 0 + 8 + 0 + 0 + 900 + 112 = 1640;
  // 1640 mod 31 = 28; 31 − 28 = 3 → "3".
  "91350100M000100Y43",
  // 9 + 3 + 36 + 108 + 0 + 78 + 0 + 0 + 140 + 0 + 200 + 52 + 48 + 24 + 10 + 90 + 168 = 966;
  // 966 mod 31 = 5; 31 − 5 = 26 → "T".
  "91440300708461136T",
  // 9 + 3 + 54 + 27 + 0 + 234 + 0 + 0 + 420 + 290 + 175 + 377 + 240 + 24 + 20 + 90 + 84 = 2047;
  // 2047 mod 31 = 1; 31 − 1 = 30 → "Y".
  "91610900MA7XY1233Y",
  // … + 24 × 28 = 672 in place of 84: Σ = 2635 = 85 × 31, mod 31 = 0; 31 − 0 = 31 → written "0".
  "91610900MA7XY123Q0",
];

describe("parseUscc", () => {
  test.each(VALID)("%s is valid", (code) => {
    expect(parseUscc(code)).toEqual({ ok: true, value: code });
  });

  test("the check character is computed as GB 32100 says", () => {
    expect(VALID.map((code) => usccCheckChar(code.slice(0, 17)))).toEqual(["3", "T", "Y", "0"]);
  });

  test("lower case, surrounding or inner spaces and full-width characters are normalised", () => {
    expect(parseUscc("91350100m000100y43")).toEqual({ ok: true, value: "91350100M000100Y43" });
    expect(parseUscc("  91350100M000100Y43\n")).toEqual({ ok: true, value: "91350100M000100Y43" });
    expect(parseUscc("9135 0100 M000 100Y 43")).toEqual({ ok: true, value: "91350100M000100Y43" });
    expect(parseUscc("９１３５０１００Ｍ０００１００Ｙ４３")).toEqual({ ok: true, value: "91350100M000100Y43" });
    expect(parseUscc("\u300091350100ｍ000100ｙ43\u3000")).toEqual({ ok: true, value: "91350100M000100Y43" });
  });

  test("a wrong check character names the expected one", () => {
    const result = parseUscc("91350100M000100Y44");
    expect(result).toEqual({
      ok: false,
      error: "checksum",
      expected: "3",
      message: "pipeline.usccChecksum",
      params: { expected: "3" },
    });
    if (!result.ok) expect(t(result.message, result.params)).toBe("统一社会信用代码校验位错误，应为 3");
  });

  test("every single-character change of a valid code is caught", () => {
    const code = "91350100M000100Y43";
    for (let i = 0; i < code.length; i++) {
      for (const char of USCC_CHARSET) {
        if (char === code[i]) continue;
        const changed = code.slice(0, i) + char + code.slice(i + 1);
        expect(parseUscc(changed).ok, changed).toBe(false);
      }
    }
  });

  test.each([
    ["", 0],
    ["91350100M000100Y4", 17],
    ["91350100M000100Y433", 19],
  ])("length: %j has %i characters", (input, length) => {
    expect(parseUscc(input)).toMatchObject({ ok: false, error: "length", params: { length } });
  });

  test.each([
    ["I", "91350100I000100Y43"],
    ["O", "91350100O000100Y43"],
    ["Z", "91350100Z000100Y43"],
    ["S", "91350100S000100Y43"],
    ["V", "91350100V000100Y43"],
    ["-", "91350100-000100Y43"],
    ["统", "91350100统000100Y43"],
  ])("charset: %s is not allowed", (char, input) => {
    const result = parseUscc(input);
    expect(result).toMatchObject({ ok: false, error: "charset", params: { position: 9, char } });
    if (!result.ok) expect(t(result.message, result.params)).toContain(`第 9 位“${char}”`);
  });

  test("a lower-case illegal letter is reported in upper case", () => {
    expect(parseUscc("91350100o000100Y43")).toMatchObject({ error: "charset", params: { char: "O" } });
  });

  test("a full-width bracket or dash is caught as a character, not as a length problem", () => {
    expect(parseUscc("913501００Ｍ000100－43")).toMatchObject({ error: "charset", params: { position: 16, char: "-" } });
  });
});

describe("the character set", () => {
  test("has 31 characters, without I, O, Z, S, V", () => {
    expect(USCC_CHARSET).toHaveLength(31);
    for (const char of "IOZSV") expect(USCC_CHARSET).not.toContain(char);
  });

  test("normalizeUscc only normalises; it does not validate", () => {
    expect(normalizeUscc(" ａｂｃ 1 ")).toBe("ABC1");
  });
});
