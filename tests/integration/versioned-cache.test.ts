// The data-version cache behind the cockpit and 工作台 (ADR 009), on its own: an entry is served
// while the data version and its age allow, requests that arrive together share one
// computation, a failed computation is not kept, and the oldest key goes when the cache is
// full. The data version is the real one of the test database.
import { bumpDataVersion } from "#app/utils/data-version.server";
import { versionedCache } from "#app/utils/versioned-cache.server";
import { testDb } from "#tests/setup/db";

const db = testDb();
const T0 = new Date("2026-06-01T02:00:00Z");
const later = (ms: number) => new Date(T0.getTime() + ms);

/** A computation that counts its calls and answers with the count. */
function counter() {
  let calls = 0;
  const compute = async () => {
    calls += 1;
    return calls;
  };
  return { compute, calls: () => calls };
}

test("served again while the version is the same and the entry younger than maxAgeMs; recomputed after a data change or once older", async () => {
  const cache = versionedCache<number>({ maxAgeMs: 1_000, maxEntries: 8 });
  const c = counter();
  expect(await cache.get("k", T0, c.compute)).toBe(1);
  expect(await cache.get("k", later(999), c.compute)).toBe(1);
  expect(await cache.get("k", later(1_000), c.compute)).toBe(2);
  await bumpDataVersion(db);
  expect(await cache.get("k", later(1_000), c.compute)).toBe(3);
  // A clock that went back is no reason to trust the entry.
  expect(await cache.get("k", later(-1), c.compute)).toBe(4);
});

test("requests that arrive together share one computation", async () => {
  const cache = versionedCache<number>({ maxAgeMs: 60_000, maxEntries: 8 });
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let calls = 0;
  const slow = async () => {
    calls += 1;
    await gate;
    return 42;
  };
  const answers = Promise.all([cache.get("k", T0, slow), cache.get("k", T0, slow), cache.get("k", later(10), slow)]);
  // Each get awaits the data version first: let all three reach the cache before releasing.
  await new Promise((resolve) => setTimeout(resolve, 50));
  release();
  expect(await answers).toEqual([42, 42, 42]);
  expect(calls).toBe(1);
});

test("a failed computation is not kept: the next request computes again", async () => {
  const cache = versionedCache<number>({ maxAgeMs: 60_000, maxEntries: 8 });
  await expect(cache.get("k", T0, () => Promise.reject(new Error("数据库忙")))).rejects.toThrow("数据库忙");
  expect(await cache.get("k", T0, async () => 7)).toBe(7);
});

test("keys are kept apart, and beyond maxEntries the least recently computed is dropped", async () => {
  const cache = versionedCache<string>({ maxAgeMs: 60_000, maxEntries: 2 });
  const computed: string[] = [];
  const get = (key: string) =>
    cache.get(key, T0, async () => {
      computed.push(key);
      return key;
    });
  expect(await get("a")).toBe("a");
  expect(await get("b")).toBe("b");
  expect(await get("a")).toBe("a"); // kept
  expect(await get("c")).toBe("c"); // the cache is full: "a", computed first, goes
  expect(await get("b")).toBe("b"); // kept
  expect(await get("a")).toBe("a"); // computed again
  expect(computed).toEqual(["a", "b", "c", "a"]);
});
