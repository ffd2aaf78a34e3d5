// Incentive wording against the 2024 《公平竞争审查条例》 (DESIGN §7.3, issue 4 §7): an item
// whose text resembles a practice the regulation forbids without a legal basis — 税收返还,
// rewards tied to tax paid, 先征后返, 土地出让金返还, land below cost, fee exemptions — is
// flagged with the reason, for an officer to review. The rules are configuration
// (mechanism.fairCompetition); this file only knows how to apply them.
//
// How a rule matches, on text normalised (full-width folded, spaces removed):
// - `anyOf`: one of the phrases appears;
// - `together`: in one sentence, a phrase from every group appears (e.g. 纳税额 … 奖励);
// - an occurrence does not count when a configured negation (不得, 不享受 …) comes before it in
//   the same clause, or when it lies inside one of the rule's `excludes` (不低于成本价).
import { type MessageKey, type MessageParams } from "#app/i18n";
import { type FairCompetitionRule, type MechanismConfig } from "#app/schemas/mechanism";

export type FairCompetitionFlag = {
  ruleId: string;
  reason: { key: MessageKey; params?: MessageParams };
  /** The phrases found, as written in the normalised text. */
  matched: string[];
};

/** Flags of every rule the text resembles, in the configured order of the rules; [] when none. */
export function fairCompetitionFlags(text: string | null | undefined, config: MechanismConfig): FairCompetitionFlag[] {
  const normalised = normaliseWording(text ?? "");
  if (normalised === "") return [];
  const { rules, negations } = config.fairCompetition;
  const flags: FairCompetitionFlag[] = [];
  for (const rule of rules) {
    const matched = matchRule(normalised, rule, negations);
    if (matched.length > 0) flags.push({ ruleId: rule.id, reason: ruleReason(rule), matched });
  }
  return flags;
}

/** Flags for several texts of one item (name, conditions, notes), each rule once. */
export function fairCompetitionFlagsOf(texts: readonly (string | null | undefined)[], config: MechanismConfig): FairCompetitionFlag[] {
  return fairCompetitionFlags(texts.filter(Boolean).join("。"), config);
}

export function ruleReason(rule: Pick<FairCompetitionRule, "reasonKey" | "reason">): FairCompetitionFlag["reason"] {
  if (rule.reasonKey) return { key: rule.reasonKey as MessageKey };
  return { key: "landing.fairCustomReason", params: { reason: rule.reason ?? "" } };
}

export function normaliseWording(text: string): string {
  return text.normalize("NFKC").replace(/\s+/gu, "");
}

const SENTENCE_BREAK = /[。；;！!？?\n]/u;
const CLAUSE_BREAK = /[，,：:]/u;

function matchRule(text: string, rule: FairCompetitionRule, negations: readonly string[]): string[] {
  const excludes = rule.excludes.map(normaliseWording).filter(Boolean);
  const found = new Set<string>();
  for (const sentence of text.split(SENTENCE_BREAK)) {
    if (sentence === "") continue;
    for (const phrase of rule.anyOf) {
      if (countsIn(sentence, normaliseWording(phrase), negations, excludes)) found.add(normaliseWording(phrase));
    }
    if (rule.together.length > 0) {
      const hits = rule.together.map((group) => group.map(normaliseWording).find((p) => countsIn(sentence, p, negations, excludes)));
      if (hits.every((hit): hit is string => hit !== undefined)) for (const hit of hits) found.add(hit);
    }
  }
  return [...found];
}

/** Whether `phrase` occurs in the sentence at least once without a negation or an exclusion over it. */
function countsIn(sentence: string, phrase: string, negations: readonly string[], excludes: readonly string[]): boolean {
  if (phrase === "") return false;
  for (let at = sentence.indexOf(phrase); at !== -1; at = sentence.indexOf(phrase, at + 1)) {
    if (insideExclusion(sentence, at, phrase.length, excludes)) continue;
    if (negatedAt(sentence, at, negations)) continue;
    return true;
  }
  return false;
}

function insideExclusion(sentence: string, at: number, length: number, excludes: readonly string[]): boolean {
  return excludes.some((exclude) => {
    for (let e = sentence.indexOf(exclude); e !== -1; e = sentence.indexOf(exclude, e + 1)) {
      if (e < at + length && at < e + exclude.length) return true;
    }
    return false;
  });
}

function negatedAt(sentence: string, at: number, negations: readonly string[]): boolean {
  const before = sentence.slice(0, at);
  const clauseStart = Math.max(...[...before.matchAll(new RegExp(CLAUSE_BREAK, "gu"))].map((m) => (m.index ?? -1) + 1), 0);
  const clause = before.slice(clauseStart);
  return negations.some((negation) => negation !== "" && clause.includes(normaliseWording(negation)));
}
