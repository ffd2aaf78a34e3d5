import { createRandom, mulberry32 } from "../../prisma/seed/random";

describe("the demo data's seeded generator", () => {
  test("the same seed gives the same sequence; another seed another one", () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const c = mulberry32(43);
    const first = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(first);
    expect(Array.from({ length: 5 }, () => c())).not.toEqual(first);
  });

  test("is pinned: the sequence never changes between versions (the demo must look the same everywhere)", () => {
    // The reference mulberry32 gives 0.6270739405881613 first for seed 1.
    const next = mulberry32(1);
    expect(Array.from({ length: 3 }, () => next().toFixed(10))).toEqual(["0.6270739406", "0.0027357212", "0.5274470400"]);
  });

  test("floats lie in [0, 1) and spread evenly", () => {
    const next = mulberry32(7);
    const buckets = new Array<number>(10).fill(0);
    let low = 1;
    let high = 0;
    for (let i = 0; i < 20_000; i++) {
      const x = next();
      low = Math.min(low, x);
      high = Math.max(high, x);
      buckets[Math.floor(x * 10)]! += 1;
    }
    expect(low).toBeGreaterThanOrEqual(0);
    expect(high).toBeLessThan(1);
    for (const count of buckets) expect(count).toBeGreaterThan(1_800);
  });

  test("int covers both ends; pick, weighted, shuffle and sample are repeatable", () => {
    const rng = createRandom(2026);
    const ints = new Set(Array.from({ length: 500 }, () => rng.int(1, 4)));
    expect([...ints].sort()).toEqual([1, 2, 3, 4]);

    const run = (seed: number) => {
      const r = createRandom(seed);
      return {
        pick: Array.from({ length: 5 }, () => r.pick(["甲", "乙", "丙"])),
        weighted: Array.from({ length: 5 }, () => r.weighted([["A", 1], ["B", 3]] as const)),
        shuffle: r.shuffle([1, 2, 3, 4, 5, 6]),
        sample: r.sample(["a", "b", "c", "d"], 2),
        chance: Array.from({ length: 5 }, () => r.chance(0.5)),
      };
    };
    expect(run(99)).toEqual(run(99));
    expect(run(99)).not.toEqual(run(100));
    expect(run(99).shuffle.sort()).toEqual([1, 2, 3, 4, 5, 6]);
  });

  test("weighted honours the weights; a zero weight is never chosen", () => {
    const rng = createRandom(5);
    const counts = { A: 0, B: 0, C: 0 };
    for (let i = 0; i < 10_000; i++) counts[rng.weighted([["A", 1], ["B", 3], ["C", 0]] as const)] += 1;
    expect(counts.C).toBe(0);
    expect(counts.B / counts.A).toBeGreaterThan(2.6);
    expect(counts.B / counts.A).toBeLessThan(3.4);
  });

  test("refuses to pick from nothing", () => {
    const rng = createRandom(1);
    expect(() => rng.pick([])).toThrow(RangeError);
    expect(() => rng.weighted([])).toThrow(RangeError);
  });
});
