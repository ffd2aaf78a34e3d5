import { hasMessage, t } from "#app/i18n";
import {
  STAGE_CODES,
  checkProjectDates,
  isEarlierLadderStage,
  isKeyProject,
  planTransition,
  stageLabelKey,
  stagesInOrder,
  transitionTargets,
  type PlanTransitionArgs,
  type StageCode,
  type StageFieldValues,
  type TransitionError,
  type TransitionResult,
} from "#app/domain/stages";
import { DEFAULT_MECHANISM, parseMechanism, type MechanismConfig } from "#app/schemas/mechanism";

const config = DEFAULT_MECHANISM;
/** 10:00 on 15 March 2026 in Shanghai. */
const NOW = new Date("2026-03-15T10:00:00+08:00");

function day(value: string, time = "09:00"): Date {
  return new Date(`${value}T${time}:00+08:00`);
}

const SIGNING: StageFieldValues = { signedAt: day("2026-01-10"), contractAmount: 25_000, contractType: "FORMAL" };

function plan(args: Partial<PlanTransitionArgs> & Pick<PlanTransitionArgs, "from" | "to">): TransitionResult {
  return planTransition({ project: {}, config, now: NOW, ...args });
}

function errorsOf(result: TransitionResult): TransitionError[] {
  if (result.ok) throw new Error(`expected the move to be refused, got ${result.kind}`);
  return result.errors;
}

function okOf(result: TransitionResult) {
  if (!result.ok) throw new Error(`expected the move to be allowed: ${JSON.stringify(result.errors)}`);
  return result;
}

function configWith(patch: (stages: MechanismConfig["stages"]) => void): MechanismConfig {
  const copy = JSON.parse(JSON.stringify(DEFAULT_MECHANISM)) as MechanismConfig;
  patch(copy.stages);
  const parsed = parseMechanism(copy);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.config;
}

describe("forward moves need the fields of the stage entered", () => {
  test("首谈 needs the first-contact date", () => {
    expect(errorsOf(plan({ from: "LEAD", to: "FIRST_CONTACT" }))).toEqual([
      { field: "firstContactAt", message: "pipeline.requiredFor_FIRST_CONTACT" },
    ]);
    const ok = okOf(plan({ from: "LEAD", to: "FIRST_CONTACT", input: { fields: { firstContactAt: day("2026-03-01") } } }));
    expect(ok).toMatchObject({ kind: "FORWARD", from: "LEAD", to: "FIRST_CONTACT", reason: null });
    expect(ok.fields).toEqual({ firstContactAt: day("2026-03-01") });
    expect(ok.updates).toEqual({ stage: "FIRST_CONTACT" });
  });

  test("签约 needs signing date, contract amount and contract type", () => {
    const project = { firstContactAt: day("2025-12-01") };
    expect(errorsOf(plan({ from: "NEGOTIATION", to: "SIGNED", project })).map((e) => e.field)).toEqual([
      "signedAt",
      "contractAmount",
      "contractType",
    ]);
    expect(okOf(plan({ from: "NEGOTIATION", to: "SIGNED", project, input: { fields: SIGNING } })).kind).toBe("FORWARD");
  });

  test("values already on the project count; the input fills only what is missing", () => {
    const project = { signedAt: day("2026-01-10"), contractAmount: 25_000 };
    const result = plan({ from: "NEGOTIATION", to: "SIGNED", project, input: { fields: { contractType: "FRAMEWORK" } } });
    expect(okOf(result).fields).toEqual({ contractType: "FRAMEWORK" });
  });

  test("blank text, NaN and an invalid date do not fill a field; 0 does", () => {
    const fields = { signedAt: new Date("nonsense"), contractAmount: Number.NaN, contractType: "   " };
    expect(errorsOf(plan({ from: "NEGOTIATION", to: "SIGNED", input: { fields } })).map((e) => e.field)).toEqual([
      "signedAt",
      "contractAmount",
      "contractType",
    ]);
    const zero = { ...SIGNING, contractAmount: 0 };
    expect(plan({ from: "NEGOTIATION", to: "SIGNED", input: { fields: zero } }).ok).toBe(true);
  });

  test("text input is trimmed and blank text is passed on as null", () => {
    const result = plan({
      from: "NEGOTIATION",
      to: "SIGNED",
      project: { contractType: "FORMAL" },
      input: { fields: { ...SIGNING, contractType: undefined, responsibleUnit: "  ", nature: " NEW " } },
    });
    expect(okOf(result).fields).toEqual({ signedAt: SIGNING.signedAt, contractAmount: 25_000, responsibleUnit: null, nature: "NEW" });
  });

  test("a stage without required fields can be entered as is", () => {
    expect(okOf(plan({ from: "FIRST_CONTACT", to: "SITE_VISIT" })).kind).toBe("FORWARD");
    expect(okOf(plan({ from: "SIGNED", to: "LANDED", project: SIGNING })).kind).toBe("FORWARD");
  });
});

describe("skipping stages needs the fields of every stage passed", () => {
  test("线索 → 签约 also needs the 首谈 date, reported against the stage that requires it", () => {
    expect(errorsOf(plan({ from: "LEAD", to: "SIGNED" }))).toEqual([
      { field: "firstContactAt", message: "pipeline.requiredFor_FIRST_CONTACT" },
      { field: "signedAt", message: "pipeline.requiredFor_SIGNED" },
      { field: "contractAmount", message: "pipeline.requiredFor_SIGNED" },
      { field: "contractType", message: "pipeline.requiredFor_SIGNED" },
    ]);
  });

  test("线索 → 投产 needs everything up to 投产", () => {
    const fields = errorsOf(plan({ from: "LEAD", to: "PRODUCTION" })).map((e) => e.field);
    expect(fields).toEqual(["firstContactAt", "signedAt", "contractAmount", "contractType", "startedAt", "completedAt", "producedAt"]);
  });

  test("签约 → 建成 needs start and completion, not the signing fields again when present", () => {
    const project = { firstContactAt: day("2025-11-01"), ...SIGNING };
    expect(errorsOf(plan({ from: "SIGNED", to: "COMPLETED", project })).map((e) => e.field)).toEqual(["startedAt", "completedAt"]);
    const input = { fields: { startedAt: day("2026-02-01"), completedAt: day("2026-03-10") } };
    expect(okOf(plan({ from: "SIGNED", to: "COMPLETED", project, input })).kind).toBe("FORWARD");
  });

  test("the rules come from the configuration, not from constants", () => {
    const strict = configWith((stages) => {
      const visit = stages.find((s) => s.code === "SITE_VISIT");
      if (visit) visit.requiredFields = ["nature", "firstContactAt"];
    });
    const project = { firstContactAt: day("2026-02-01") };
    expect(errorsOf(plan({ from: "FIRST_CONTACT", to: "NEGOTIATION", project, config: strict }))).toEqual([
      { field: "nature", message: "pipeline.requiredFor_SITE_VISIT" },
    ]);
    expect(plan({ from: "FIRST_CONTACT", to: "NEGOTIATION", project }).ok).toBe(true);

    const relaxed = configWith((stages) => {
      const signed = stages.find((s) => s.code === "SIGNED");
      if (signed) signed.requiredFields = [];
    });
    expect(plan({ from: "NEGOTIATION", to: "SIGNED", config: relaxed }).ok).toBe(true);
  });

  test("a field required by two stages passed is reported once, for the first of them", () => {
    const twice = configWith((stages) => {
      for (const code of ["SITE_VISIT", "NEGOTIATION"]) {
        const stage = stages.find((s) => s.code === code);
        if (stage) stage.requiredFields = ["leadLeaderId"];
      }
    });
    expect(errorsOf(plan({ from: "FIRST_CONTACT", to: "NEGOTIATION", config: twice }))).toEqual([
      { field: "leadLeaderId", message: "pipeline.requiredFor_SITE_VISIT" },
    ]);
  });
});

describe("backward moves need a reason and nothing else", () => {
  test("without a reason, or with only spaces, the move is refused", () => {
    for (const reason of [undefined, null, "", "   "]) {
      expect(errorsOf(plan({ from: "SIGNED", to: "NEGOTIATION", input: { reason } }))).toEqual([
        { field: "reason", message: "pipeline.reasonRequiredBackward" },
      ]);
    }
  });

  test("with a reason it is allowed, the reason trimmed, without field checks", () => {
    const result = okOf(plan({ from: "CONSTRUCTION", to: "SIGNED", input: { reason: "  合同重新谈判 " } }));
    expect(result).toMatchObject({ kind: "BACKWARD", reason: "合同重新谈判", updates: { stage: "SIGNED" } });
  });
});

describe("暂缓 ON_HOLD and resuming", () => {
  test("holding needs a reason and remembers the stage to resume", () => {
    expect(errorsOf(plan({ from: "SITE_VISIT", to: "ON_HOLD" }))).toEqual([
      { field: "reason", message: "pipeline.reasonRequiredHold" },
    ]);
    const result = okOf(plan({ from: "SITE_VISIT", to: "ON_HOLD", input: { reason: "企业资金链紧张" } }));
    expect(result.kind).toBe("HOLD");
    expect(result.updates).toEqual({ stage: "ON_HOLD", resumeStage: "SITE_VISIT", holdReason: "企业资金链紧张" });
  });

  test("resuming to the stage it paused needs no reason and clears the hold", () => {
    const result = okOf(plan({ from: "ON_HOLD", to: "SITE_VISIT", resumeStage: "SITE_VISIT" }));
    expect(result.kind).toBe("RESUME");
    expect(result.updates).toEqual({ stage: "SITE_VISIT", resumeStage: null, holdReason: null });
  });

  test("resuming to the paused stage still needs that stage's fields", () => {
    expect(errorsOf(plan({ from: "ON_HOLD", to: "SIGNED", resumeStage: "SIGNED" }))).toEqual([
      { field: "signedAt", message: "pipeline.requiredFor_SIGNED" },
      { field: "contractAmount", message: "pipeline.requiredFor_SIGNED" },
      { field: "contractType", message: "pipeline.requiredFor_SIGNED" },
    ]);
    expect(plan({ from: "ON_HOLD", to: "SIGNED", resumeStage: "SIGNED", project: SIGNING }).ok).toBe(true);
  });

  test("resuming to any other stage needs a reason", () => {
    expect(errorsOf(plan({ from: "ON_HOLD", to: "LEAD", resumeStage: "SITE_VISIT" }))).toEqual([
      { field: "reason", message: "pipeline.reasonRequiredResume" },
    ]);
    expect(okOf(plan({ from: "ON_HOLD", to: "LEAD", resumeStage: "SITE_VISIT", input: { reason: "重新接洽" } })).kind).toBe(
      "RESUME",
    );
  });

  test("resuming ahead of the paused stage needs the fields of the stages passed", () => {
    const args = { from: "ON_HOLD", to: "SIGNED", resumeStage: "SITE_VISIT", input: { reason: "企业直接签约" } } as const;
    expect(errorsOf(plan(args)).map((e) => e.field)).toEqual(["signedAt", "contractAmount", "contractType"]);
    expect(plan({ ...args, project: SIGNING }).ok).toBe(true);
  });

  test("without a recorded stage, resuming needs a reason and every field up to the target", () => {
    const errors = errorsOf(plan({ from: "ON_HOLD", to: "SIGNED", resumeStage: null }));
    expect(errors.map((e) => e.field)).toEqual(["reason", "firstContactAt", "signedAt", "contractAmount", "contractType"]);
  });
});

describe("终止 TERMINATED", () => {
  test("needs a reason, from a ladder stage or from ON_HOLD", () => {
    expect(errorsOf(plan({ from: "NEGOTIATION", to: "TERMINATED" }))).toEqual([
      { field: "reason", message: "pipeline.reasonRequiredTerminate" },
    ]);
    const result = okOf(plan({ from: "ON_HOLD", to: "TERMINATED", resumeStage: "LEAD", input: { reason: "企业放弃投资" } }));
    expect(result.kind).toBe("TERMINATE");
    expect(result.updates).toEqual({ stage: "TERMINATED", terminateReason: "企业放弃投资" });
  });

  test("is final: no move out of it, whatever the reason", () => {
    for (const to of STAGE_CODES.filter((c) => c !== "TERMINATED")) {
      expect(errorsOf(plan({ from: "TERMINATED", to, input: { reason: "重新启动" } }))).toEqual([
        { field: "stage", message: "pipeline.terminatedIsFinal" },
      ]);
    }
    expect(transitionTargets(config, "TERMINATED")).toEqual([]);
  });

  test("exits are possible even when the project's dates are incoherent", () => {
    const project = { signedAt: day("2026-03-01"), startedAt: day("2026-02-01") };
    expect(plan({ from: "CONSTRUCTION", to: "TERMINATED", project, input: { reason: "停建" } }).ok).toBe(true);
    expect(plan({ from: "CONSTRUCTION", to: "ON_HOLD", project, input: { reason: "停工" } }).ok).toBe(true);
    expect(plan({ from: "CONSTRUCTION", to: "COMPLETED", project, input: { fields: { completedAt: day("2026-03-02") } } }).ok).toBe(
      false,
    );
  });
});

describe("moves that make no sense", () => {
  test("to the stage it is in", () => {
    expect(errorsOf(plan({ from: "LEAD", to: "LEAD" }))).toEqual([{ field: "stage", message: "pipeline.sameStage" }]);
  });

  test("to a stage the configuration does not have", () => {
    const broken = { ...config, stages: config.stages.filter((s) => s.code !== "SITE_VISIT") };
    expect(errorsOf(plan({ from: "LEAD", to: "SITE_VISIT", config: broken }))).toEqual([
      { field: "stage", message: "pipeline.unknownStage", params: { code: "SITE_VISIT" } },
    ]);
  });

  test("every error is collected in one answer", () => {
    const project = { signedAt: day("2026-03-01") };
    const errors = errorsOf(
      plan({ from: "ON_HOLD", to: "CONSTRUCTION", resumeStage: "NEGOTIATION", project, input: { fields: { startedAt: day("2026-02-01") } } }),
    );
    expect(errors).toEqual([
      { field: "reason", message: "pipeline.reasonRequiredResume" },
      { field: "contractAmount", message: "pipeline.requiredFor_SIGNED" },
      { field: "contractType", message: "pipeline.requiredFor_SIGNED" },
      { field: "startedAt", message: "pipeline.notBefore_signedAt" },
    ]);
  });
});

describe("date coherence: 首谈 ≤ 签约 ≤ 开工 ≤ 建成 ≤ 投产 ≤ today", () => {
  test("coherent dates pass, the same day included whatever the hour", () => {
    expect(
      checkProjectDates(
        {
          firstContactAt: day("2025-06-01"),
          signedAt: day("2025-09-01", "18:00"),
          startedAt: day("2025-09-01", "08:00"),
          completedAt: day("2026-01-20"),
          producedAt: day("2026-03-15", "23:59"),
        },
        NOW,
      ),
    ).toEqual([]);
  });

  test.each([
    ["signedAt", { firstContactAt: day("2026-02-02"), signedAt: day("2026-02-01") }, "pipeline.notBefore_firstContactAt"],
    ["startedAt", { signedAt: day("2026-02-02"), startedAt: day("2026-02-01") }, "pipeline.notBefore_signedAt"],
    ["completedAt", { startedAt: day("2026-02-02"), completedAt: day("2026-02-01") }, "pipeline.notBefore_startedAt"],
    ["producedAt", { completedAt: day("2026-02-02"), producedAt: day("2026-02-01") }, "pipeline.notBefore_completedAt"],
  ] as const)("%s one day too early", (field, values, message) => {
    expect(checkProjectDates(values, NOW)).toEqual([{ field, message }]);
  });

  test("a missing date is skipped: production is compared with the start", () => {
    expect(checkProjectDates({ startedAt: day("2026-02-02"), producedAt: day("2026-02-01") }, NOW)).toEqual([
      { field: "producedAt", message: "pipeline.notBefore_startedAt" },
    ]);
    expect(checkProjectDates({ signedAt: day("2026-02-02"), producedAt: day("2026-02-01") }, NOW)).toEqual([
      { field: "producedAt", message: "pipeline.notBefore_signedAt" },
    ]);
  });

  test("today is allowed up to 23:59 Shanghai time; tomorrow is not", () => {
    expect(checkProjectDates({ signedAt: day("2026-03-15", "23:59") }, NOW)).toEqual([]);
    expect(checkProjectDates({ signedAt: day("2026-03-16", "00:00") }, NOW)).toEqual([
      { field: "signedAt", message: "pipeline.dateInFuture" },
    ]);
  });

  test("a forward move checks the dates it brings with the ones on the project", () => {
    const project = { firstContactAt: day("2025-11-01"), ...SIGNING };
    expect(errorsOf(plan({ from: "SIGNED", to: "CONSTRUCTION", project, input: { fields: { startedAt: day("2026-01-09") } } }))).toEqual([
      { field: "startedAt", message: "pipeline.notBefore_signedAt" },
    ]);
    expect(errorsOf(plan({ from: "SIGNED", to: "CONSTRUCTION", project, input: { fields: { startedAt: day("2026-03-16") } } }))).toEqual([
      { field: "startedAt", message: "pipeline.dateInFuture" },
    ]);
    expect(plan({ from: "SIGNED", to: "CONSTRUCTION", project, input: { fields: { startedAt: day("2026-01-10") } } }).ok).toBe(true);
  });
});

describe("isKeyProject (重点: 亿元以上 by default, or marked by hand)", () => {
  test("exactly at the threshold is key; just under is not", () => {
    expect(isKeyProject(10_000, false, config)).toBe(true);
    expect(isKeyProject(9_999.99, false, config)).toBe(false);
  });

  test("marked by hand is key whatever the amount; no amount is not key", () => {
    expect(isKeyProject(0, true, config)).toBe(true);
    expect(isKeyProject(null, false, config)).toBe(false);
  });

  test("the threshold comes from the configuration", () => {
    const city = { ...config, keyProjectThresholdWan: 50_000 };
    expect(isKeyProject(49_999, false, city)).toBe(false);
    expect(isKeyProject(50_000, false, city)).toBe(true);
  });
});

describe("labels and targets", () => {
  test("every stage has its Chinese name", () => {
    for (const code of STAGE_CODES) expect(hasMessage(stageLabelKey(code))).toBe(true);
    expect(STAGE_CODES.map((code) => t(stageLabelKey(code))).join("")).toBe("线索首谈考察洽谈签约落地在建建成投产达效暂缓终止");
  });

  test("every requiredFor_ and field_ key used by the rules exists", () => {
    for (const code of STAGE_CODES) expect(hasMessage(`pipeline.requiredFor_${code}`)).toBe(true);
  });

  test("a project can be moved to every other stage, in configured order", () => {
    const targets: StageCode[] = transitionTargets(config, "SIGNED");
    expect(targets).toEqual(STAGE_CODES.filter((c) => c !== "SIGNED"));
  });
});

describe("stagesInOrder (the list's 阶段 sort, the move targets, the ladder)", () => {
  test("every stage in the configured order, whatever order the configuration lists them in", () => {
    const shuffled: MechanismConfig = { ...config, stages: [...config.stages].reverse() };
    expect(stagesInOrder(shuffled).map((s) => s.code)).toEqual(STAGE_CODES);
  });

  test("stages given one order follow each other by code", () => {
    // 洽谈 given 线索's order, listed after it: LEAD and NEGOTIATION by code, then the rest.
    const tied: MechanismConfig = { ...config, stages: [...config.stages].reverse().map((s) => (s.code === "NEGOTIATION" ? { ...s, order: 1 } : s)) };
    expect(stagesInOrder(tied).map((s) => s.code).slice(0, 4)).toEqual(["LEAD", "NEGOTIATION", "FIRST_CONTACT", "SITE_VISIT"]);
  });
});

describe("isEarlierLadderStage (an older ledger never moves a stage back)", () => {
  test("follows the ladder: 洽谈 is earlier than 在建, not the other way round, and a stage is not earlier than itself", () => {
    expect(isEarlierLadderStage(config, "NEGOTIATION", "CONSTRUCTION")).toBe(true);
    expect(isEarlierLadderStage(config, "CONSTRUCTION", "NEGOTIATION")).toBe(false);
    expect(isEarlierLadderStage(config, "SIGNED", "SIGNED")).toBe(false);
  });

  test("exits are on no side of the ladder", () => {
    expect(isEarlierLadderStage(config, "LEAD", "ON_HOLD")).toBe(false);
    expect(isEarlierLadderStage(config, "TERMINATED", "LEAD")).toBe(false);
  });

  test("uses the configured order, not the codes' natural one", () => {
    // A city that puts 考察 before 首谈.
    const swapped: MechanismConfig = {
      ...config,
      stages: config.stages.map((s) => (s.code === "FIRST_CONTACT" ? { ...s, order: 3 } : s.code === "SITE_VISIT" ? { ...s, order: 2 } : s)),
    };
    expect(isEarlierLadderStage(config, "FIRST_CONTACT", "SITE_VISIT")).toBe(true);
    expect(isEarlierLadderStage(swapped, "FIRST_CONTACT", "SITE_VISIT")).toBe(false);
    expect(isEarlierLadderStage(swapped, "SITE_VISIT", "FIRST_CONTACT")).toBe(true);
  });
});
