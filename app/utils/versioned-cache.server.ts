// Values derived from the data, kept in this process while the data version (ADR 009) is
// unchanged: writeAudit bumps it in the transaction of every audited data change, on any
// instance, so an entry never outlives a change made through the app. What moves with time
// alone (overdue by now, days in a stage) is at most `maxAgeMs` old. Concurrent requests for one
// key share one computation; a failed computation is not kept.
import { dataVersion } from "./data-version.server";

export type VersionedCache<T> = { get(key: string, at: Date, compute: () => Promise<T>): Promise<T> };

export function versionedCache<T>({ maxAgeMs, maxEntries }: { maxAgeMs: number; maxEntries: number }): VersionedCache<T> {
  type Entry = { version: number; computedAt: number; value: Promise<T> };
  const entries = new Map<string, Entry>();
  return {
    async get(key, at, compute) {
      const version = await dataVersion();
      const hit = entries.get(key);
      const age = hit ? at.getTime() - hit.computedAt : Infinity;
      if (hit && hit.version === version && age >= 0 && age < maxAgeMs) return hit.value;

      const entry: Entry = { version, computedAt: at.getTime(), value: compute() };
      // Most recently computed last, so the first key is the one to drop.
      entries.delete(key);
      entries.set(key, entry);
      if (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
      entry.value.catch(() => {
        if (entries.get(key) === entry) entries.delete(key);
      });
      return entry.value;
    },
  };
}
