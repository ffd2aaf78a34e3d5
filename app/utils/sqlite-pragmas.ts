// The durability settings every SQLite connection gets (DESIGN §8): WAL so readers never block
// the writer, synchronous=FULL so an acknowledged commit survives power loss, and a busy
// timeout so concurrent writers wait instead of failing.
export const SQLITE_BUSY_TIMEOUT_MS = 10_000;

export const SQLITE_PRAGMAS = [
  "journal_mode = WAL",
  "synchronous = FULL",
  `busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`,
  "foreign_keys = ON",
] as const;
