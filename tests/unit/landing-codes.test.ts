// The stored codes of issue 4 are glossary words with a Chinese label, and the mechanism's new
// settings keep every configuration stored before them valid.
import { RED_FLAGS } from "#app/domain/aftercare";
import { ALERT_KINDS, RECIPIENT_KINDS } from "#app/domain/alert-rules";
import { FUNDS_SOURCES, MILESTONE_KINDS } from "#app/domain/contract-performance";
import { GLOSSARY } from "#app/domain/glossary";
import { INCENTIVE_STATUSES } from "#app/domain/incentives";
import { PROBLEM_ACTIONS, PROBLEM_CATEGORIES, PROBLEM_STATUSES } from "#app/domain/problem-status";
import { CANDIDATE_STATUSES, EIA_CATEGORIES, SITE_KINDS, SITE_STATUSES } from "#app/domain/site-reservation";
import { hasMessage } from "#app/i18n";
import { DEFAULT_MECHANISM, parseMechanism } from "#app/schemas/mechanism";

const identifiers = Object.values(GLOSSARY) as string[];

const STORED_CODES: [prefix: string, codes: readonly string[]][] = [
  ["siteKind", SITE_KINDS],
  ["siteStatus", SITE_STATUSES],
  ["candidateStatus", CANDIDATE_STATUSES],
  ["eia", EIA_CATEGORIES],
  ["milestone", MILESTONE_KINDS],
  ["fundsSource", FUNDS_SOURCES],
  ["problemStatus", PROBLEM_STATUSES],
  ["problemCategory", PROBLEM_CATEGORIES],
  ["incentiveStatus", INCENTIVE_STATUSES],
  ["redFlag", RED_FLAGS],
];

describe("issue 4 codes", () => {
  test.each(STORED_CODES)("every %s code is a glossary word with a Chinese label", (prefix, codes) => {
    for (const code of codes) {
      expect(identifiers, code).toContain(code);
      expect(hasMessage(`landing.${prefix}_${code}`), `${prefix}_${code}`).toBe(true);
    }
  });

  test("actions, alert kinds and recipient kinds have labels", () => {
    for (const action of PROBLEM_ACTIONS) expect(hasMessage(`landing.problemAction_${action}`), action).toBe(true);
    for (const kind of ALERT_KINDS) expect(hasMessage(`landing.alertKind_${kind}`), kind).toBe(true);
    for (const kind of RECIPIENT_KINDS) expect(hasMessage(`landing.recipient_${kind}`), kind).toBe(true);
  });
});

describe("mechanism settings added for issue 4", () => {
  // A configuration as stored before these settings existed (version 1 of the seed).
  const storedBefore = {
    stages: DEFAULT_MECHANISM.stages,
    followUpCadenceDays: { key: 7, normal: 30 },
    warning: { yellowRatio: 0.8 },
    keyProjectThresholdWan: 10_000,
    problemLimitWorkdays: 15,
    countingRules: DEFAULT_MECHANISM.countingRules,
  };

  test("a configuration stored before them is still valid and takes their defaults", () => {
    const result = parseMechanism(JSON.parse(JSON.stringify(storedBefore)));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config.problemLimitWorkdays).toBe(15);
    expect(result.config.incentiveDueSoonDays).toBe(10);
    expect(result.config.instructionReplyWorkdays).toBe(5);
    expect(result.config.aftercare).toEqual({ visitCadenceDays: { key: 30, normal: 90 }, stages: ["PRODUCTION", "AT_CAPACITY"] });
    expect(result.config.alertRecipients).toEqual(DEFAULT_MECHANISM.alertRecipients);
    expect(result.config.fairCompetition).toEqual(DEFAULT_MECHANISM.fairCompetition);
  });

  test("at red a problem reaches the 包抓领导 and the city by default", () => {
    expect(DEFAULT_MECHANISM.alertRecipients.PROBLEM_OVERDUE).toEqual(expect.arrayContaining(["LEAD_LEADER", "CITY"]));
  });

  test("every alert kind has recipients by default; one kind may be changed alone", () => {
    expect(Object.keys(DEFAULT_MECHANISM.alertRecipients)).toEqual([...ALERT_KINDS]);
    const result = parseMechanism({ alertRecipients: { STAGE_OVERDUE: ["CITY"] } });
    expect(result.ok && result.config.alertRecipients.STAGE_OVERDUE).toEqual(["CITY"]);
    expect(result.ok && result.config.alertRecipients.PROBLEM_OVERDUE).toEqual(DEFAULT_MECHANISM.alertRecipients.PROBLEM_OVERDUE);
  });

  test("bad values are refused with the path and a Chinese message", () => {
    const result = parseMechanism({
      incentiveDueSoonDays: 0,
      alertRecipients: { PROBLEM_OVERDUE: ["CITY", "CITY"], NO_SUCH_KIND: [] },
      aftercare: { visitCadenceDays: { key: 90, normal: 30 } },
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => e.path).sort()).toEqual([
      "aftercare.visitCadenceDays.key",
      "alertRecipients",
      "alertRecipients.PROBLEM_OVERDUE",
      "incentiveDueSoonDays",
    ]);
    for (const error of result.errors) expect(error.message).toMatch(/[\u4e00-\u9fff]/u);
  });

  test("the defaults are frozen like the rest of the profile", () => {
    expect(Object.isFrozen(DEFAULT_MECHANISM.fairCompetition.rules[0])).toBe(true);
    expect(Object.isFrozen(DEFAULT_MECHANISM.alertRecipients.PROBLEM_OVERDUE)).toBe(true);
  });
});
