import { activeFilterCount, readProjectFilters, readProjectView } from "#app/schemas/project-list";
import { cleanViewQuery } from "#app/schemas/saved-view";

const read = (query: string) => readProjectFilters(new URLSearchParams(query));

describe("project list filters from the URL", () => {
  test("every filter, multi-valued stages and warning levels", () => {
    const filters = read(
      "q=%20qbrq%20&region=r1&chain=c1&stage=LEAD&stage=SIGNED&leader=l1&officer=o1&warning=RED&warning=YELLOW&key=1&amountMin=1,000&amountMax=50000&signedFrom=2026-03-01&signedTo=2026-03-31",
    );
    expect(filters).toMatchObject({
      q: "qbrq",
      regionId: "r1",
      chainId: "c1",
      stages: ["LEAD", "SIGNED"],
      leadLeaderId: "l1",
      officerId: "o1",
      warnings: ["YELLOW", "RED"],
      isKey: true,
      amountMin: 1000,
      amountMax: 50000,
    });
    // Whole Shanghai days: from the start of the first to the start of the day after the last.
    expect(filters.signed).toEqual({ from: new Date("2026-03-01T00:00:00+08:00"), to: new Date("2026-04-01T00:00:00+08:00") });
    expect(activeFilterCount(filters)).toBe(11);
  });

  test("values that do not parse mean no filter", () => {
    const filters = read("stage=NOPE&warning=PINK&key=maybe&amountMin=abc&amountMax=-5&createdFrom=2026-02-30&region=");
    expect(activeFilterCount(filters)).toBe(0);
  });

  test("link= keeps one chain link (the chain map's drill-down), and counts as a filter", () => {
    expect(read("link=k1").linkId).toBe("k1");
    expect(activeFilterCount(read("chain=c1&link=k1&stage=SIGNED"))).toBe(3);
    expect(read("link=").linkId).toBeUndefined();
  });

  test("key=0 asks for projects that are not 重点", () => {
    expect(read("key=0").isKey).toBe(false);
  });

  test("the board is ?view=kanban, anything else the table", () => {
    expect(readProjectView(new URLSearchParams("view=kanban"))).toBe("kanban");
    expect(readProjectView(new URLSearchParams("view=other"))).toBe("table");
  });
});

describe("a saved view's query", () => {
  const allowed = ["q", "stage", "warning", "sort", "dir"];

  test("keeps the list's parameters in a stable order, never the page or unknown ones", () => {
    expect(cleanViewQuery("?page=3&warning=RED&bogus=1&stage=LEAD&stage=SIGNED&q=qbrq&sort=amount", allowed)).toBe(
      "q=qbrq&stage=LEAD&stage=SIGNED&warning=RED&sort=amount",
    );
  });

  test("drops empty fields and trims", () => {
    expect(cleanViewQuery("q=%20&stage=&dir=%20desc", allowed)).toBe("dir=desc");
  });
});
