import {
  candidateMoveTargets,
  candidateStatusAfterVisit,
  planCandidateMove,
  planCandidateProposal,
  siteFits,
  siteReservationFor,
  siteStatusFromCandidates,
  suggestSites,
  type CandidateSnapshot,
  type CandidateStatus,
  type SiteForFit,
  type SiteSnapshot,
} from "#app/domain/site-reservation";

function candidate(id: string, projectId: string, siteId: string, status: CandidateStatus): CandidateSnapshot {
  return { id, projectId, siteId, status };
}

const vacant = (id: string): SiteSnapshot => ({ id, status: "VACANT" });

describe("siteFits: a carrier against a project's needs", () => {
  const factory: SiteForFit = {
    kind: "STANDARD_FACTORY",
    regionId: "park-1",
    regionAncestorIds: ["county-a", "city"],
    areaSqm: 5_000,
    areaMu: null,
    powerKva: 800,
    maxEiaCategory: "EIA_TABLE",
  };

  test("no needs: every carrier fits", () => {
    expect(siteFits({}, factory)).toEqual({ fits: true, misfits: [], unknown: [] });
  });

  test("capacities fit at exactly the need and not one unit below", () => {
    expect(siteFits({ floorSqm: 5_000, powerKva: 800 }, factory).fits).toBe(true);
    const short = siteFits({ floorSqm: 5_001, powerKva: 801 }, factory);
    expect(short.fits).toBe(false);
    expect(short.misfits).toEqual([
      { criterion: "FLOOR", message: { key: "landing.fitFloorTooSmall", params: { need: 5_001, have: 5_000 } } },
      { criterion: "POWER", message: { key: "landing.fitPowerTooLow", params: { need: 801, have: 800 } } },
    ]);
  });

  test("a value the carrier's record lacks is unknown, not a misfit", () => {
    const fit = siteFits({ landMu: 30 }, factory);
    expect(fit).toEqual({ fits: true, misfits: [], unknown: ["LAND"] });
    expect(siteFits({ eiaCategory: "EIA_REPORT" }, { ...factory, maxEiaCategory: null }).unknown).toEqual(["EIA"]);
  });

  test("a need of zero or none is no constraint", () => {
    expect(siteFits({ landMu: 0, floorSqm: null, powerKva: undefined }, factory).unknown).toEqual([]);
  });

  test("preferred regions: the carrier's own region or any region above it", () => {
    expect(siteFits({ regionIds: ["park-1"] }, factory).fits).toBe(true);
    expect(siteFits({ regionIds: ["county-a"] }, factory).fits).toBe(true);
    expect(siteFits({ regionIds: ["county-b"] }, factory).misfits.map((m) => m.criterion)).toEqual(["REGION"]);
    expect(siteFits({ regionIds: [] }, factory).fits).toBe(true);
  });

  test("环评类别: a carrier admits its own category and lighter ones", () => {
    expect(siteFits({ eiaCategory: "EIA_REGISTRATION" }, factory).fits).toBe(true);
    expect(siteFits({ eiaCategory: "EIA_TABLE" }, factory).fits).toBe(true);
    expect(siteFits({ eiaCategory: "EIA_REPORT" }, factory).misfits).toEqual([{ criterion: "EIA", message: { key: "landing.fitEiaNotAdmitted" } }]);
  });

  test("carrier kinds the project would take", () => {
    expect(siteFits({ kinds: ["INDUSTRIAL_LAND"] }, factory).misfits.map((m) => m.criterion)).toEqual(["KIND"]);
    expect(siteFits({ kinds: ["STANDARD_FACTORY", "COMMUNITY_FACTORY"] }, factory).fits).toBe(true);
  });

  test("every reason is reported at once", () => {
    const land: SiteForFit = { kind: "INDUSTRIAL_LAND", regionId: "county-b", areaMu: 20, powerKva: 100, maxEiaCategory: "EIA_REGISTRATION" };
    const fit = siteFits({ landMu: 50, powerKva: 500, regionIds: ["county-a"], eiaCategory: "EIA_TABLE", kinds: ["STANDARD_FACTORY"] }, land);
    expect(fit.misfits.map((m) => m.criterion)).toEqual(["KIND", "REGION", "LAND", "POWER", "EIA"]);
  });
});

describe("reservation: 意向 or 确定 for one project holds the carrier against every other", () => {
  test.each<[CandidateStatus, "NONE" | "INTENDED" | "SIGNED"]>([
    ["RECOMMENDED", "NONE"],
    ["VISITED", "NONE"],
    ["INTENDED", "INTENDED"],
    ["CONFIRMED", "SIGNED"],
    ["ABANDONED", "NONE"],
  ])("another project's candidate at %s → %s", (status, level) => {
    const status_ = siteStatusFromCandidates("VACANT", [candidate("c1", "p1", "s1", status)]);
    const site = { id: "s1", status: status_, projectId: status === "CONFIRMED" ? "p1" : null };
    expect(siteReservationFor(site, [candidate("c1", "p1", "s1", status)], "p2").level).toBe(level);
  });

  test("the holder itself does not see its carrier as reserved", () => {
    const candidates = [candidate("c1", "p1", "s1", "CONFIRMED")];
    expect(siteReservationFor({ id: "s1", status: "SIGNED_OUT", projectId: "p1" }, candidates, "p1")).toEqual({ level: "NONE", byProjectIds: [] });
  });

  test("a carrier signed out or occupied outside any candidate is reserved to everyone else", () => {
    expect(siteReservationFor({ id: "s1", status: "OCCUPIED", projectId: null }, [], "p2")).toEqual({ level: "SIGNED", byProjectIds: [] });
    expect(siteReservationFor({ id: "s1", status: "SIGNED_OUT", projectId: "p9" }, [], "p2")).toEqual({ level: "SIGNED", byProjectIds: ["p9"] });
  });

  test("in the inventory (no project), every holder is listed once", () => {
    const candidates = [candidate("c1", "p1", "s1", "INTENDED"), candidate("c2", "p2", "s1", "INTENDED"), candidate("c3", "p1", "s1", "ABANDONED")];
    expect(siteReservationFor({ id: "s1", status: "RESERVED" }, candidates, null)).toEqual({ level: "INTENDED", byProjectIds: ["p1", "p2"] });
  });

  test("the carrier's status follows its candidates; 已入驻 is kept", () => {
    expect(siteStatusFromCandidates("VACANT", [])).toBe("VACANT");
    expect(siteStatusFromCandidates("RESERVED", [candidate("c", "p", "s", "VISITED")])).toBe("VACANT");
    expect(siteStatusFromCandidates("VACANT", [candidate("c", "p", "s", "INTENDED")])).toBe("RESERVED");
    expect(siteStatusFromCandidates("RESERVED", [candidate("a", "p", "s", "INTENDED"), candidate("b", "q", "s", "CONFIRMED")])).toBe("SIGNED_OUT");
    expect(siteStatusFromCandidates("OCCUPIED", [])).toBe("OCCUPIED");
  });
});

describe("proposing a carrier (推荐)", () => {
  test("a free carrier is proposed without a reason or a warning", () => {
    const plan = planCandidateProposal({ projectId: "p2", site: vacant("s1"), candidates: [] });
    expect(plan).toEqual({
      ok: true,
      candidate: { projectId: "p2", siteId: "s1", status: "RECOMMENDED", overrideReason: null },
      reservation: { level: "NONE", byProjectIds: [] },
      warning: null,
    });
  });

  test("a carrier at another project's 意向 needs a reason, and then warns", () => {
    const candidates = [candidate("c1", "p1", "s1", "INTENDED")];
    const site: SiteSnapshot = { id: "s1", status: "RESERVED" };
    expect(planCandidateProposal({ projectId: "p2", site, candidates, reason: "  " })).toEqual({
      ok: false,
      errors: [{ field: "reason", message: "landing.reservedIntendedNeedsReason" }],
    });
    const plan = planCandidateProposal({ projectId: "p2", site, candidates, reason: " 企业只接受该厂房 " });
    expect(plan).toMatchObject({
      ok: true,
      candidate: { overrideReason: "企业只接受该厂房" },
      reservation: { level: "INTENDED", byProjectIds: ["p1"] },
      warning: { key: "landing.reservedIntendedWarning" },
    });
  });

  test("a carrier signed to another project needs a reason too, with its own words", () => {
    const candidates = [candidate("c1", "p1", "s1", "CONFIRMED")];
    const result = planCandidateProposal({ projectId: "p2", site: { id: "s1", status: "SIGNED_OUT", projectId: "p1" }, candidates });
    expect(result).toEqual({ ok: false, errors: [{ field: "reason", message: "landing.reservedSignedNeedsReason" }] });
  });

  test("the same project cannot hold two open candidates on one carrier; an abandoned one does not count", () => {
    const open = [candidate("c1", "p1", "s1", "VISITED")];
    expect(planCandidateProposal({ projectId: "p1", site: vacant("s1"), candidates: open })).toEqual({
      ok: false,
      errors: [{ field: "site", message: "landing.candidateAlreadyOpen" }],
    });
    const abandoned = [candidate("c1", "p1", "s1", "ABANDONED")];
    expect(planCandidateProposal({ projectId: "p1", site: vacant("s1"), candidates: abandoned }).ok).toBe(true);
  });
});

describe("candidate moves", () => {
  test("the ladder 推荐 → 踏勘 → 意向 → 确定, 放弃 from any open status", () => {
    expect(candidateMoveTargets("RECOMMENDED")).toEqual(["VISITED", "ABANDONED"]);
    expect(candidateMoveTargets("VISITED")).toEqual(["INTENDED", "ABANDONED"]);
    expect(candidateMoveTargets("INTENDED")).toEqual(["CONFIRMED", "VISITED", "ABANDONED"]);
    expect(candidateMoveTargets("CONFIRMED")).toEqual(["ABANDONED"]);
    expect(candidateMoveTargets("ABANDONED")).toEqual(["RECOMMENDED"]);
  });

  test("a step not on the ladder is refused", () => {
    const result = planCandidateMove({ candidateId: "c1", to: "CONFIRMED", candidates: [candidate("c1", "p1", "s1", "RECOMMENDED")], sites: [vacant("s1")] });
    expect(result).toMatchObject({ ok: false, errors: [{ field: "status", message: "landing.candidateMoveNotAllowed" }] });
  });

  test("logging a visit moves 推荐 to 踏勘 and leaves later statuses alone", () => {
    expect(candidateStatusAfterVisit("RECOMMENDED")).toBe("VISITED");
    expect(candidateStatusAfterVisit("INTENDED")).toBe("INTENDED");
  });

  test("意向 reserves a free carrier", () => {
    const plan = planCandidateMove({ candidateId: "c1", to: "INTENDED", candidates: [candidate("c1", "p1", "s1", "VISITED")], sites: [vacant("s1")] });
    expect(plan).toEqual({
      ok: true,
      candidateUpdates: [{ id: "c1", from: "VISITED", to: "INTENDED", reason: null, autoReason: null }],
      siteUpdates: [{ siteId: "s1", from: "VACANT", to: "RESERVED", projectId: null }],
      notifyProjectIds: [],
      warning: null,
    });
  });

  test("意向 on a carrier another project holds needs a reason and tells the holder", () => {
    const candidates = [candidate("c1", "p1", "s1", "INTENDED"), candidate("c2", "p2", "s1", "VISITED")];
    const sites: SiteSnapshot[] = [{ id: "s1", status: "RESERVED" }];
    expect(planCandidateMove({ candidateId: "c2", to: "INTENDED", candidates, sites })).toEqual({
      ok: false,
      errors: [{ field: "reason", message: "landing.reservedIntendedNeedsReason" }],
    });
    const plan = planCandidateMove({ candidateId: "c2", to: "INTENDED", reason: "市领导协调", candidates, sites });
    expect(plan).toMatchObject({ ok: true, siteUpdates: [], notifyProjectIds: ["p1"], warning: { key: "landing.reservedIntendedWarning" } });
  });

  test("确定 signs the carrier out, records the project's site and abandons the project's other open candidates", () => {
    const candidates = [
      candidate("a", "p1", "s1", "INTENDED"),
      candidate("b", "p1", "s2", "INTENDED"), // p1's other reservation: released
      candidate("c", "p1", "s3", "VISITED"),
      candidate("d", "p1", "s4", "ABANDONED"), // already closed: untouched
      candidate("e", "p2", "s3", "INTENDED"), // s3 stays reserved by p2
    ];
    const sites: SiteSnapshot[] = [
      { id: "s1", status: "RESERVED" },
      { id: "s2", status: "RESERVED" },
      { id: "s3", status: "RESERVED" },
      { id: "s4", status: "VACANT" },
    ];
    const plan = planCandidateMove({ candidateId: "a", to: "CONFIRMED", candidates, sites });
    expect(plan).toEqual({
      ok: true,
      candidateUpdates: [
        { id: "a", from: "INTENDED", to: "CONFIRMED", reason: null, autoReason: null },
        { id: "b", from: "INTENDED", to: "ABANDONED", reason: null, autoReason: "landing.autoAbandonedOtherConfirmed" },
        { id: "c", from: "VISITED", to: "ABANDONED", reason: null, autoReason: "landing.autoAbandonedOtherConfirmed" },
      ],
      siteUpdates: [
        { siteId: "s1", from: "RESERVED", to: "SIGNED_OUT", projectId: "p1" },
        { siteId: "s2", from: "RESERVED", to: "VACANT", projectId: null },
      ],
      projectSiteId: "s1",
      notifyProjectIds: [],
      warning: null,
    });
  });

  test("确定 over another project's 意向 needs a reason and tells that project; its candidate stays", () => {
    const candidates = [candidate("a", "p1", "s1", "INTENDED"), candidate("b", "p2", "s1", "INTENDED")];
    const sites: SiteSnapshot[] = [{ id: "s1", status: "RESERVED" }];
    expect(planCandidateMove({ candidateId: "a", to: "CONFIRMED", candidates, sites })).toMatchObject({ ok: false });
    const plan = planCandidateMove({ candidateId: "a", to: "CONFIRMED", reason: "先签先得", candidates, sites });
    expect(plan).toMatchObject({
      ok: true,
      candidateUpdates: [{ id: "a", to: "CONFIRMED" }],
      siteUpdates: [{ siteId: "s1", to: "SIGNED_OUT", projectId: "p1" }],
      notifyProjectIds: ["p2"],
    });
  });

  test("确定 is refused while the carrier is signed out to another project, even with a reason", () => {
    const candidates = [candidate("a", "p1", "s1", "CONFIRMED"), candidate("b", "p2", "s1", "INTENDED")];
    const sites: SiteSnapshot[] = [{ id: "s1", status: "SIGNED_OUT", projectId: "p1" }];
    expect(planCandidateMove({ candidateId: "b", to: "CONFIRMED", reason: "领导批示", candidates, sites })).toEqual({
      ok: false,
      errors: [{ field: "status", message: "landing.confirmRefusedSignedElsewhere" }],
    });
  });

  test("放弃 releases the carrier when nobody else holds it", () => {
    const candidates = [candidate("a", "p1", "s1", "INTENDED")];
    const plan = planCandidateMove({ candidateId: "a", to: "ABANDONED", candidates, sites: [{ id: "s1", status: "RESERVED" }] });
    expect(plan).toMatchObject({ ok: true, siteUpdates: [{ siteId: "s1", from: "RESERVED", to: "VACANT" }] });
  });

  test("放弃 keeps the carrier reserved while another project still holds it", () => {
    const candidates = [candidate("a", "p1", "s1", "INTENDED"), candidate("b", "p2", "s1", "INTENDED")];
    const plan = planCandidateMove({ candidateId: "a", to: "ABANDONED", candidates, sites: [{ id: "s1", status: "RESERVED" }] });
    expect(plan).toMatchObject({ ok: true, siteUpdates: [] });
  });

  test("abandoning a 确定 carrier needs a reason, frees it (or leaves it reserved) and clears the project's site", () => {
    const candidates = [candidate("a", "p1", "s1", "CONFIRMED"), candidate("b", "p2", "s1", "INTENDED")];
    const sites: SiteSnapshot[] = [{ id: "s1", status: "SIGNED_OUT", projectId: "p1" }];
    expect(planCandidateMove({ candidateId: "a", to: "ABANDONED", candidates, sites })).toEqual({
      ok: false,
      errors: [{ field: "reason", message: "landing.candidateMoveNeedsReason" }],
    });
    const plan = planCandidateMove({ candidateId: "a", to: "ABANDONED", reason: "企业撤资", candidates, sites });
    expect(plan).toMatchObject({
      ok: true,
      siteUpdates: [{ siteId: "s1", from: "SIGNED_OUT", to: "RESERVED", projectId: null }],
      projectSiteId: null,
    });
  });

  test("stepping back from 意向 needs a reason and releases the carrier", () => {
    const candidates = [candidate("a", "p1", "s1", "INTENDED")];
    const sites: SiteSnapshot[] = [{ id: "s1", status: "RESERVED" }];
    expect(planCandidateMove({ candidateId: "a", to: "VISITED", candidates, sites }).ok).toBe(false);
    expect(planCandidateMove({ candidateId: "a", to: "VISITED", reason: "企业再比较", candidates, sites })).toMatchObject({
      ok: true,
      siteUpdates: [{ siteId: "s1", to: "VACANT" }],
    });
  });

  test("reopening an abandoned candidate needs a reason", () => {
    const candidates = [candidate("a", "p1", "s1", "ABANDONED")];
    expect(planCandidateMove({ candidateId: "a", to: "RECOMMENDED", candidates, sites: [vacant("s1")] }).ok).toBe(false);
    expect(planCandidateMove({ candidateId: "a", to: "RECOMMENDED", reason: "企业回心转意", candidates, sites: [vacant("s1")] })).toMatchObject({
      ok: true,
      siteUpdates: [],
    });
  });

  test("an 已入驻 carrier stays occupied whatever happens to its candidates", () => {
    const candidates = [candidate("a", "p1", "s1", "VISITED")];
    const plan = planCandidateMove({ candidateId: "a", to: "ABANDONED", candidates, sites: [{ id: "s1", status: "OCCUPIED", projectId: "p7" }] });
    expect(plan).toMatchObject({ ok: true, siteUpdates: [] });
  });
});

describe("suggestSites", () => {
  test("fitting and free first, then reserved, then the smallest carrier that meets the need", () => {
    const base = { regionId: "county-a", powerKva: 1_000, maxEiaCategory: "EIA_TABLE" as const };
    const sites = [
      { id: "big", status: "VACANT" as const, kind: "STANDARD_FACTORY" as const, areaSqm: 20_000, ...base },
      { id: "small", status: "VACANT" as const, kind: "STANDARD_FACTORY" as const, areaSqm: 6_000, ...base },
      { id: "held", status: "RESERVED" as const, kind: "STANDARD_FACTORY" as const, areaSqm: 6_000, ...base },
      { id: "tiny", status: "VACANT" as const, kind: "STANDARD_FACTORY" as const, areaSqm: 1_000, ...base },
    ];
    const candidates = [candidate("c", "p9", "held", "INTENDED")];
    const order = suggestSites({ projectId: "p1", needs: { floorSqm: 5_000 }, sites, candidates }).map((s) => s.site.id);
    expect(order).toEqual(["small", "big", "held", "tiny"]);
  });
});
