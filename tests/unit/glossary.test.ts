import { hasMessage } from "#app/i18n";
import { COMPANY_TAGS } from "#app/domain/company-name";
import { GLOSSARY } from "#app/domain/glossary";
import { STAGE_CODES } from "#app/domain/stages";
import { WARNING_LEVELS } from "#app/domain/warnings";

const identifiers = Object.values(GLOSSARY) as string[];

// Codes stored in the database (prisma/schema.prisma comments) and their dictionary prefix.
const STORED_CODES: [prefix: string, codes: readonly string[]][] = [
  ["stage", STAGE_CODES],
  ["tag", COMPANY_TAGS],
  ["followUpKind", ["PHONE", "VISIT", "INBOUND", "INSPECTION", "NEGOTIATION", "PROMOTION", "SIGNING_CEREMONY"]],
  ["capacity", ["RECRUIT", "MEET", "COORDINATE", "SUPERVISE"]],
  ["contractType", ["FRAMEWORK", "FORMAL", "SUPPLEMENT"]],
  ["nature", ["NEW", "EXPANSION", "RENOVATION"]],
];

describe("glossary", () => {
  test.each(STORED_CODES)("every %s code is a glossary word with a Chinese label", (prefix, codes) => {
    for (const code of codes) {
      expect(identifiers, code).toContain(code);
      expect(hasMessage(`pipeline.${prefix}_${code}`), `${prefix}_${code}`).toBe(true);
    }
  });

  test("warning levels are glossary words", () => {
    for (const level of WARNING_LEVELS.filter((l) => l !== "NONE")) expect(identifiers).toContain(level);
  });

  test("the words the style guide names have the identifiers it names", () => {
    expect(GLOSSARY).toMatchObject({
      到位资金: "fundsInPlace",
      包抓领导: "leadLeader",
      销号: "close",
      签约: "SIGNED",
      落地: "LANDED",
      工作日: "workday",
      首报归属: "ownerRegion",
      跟进: "followUp",
      专班: "taskForce",
      重点: "isKey",
    });
  });

  test("two words share an identifier only when they are synonyms", () => {
    const seen = new Map<string, string[]>();
    for (const [word, id] of Object.entries(GLOSSARY)) seen.set(id, [...(seen.get(id) ?? []), word]);
    const shared = [...seen].filter(([, words]) => words.length > 1);
    expect(shared).toEqual([["company", ["企业", "客商"]]]);
  });
});
