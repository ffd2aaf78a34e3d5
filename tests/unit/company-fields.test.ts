import { fillFromDuplicate, isSourceChannel, SOURCE_CHANNELS, type MergeableCompany } from "#app/domain/company-fields";
import { GLOSSARY } from "#app/domain/glossary";
import { reorderedIds } from "#app/domain/reorder";
import { hasMessage } from "#app/i18n";
import { companyFieldLabel, companyValueText, sourceChannelLabel, tagLabels } from "#app/utils/company-display";

const empty: MergeableCompany = { uscc: null, hqProvince: null, hqCity: null, chainId: null, linkId: null, tags: "", sourceChannel: null, description: null };

describe("fillFromDuplicate", () => {
  test("fills only what the survivor leaves empty", () => {
    const survivor = { ...empty, hqProvince: "陕西省", description: "  " };
    const duplicate = { ...empty, uscc: "91610921MA6X001234", hqProvince: "广东省", hqCity: "东莞市", sourceChannel: "EXPO", description: "展会结识" };
    expect(fillFromDuplicate(survivor, duplicate)).toEqual({ uscc: "91610921MA6X001234", hqCity: "东莞市", sourceChannel: "EXPO", description: "展会结识" });
  });

  test("takes chain and link together, or only the link of the same chain", () => {
    expect(fillFromDuplicate(empty, { ...empty, chainId: "c1", linkId: "l1" })).toEqual({ chainId: "c1", linkId: "l1" });
    expect(fillFromDuplicate({ ...empty, chainId: "c1" }, { ...empty, chainId: "c1", linkId: "l1" })).toEqual({ linkId: "l1" });
    // A link of another chain would not fit the survivor's chain.
    expect(fillFromDuplicate({ ...empty, chainId: "c1" }, { ...empty, chainId: "c2", linkId: "l2" })).toEqual({});
  });

  test("unites the tags in canonical order", () => {
    expect(fillFromDuplicate({ ...empty, tags: "CHAIN_LEADER" }, { ...empty, tags: "TOP20,LISTED" })).toEqual({ tags: "LISTED,TOP20,CHAIN_LEADER" });
    expect(fillFromDuplicate({ ...empty, tags: "LISTED,TOP20" }, { ...empty, tags: "TOP20" })).toEqual({});
  });

  test("two identical records change nothing", () => {
    const full = { uscc: "X", hqProvince: "P", hqCity: "C", chainId: "c", linkId: "l", tags: "LISTED", sourceChannel: "EXPO", description: "D" };
    expect(fillFromDuplicate(full, { ...full, uscc: "Y" })).toEqual({});
  });
});

describe("reorderedIds", () => {
  test("swaps with the neighbour", () => {
    expect(reorderedIds(["a", "b", "c"], "b", "up")).toEqual(["b", "a", "c"]);
    expect(reorderedIds(["a", "b", "c"], "b", "down")).toEqual(["a", "c", "b"]);
  });

  test("refuses to move past either end or an unknown id", () => {
    expect(reorderedIds(["a", "b"], "a", "up")).toBeNull();
    expect(reorderedIds(["a", "b"], "b", "down")).toBeNull();
    expect(reorderedIds(["a", "b"], "x", "up")).toBeNull();
  });
});

describe("source channels and display", () => {
  test("every channel code is a glossary word (or 其他) with a Chinese label", () => {
    const identifiers = Object.values(GLOSSARY) as string[];
    for (const code of SOURCE_CHANNELS) {
      if (code !== "OTHER") expect(identifiers).toContain(code);
      expect(hasMessage(`companies.channel_${code}`)).toBe(true);
    }
    expect(isSourceChannel("EXPO")).toBe(true);
    expect(isSourceChannel("expo")).toBe(false);
  });

  test("codes read as words", () => {
    expect(sourceChannelLabel("REFERRAL")).toBe("以商招商");
    expect(sourceChannelLabel("UNKNOWN")).toBe("UNKNOWN");
    expect(tagLabels("CHAIN_LEADER,LISTED")).toEqual(["上市", "链主"]);
    expect(companyValueText("tags", "TOP20,FORTUNE500")).toBe("500强、行业前20强");
    expect(companyValueText("sourceChannel", "EXPO")).toBe("展会招商");
    expect(companyValueText("name", "")).toBe("（空）");
    expect(companyFieldLabel("ownerRegionId")).toBe("首报区域");
    expect(companyFieldLabel("somethingElse")).toBe("somethingElse");
  });
});
