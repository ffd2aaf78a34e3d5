// The region a ledger row belongs to, by name: a 县区 column, the user's choice, or the
// ledger's 填报单位 (issue 6 §3), matched against the regions the installation knows.

export type RegionRef = { id: string; name: string };

/**
 * The region a written name means: the exact name; else the longest region name it begins
 * with (汉阴县城关镇 → 汉阴县); else the one region whose name begins with it (汉阴 → 汉阴县).
 */
export function matchRegionName<R extends RegionRef>(written: string, regions: readonly R[]): R | null {
  const name = written.normalize("NFKC").replace(/\s+/gu, "");
  if (name === "") return null;
  const exact = regions.find((r) => r.name === name);
  if (exact) return exact;
  const within = regions.filter((r) => name.startsWith(r.name)).sort((a, b) => b.name.length - a.name.length)[0];
  if (within) return within;
  const longer = regions.filter((r) => r.name.startsWith(name));
  return longer.length === 1 ? longer[0]! : null;
}
