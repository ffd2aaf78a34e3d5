// The "floor" of a page (issue 7): the SQL the page issues, replayed directly through the raw
// driver, with no Prisma, Remix, React or HTTP around it. How fast the page could be if nothing
// but its queries cost anything.
//
// Capture works one level below Prisma's driver adapters, on the drivers themselves, so it sees
// exactly the statements and bound values the database receives:
//   - better-sqlite3: the adapter runs `db.prepare(sql).bind(args)` then `.raw().all()` or
//     `.run()`; Statement.prototype.bind is wrapped to record `this.source` and the arguments;
//   - pg: the adapter runs `client.query({ text, values, rowMode: "array" })`;
//     Client.prototype.query is wrapped to record text and values.
// The wrappers sit on the prototypes, so clients created before installCapture() are seen too;
// they record only while a capture is open. Replay repeats what the adapter does with each statement, on one
// connection, one statement after another.
import Database from "better-sqlite3";
import pg from "pg";
import { SQLITE_PRAGMAS } from "#app/utils/sqlite-pragmas";

export type CapturedStatement = { sql: string; values: unknown[] };

let recording: CapturedStatement[] | null = null;
let installed = false;

/** Wraps the two drivers' statement entry points (idempotent). */
export function installCapture(): void {
  if (installed) return;
  installed = true;

  const probe = new Database(":memory:");
  const statementProto = Object.getPrototypeOf(probe.prepare("SELECT 1")) as { bind: (...args: unknown[]) => unknown };
  probe.close();
  const bind = statementProto.bind;
  statementProto.bind = function (this: { source: string }, ...args: unknown[]) {
    // The adapter passes one array of positional values.
    if (recording) recording.push({ sql: this.source, values: args.length === 1 && Array.isArray(args[0]) ? [...(args[0] as unknown[])] : args });
    return bind.apply(this, args);
  };

  const clientProto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const query = clientProto.query;
  clientProto.query = function (this: unknown, ...args: unknown[]) {
    const first = args[0];
    if (recording) {
      if (typeof first === "string") recording.push({ sql: first, values: Array.isArray(args[1]) ? [...(args[1] as unknown[])] : [] });
      else if (first && typeof first === "object" && "text" in first) {
        const config = first as { text: string; values?: unknown[] };
        recording.push({ sql: config.text, values: [...(config.values ?? [])] });
      }
    }
    return query.apply(this, args);
  };
}

/** Runs `work` and returns the statements the drivers received meanwhile (nothing else may run). */
export async function captureStatements<T>(work: () => Promise<T>): Promise<{ result: T; statements: CapturedStatement[] }> {
  if (!installed) throw new Error("call installCapture() first");
  if (recording) throw new Error("captures do not nest");
  recording = [];
  try {
    const result = await work();
    return { result, statements: recording };
  } finally {
    recording = null;
  }
}

/** A raw connection that replays captured statements the way the adapter issues them. */
export type Replayer = { run: (statements: CapturedStatement[]) => Promise<number>; close: () => Promise<void> };

export async function openReplayer(kind: "sqlite" | "postgres", target: string): Promise<Replayer> {
  if (kind === "sqlite") {
    const db = new Database(target, { fileMustExist: true });
    for (const pragma of SQLITE_PRAGMAS) db.pragma(pragma);
    return {
      async run(statements) {
        let rows = 0;
        for (const s of statements) {
          const stmt = db.prepare(s.sql).bind(s.values);
          if (stmt.reader) {
            stmt.columns();
            rows += stmt.raw().all().length;
          } else stmt.run();
        }
        return rows;
      },
      async close() {
        db.close();
      },
    };
  }
  const client = new pg.Client({ connectionString: target });
  await client.connect();
  return {
    async run(statements) {
      let rows = 0;
      for (const s of statements) rows += (await client.query({ text: s.sql, values: s.values, rowMode: "array" })).rowCount ?? 0;
      return rows;
    },
    async close() {
      await client.end();
    },
  };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Median wall time in ms of replaying the statements, after `warm` unmeasured runs. */
export async function floorMs(replayer: Replayer, statements: CapturedStatement[], runs = 15, warm = 3): Promise<number> {
  for (let i = 0; i < warm; i += 1) await replayer.run(statements);
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const t = performance.now();
    await replayer.run(statements);
    times.push(performance.now() - t);
  }
  return median(times);
}
