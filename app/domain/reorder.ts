// Moving one entry of an admin-ordered list (industry chains, their links) a place up or down.

export type MoveDirection = "up" | "down";

/** The ids in their new order after the move, or null when the entry cannot move that way. */
export function reorderedIds(ids: readonly string[], id: string, direction: MoveDirection): string[] | null {
  const from = ids.indexOf(id);
  const to = direction === "up" ? from - 1 : from + 1;
  if (from < 0 || to < 0 || to >= ids.length) return null;
  const next = [...ids];
  next[from] = ids[to]!;
  next[to] = id;
  return next;
}
