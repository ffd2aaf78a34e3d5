import {
  describeErrorPath,
  diffMechanism,
  formFieldForError,
  formToMechanismInput,
  mechanismToFormValues,
  parseMechanismForm,
  parseMechanismJsonForm,
  parseNumberList,
  parseNumberText,
  ratioToPercent,
  stageFieldName,
  submittedFormValues,
  type MechanismFormValues,
} from "#app/schemas/mechanism-form";
import { DEFAULT_MECHANISM, type MechanismConfig } from "#app/schemas/mechanism";

/** The form a browser would submit for these values: checkboxes only when ticked. */
function formOf(values: MechanismFormValues): URLSearchParams {
  const form = new URLSearchParams();
  for (const [name, value] of Object.entries(values)) {
    if (Array.isArray(value)) for (const v of value) form.append(name, v);
    else if (value !== "" || !isCheckbox(name)) form.append(name, value);
  }
  return form;
}

function isCheckbox(name: string) {
  return name.endsWith(".followUp") || name.startsWith("landedRequires");
}

function defaultForm(note = "调整时限") {
  const form = formOf(mechanismToFormValues(DEFAULT_MECHANISM));
  form.set("note", note);
  return form;
}

function configOf(form: URLSearchParams, base: MechanismConfig = DEFAULT_MECHANISM): MechanismConfig {
  const result = parseMechanismForm(form, base);
  if (!result.ok) throw new Error(JSON.stringify(result));
  return result.config;
}

function errorsOf(form: URLSearchParams, base: MechanismConfig = DEFAULT_MECHANISM) {
  const result = parseMechanismForm(form, base);
  if (result.ok) throw new Error("expected the form to be refused");
  return result;
}

describe("the form round trip", () => {
  test("the default profile, shown and submitted unchanged, is the default profile", () => {
    const result = parseMechanismForm(defaultForm(), DEFAULT_MECHANISM);
    expect(result).toEqual({ ok: true, config: DEFAULT_MECHANISM, note: "调整时限" });
  });

  test("shows limits, required fields, cadence, the ratio as a percentage and the counting rules", () => {
    const values = mechanismToFormValues(DEFAULT_MECHANISM);
    expect(values[stageFieldName("SIGNED", "limit")]).toBe("90");
    expect(values[stageFieldName("AT_CAPACITY", "limit")]).toBe("");
    expect(values[stageFieldName("SIGNED", "required")]).toEqual(["signedAt", "contractAmount", "contractType"]);
    expect(values[stageFieldName("LEAD", "followUp")]).toBe("on");
    expect(values[stageFieldName("ON_HOLD", "followUp")]).toBe("");
    expect(values).toMatchObject({
      cadenceKey: "7",
      cadenceNormal: "30",
      yellowPercent: "80",
      keyProjectThresholdWan: "10000",
      problemLimitWorkdays: "20",
      minAmountWan: "1000",
      sizeBandsWan: "10000, 50000, 100000",
      largeInTalksWan: "50000",
      landedRequiresFormalContract: "on",
    });
  });

  test("each edited setting reaches the configuration", () => {
    const form = defaultForm();
    form.set(stageFieldName("NEGOTIATION", "limit"), "45");
    form.set(stageFieldName("LEAD", "limit"), "");
    form.delete(stageFieldName("SIGNED", "required"));
    form.append(stageFieldName("SIGNED", "required"), "signedAt");
    form.append(stageFieldName("SIGNED", "required"), "leadLeaderId");
    form.delete(stageFieldName("COMPLETED", "followUp"));
    form.set("cadenceKey", "5");
    form.set("cadenceNormal", "１５"); // full-width digits from a Chinese IME
    form.set("yellowPercent", "75");
    form.set("keyProjectThresholdWan", "20,000");
    form.set("problemLimitWorkdays", "15");
    form.set("minAmountWan", "2000");
    form.set("sizeBandsWan", "10000，30000、100000");
    form.set("largeInTalksWan", "80000");
    form.delete("landedRequiresStart");

    const config = configOf(form);
    const stage = (code: string) => config.stages.find((s) => s.code === code)!;
    expect(stage("NEGOTIATION").limitWorkdays).toBe(45);
    expect(stage("LEAD").limitWorkdays).toBeNull();
    // Fields keep the ladder's field order, whatever order the browser sent them in.
    expect(stage("SIGNED").requiredFields).toEqual(["signedAt", "leadLeaderId"]);
    expect(stage("COMPLETED").followUpRequired).toBe(false);
    expect(stage("SIGNED").order).toBe(DEFAULT_MECHANISM.stages.find((s) => s.code === "SIGNED")!.order);
    expect(config.followUpCadenceDays).toEqual({ key: 5, normal: 15 });
    expect(config.warning.yellowRatio).toBe(0.75);
    expect(config.keyProjectThresholdWan).toBe(20_000);
    expect(config.problemLimitWorkdays).toBe(15);
    expect(config.countingRules).toMatchObject({ minAmountWan: 2000, sizeBandsWan: [10_000, 30_000, 100_000], largeInTalksWan: 80_000, landedRequiresStart: false, landedRequiresFormalContract: true });
  });

  test("exit stages keep their stored required fields: the form offers none for them", () => {
    const base = structuredClone(DEFAULT_MECHANISM) as MechanismConfig;
    base.stages.find((s) => s.code === "ON_HOLD")!.requiredFields = ["responsibleUnit"];
    const form = formOf(mechanismToFormValues(base));
    form.set("note", "x");
    form.append(stageFieldName("ON_HOLD", "required"), "signedAt");
    expect(configOf(form, base).stages.find((s) => s.code === "ON_HOLD")!.requiredFields).toEqual(["responsibleUnit"]);
  });

  test("settings the form does not offer are kept from the version being edited", () => {
    const base = DEFAULT_MECHANISM as MechanismConfig;
    const { input } = formToMechanismInput(defaultForm(), base);
    expect(Object.keys(input).sort()).toEqual(Object.keys(base).sort());
    const stages = input.stages as Record<string, unknown>[];
    stages.forEach((stage, i) => expect(Object.keys(stage).sort()).toEqual(Object.keys(base.stages[i]!).sort()));
    expect(Object.keys(input.countingRules as object).sort()).toEqual(Object.keys(base.countingRules).sort());
  });

  test("ignores field codes that are not project fields", () => {
    const form = defaultForm();
    form.append(stageFieldName("LEAD", "required"), "passwordHash");
    expect(configOf(form).stages.find((s) => s.code === "LEAD")!.requiredFields).toEqual([]);
  });

  test("ratios show without float noise", () => {
    expect(ratioToPercent(0.7)).toBe("70");
    expect(ratioToPercent(0.575)).toBe("57.5");
  });
});

describe("errors next to their field, in Chinese", () => {
  test("a change note is required, and kept as typed (Chinese punctuation included)", () => {
    const result = errorsOf(defaultForm("  "));
    expect(result.fieldErrors).toEqual({ note: ["请填写变更说明"] });
    const saved = parseMechanismForm(defaultForm(" 依据：市政府第３次常务会议 "), DEFAULT_MECHANISM);
    expect(saved.ok && saved.note).toBe("依据：市政府第３次常务会议");
    expect(errorsOf(defaultForm("长".repeat(501))).fieldErrors).toEqual({ note: ["变更说明不能超过 500 字"] });
  });

  test("text in a number field, a zero limit, a fractional cadence", () => {
    const form = defaultForm();
    form.set(stageFieldName("SIGNED", "limit"), "九十");
    form.set(stageFieldName("LANDED", "limit"), "0");
    form.set("cadenceKey", "3.5");
    form.set("problemLimitWorkdays", "");
    const { fieldErrors, formErrors } = errorsOf(form);
    expect(fieldErrors).toEqual({
      "stage.SIGNED.limit": ["请输入数字"],
      "stage.LANDED.limit": ["不能小于 1"],
      cadenceKey: ["须为整数"],
      problemLimitWorkdays: ["缺少必填项"],
    });
    expect(formErrors).toEqual([]);
  });

  test("the yellow percentage must lie strictly between 0 and 100", () => {
    for (const value of ["0", "100", "120", "-5"]) {
      const form = defaultForm();
      form.set("yellowPercent", value);
      expect(errorsOf(form).fieldErrors).toEqual({ yellowPercent: ["须大于 0 且小于 100"] });
    }
    const form = defaultForm();
    form.set("yellowPercent", "八十");
    expect(errorsOf(form).fieldErrors).toEqual({ yellowPercent: ["请输入数字"] });
  });

  test("rules across fields land on the field they name", () => {
    const form = defaultForm();
    form.set("cadenceKey", "40");
    form.set("sizeBandsWan", "50000, 10000");
    expect(errorsOf(form).fieldErrors).toEqual({
      cadenceKey: ["重点项目的跟进间隔不能长于一般项目"],
      sizeBandsWan: ["规模档须从小到大排列且不重复"],
    });
    form.set("sizeBandsWan", "1亿");
    expect(errorsOf(form).fieldErrors.sizeBandsWan).toEqual(["请输入用逗号分隔的数字"]);
  });

  test("errors of settings the form does not show go to the whole form, named in words", () => {
    const base = structuredClone(DEFAULT_MECHANISM) as MechanismConfig;
    base.stages.find((s) => s.code === "LANDED")!.order = 3; // before SITE_VISIT's: an invalid base
    const form = formOf(mechanismToFormValues(base));
    form.set("note", "x");
    const { fieldErrors, formErrors } = errorsOf(form, base);
    expect(fieldErrors).toEqual({});
    expect(formErrors.length).toBeGreaterThan(0);
    expect(formErrors.join("\n")).toMatch(/^(落地阶段 · 顺序|阶段设置)：/mu);
  });

  test("paths map to form fields and to words", () => {
    const input = { stages: [{ code: "LEAD" }, { code: "SIGNED" }] };
    expect(formFieldForError("stages[1].limitWorkdays", input)).toBe("stage.SIGNED.limit");
    expect(formFieldForError("stages[1].requiredFields[0]", input)).toBe("stage.SIGNED.required");
    expect(formFieldForError("stages[1].order", input)).toBeNull();
    expect(formFieldForError("warning.yellowRatio", input)).toBe("yellowPercent");
    expect(formFieldForError("countingRules.sizeBandsWan[2]", input)).toBe("sizeBandsWan");
    expect(formFieldForError("", input)).toBeNull();
    expect(describeErrorPath("stages[1].limitWorkdays", input)).toBe("签约阶段 · 时限（工作日）");
    expect(describeErrorPath("stages[7]", input)).toBe("#8阶段");
    expect(describeErrorPath("followUpCadenceDays.normal", input)).toBe("一般项目跟进间隔（天）");
    expect(describeErrorPath("countingRules.landedRequiresStart", input)).toBe("认定落地须已开工");
  });
});

describe("numbers as typed", () => {
  test("single numbers with separators and spaces", () => {
    expect(parseNumberText("10,000")).toBe(10_000);
    expect(parseNumberText(" 12.5 ")).toBe(12.5);
    expect(parseNumberText("1e3")).toBeNull();
    expect(parseNumberText("")).toBeNull();
    expect(parseNumberText("abc")).toBeNull();
  });

  test("lists split on Chinese and Latin separators", () => {
    expect(parseNumberList("1，2、3; 4 5")).toEqual([1, 2, 3, 4, 5]);
    expect(parseNumberList(" ")).toBeNull();
    expect(parseNumberList("1, x")).toBeNull();
  });
});

describe("the advanced JSON editor", () => {
  function jsonForm(json: string, note = "整体调整") {
    return new URLSearchParams({ json, note });
  }

  test("accepts a whole valid document", () => {
    const changed = structuredClone(DEFAULT_MECHANISM) as MechanismConfig;
    changed.problemLimitWorkdays = 10;
    expect(parseMechanismJsonForm(jsonForm(JSON.stringify(changed)))).toEqual({ ok: true, config: changed, note: "整体调整" });
  });

  test("explains broken JSON and invalid settings in words, and asks for the note", () => {
    expect(parseMechanismJsonForm(jsonForm("{", ""))).toEqual({
      ok: false,
      fieldErrors: { json: ["配置不是有效的 JSON"], note: ["请填写变更说明"] },
      formErrors: [],
    });
    const result = parseMechanismJsonForm(jsonForm(JSON.stringify({ problemLimitWorkdays: 0, extra: 1 })));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.fieldErrors.json).toEqual(expect.arrayContaining(["问题办理时限（工作日）：不能小于 1", "未知的配置项：extra"]));
  });
});

describe("what the admin typed comes back after a refusal", () => {
  test("keeps text, ticked boxes and multi-choices as submitted", () => {
    const form = defaultForm("改了");
    form.set(stageFieldName("SIGNED", "limit"), "abc");
    form.delete(stageFieldName("LEAD", "followUp"));
    const values = submittedFormValues(form, DEFAULT_MECHANISM);
    expect(values[stageFieldName("SIGNED", "limit")]).toBe("abc");
    expect(values[stageFieldName("LEAD", "followUp")]).toBe("");
    expect(values[stageFieldName("SIGNED", "required")]).toEqual(["signedAt", "contractAmount", "contractType"]);
    expect(values.note).toBe("改了");
  });
});

describe("differences between versions", () => {
  test("lists each changed setting in words and nothing else", () => {
    const after = structuredClone(DEFAULT_MECHANISM) as MechanismConfig;
    after.stages.find((s) => s.code === "SIGNED")!.limitWorkdays = 100;
    after.stages.find((s) => s.code === "LEAD")!.limitWorkdays = null;
    after.stages.find((s) => s.code === "CONSTRUCTION")!.requiredFields = ["startedAt", "responsibleUnit"];
    after.followUpCadenceDays = { key: 5, normal: 30 };
    after.warning.yellowRatio = 0.7;
    after.countingRules.landedRequiresStart = false;
    expect(diffMechanism(DEFAULT_MECHANISM, after)).toEqual([
      { label: "线索阶段 · 时限（工作日）", before: "20 个工作日", after: "不计时" },
      { label: "签约阶段 · 时限（工作日）", before: "90 个工作日", after: "100 个工作日" },
      { label: "在建阶段 · 进入时须填写", before: "开工日期", after: "开工日期、责任单位" },
      { label: "重点项目跟进间隔（天）", before: "7", after: "5" },
      { label: "黄色预警比例（%）", before: "80", after: "70" },
      { label: "认定落地须已开工", before: "是", after: "否" },
    ]);
    expect(diffMechanism(DEFAULT_MECHANISM, DEFAULT_MECHANISM)).toEqual([]);
  });

  test("settings without their own wording are still listed, by key", () => {
    const before = { ...structuredClone(DEFAULT_MECHANISM), extraRule: { days: 5 } } as MechanismConfig;
    const after = { ...structuredClone(DEFAULT_MECHANISM), extraRule: { days: 7 } } as MechanismConfig;
    expect(diffMechanism(before, after)).toEqual([{ label: "其他设置 extraRule", before: '{"days":5}', after: '{"days":7}' }]);
  });
});
