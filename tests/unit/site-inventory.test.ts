import { candidatesAbandonedByDeletion, siteDeletionBlock, siteStatusAfterEdit } from "#app/domain/site-inventory";
import { type CandidateSnapshot, type CandidateStatus } from "#app/domain/site-reservation";

const c = (id: string, projectId: string, status: CandidateStatus): CandidateSnapshot => ({ id, projectId, siteId: "s", status });

describe("siteStatusAfterEdit: only 已入驻 is set by hand", () => {
  test("not occupied: the status follows the candidates", () => {
    expect(siteStatusAfterEdit({ occupied: false, candidatesOfSite: [] })).toEqual({ ok: true, status: "VACANT", holderProjectId: null, occupantName: null });
    expect(siteStatusAfterEdit({ occupied: false, candidatesOfSite: [c("1", "p", "INTENDED")] })).toMatchObject({ status: "RESERVED", holderProjectId: null });
    expect(siteStatusAfterEdit({ occupied: false, occupantName: "某厂", candidatesOfSite: [c("1", "p", "CONFIRMED")] })).toEqual({
      ok: true,
      status: "SIGNED_OUT",
      holderProjectId: "p",
      occupantName: null,
    });
  });

  test("occupied by the 确定 project's firm keeps that project as holder", () => {
    expect(siteStatusAfterEdit({ occupied: true, candidatesOfSite: [c("1", "p", "CONFIRMED"), c("2", "q", "INTENDED")] })).toEqual({
      ok: true,
      status: "OCCUPIED",
      holderProjectId: "p",
      occupantName: null,
    });
  });

  test("occupied by a firm outside the system needs its name and no project at 意向", () => {
    expect(siteStatusAfterEdit({ occupied: true, occupantName: "  ", candidatesOfSite: [] })).toEqual({ ok: false, field: "occupantName", message: "sites.occupantRequired" });
    expect(siteStatusAfterEdit({ occupied: true, occupantName: "安康制衣厂", candidatesOfSite: [c("1", "p", "INTENDED")] })).toEqual({
      ok: false,
      field: "occupied",
      message: "sites.occupiedWhileIntended",
    });
    expect(siteStatusAfterEdit({ occupied: true, occupantName: " 安康制衣厂 ", candidatesOfSite: [c("1", "p", "RECOMMENDED")] })).toEqual({
      ok: true,
      status: "OCCUPIED",
      holderProjectId: null,
      occupantName: "安康制衣厂",
    });
  });
});

describe("deleting a carrier", () => {
  test("refused while a project holds it at 意向 or 确定", () => {
    expect(siteDeletionBlock([c("1", "p", "INTENDED")])).toBe("sites.deleteRefusedHeld");
    expect(siteDeletionBlock([c("1", "p", "CONFIRMED")])).toBe("sites.deleteRefusedHeld");
    expect(siteDeletionBlock([c("1", "p", "RECOMMENDED"), c("2", "q", "ABANDONED")])).toBeNull();
  });

  test("offers at 推荐 or 踏勘 are abandoned with it", () => {
    const list = [c("1", "p", "RECOMMENDED"), c("2", "q", "VISITED"), c("3", "r", "ABANDONED")];
    expect(candidatesAbandonedByDeletion(list).map((x) => x.id)).toEqual(["1", "2"]);
  });
});
