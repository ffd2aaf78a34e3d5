// Prisma's better-sqlite3 adapter shares one connection between transactions and plain
// queries: a query from another request issued while an interactive transaction is open runs
// *inside* that transaction and silently disappears if it rolls back. This wrapper gives the
// connection a single queue, so a statement outside a transaction waits until the open
// transaction commits or rolls back. It also applies the durability pragmas on connect.
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { SQLITE_BUSY_TIMEOUT_MS, SQLITE_PRAGMAS } from "./sqlite-pragmas";

type Adapter = Awaited<ReturnType<PrismaBetterSQLite3["connect"]>>;
type Transaction = Awaited<ReturnType<Adapter["startTransaction"]>>;

class Queue {
  #tail: Promise<void> = Promise.resolve();

  /** Resolves with a release function once every earlier holder has released. */
  acquire(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((resolve) => (release = resolve));
    const ready = this.#tail.then(() => release);
    this.#tail = this.#tail.then(() => next);
    return ready;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await work();
    } finally {
      release();
    }
  }
}

/** SQLITE_MAX_VARIABLE_NUMBER of the SQLite that better-sqlite3 bundles (its compile options). */
const SQLITE_MAX_VARIABLE_NUMBER = 32_766;

function serialised(inner: Adapter): Adapter {
  const queue = new Queue();
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    queryRaw: (query) => queue.run(() => inner.queryRaw(query)),
    executeRaw: (query) => queue.run(() => inner.executeRaw(query)),
    executeScript: (script) => queue.run(() => inner.executeScript(script)),
    // Prisma assumes SQLite's historical limit of 999 bound values unless the adapter says
    // otherwise; the SQLite bundled with better-sqlite3 is built with 32766, and a cockpit
    // drill-down (`id IN (…)` of one metric's projects) passes 999 on a city's year of signings.
    getConnectionInfo: () => ({ supportsRelationJoins: false, ...inner.getConnectionInfo?.(), maxBindValues: SQLITE_MAX_VARIABLE_NUMBER }),
    dispose: () => queue.run(() => inner.dispose()),
    async startTransaction(isolationLevel) {
      const release = await queue.acquire();
      let tx: Transaction;
      try {
        tx = await inner.startTransaction(isolationLevel);
      } catch (error) {
        release();
        throw error;
      }
      return {
        provider: tx.provider,
        adapterName: tx.adapterName,
        options: tx.options,
        queryRaw: (query) => tx.queryRaw(query),
        executeRaw: (query) => tx.executeRaw(query),
        commit: () => tx.commit().finally(release),
        rollback: () => tx.rollback().finally(release),
      };
    },
  };
}

export function createSqliteAdapter(url: string) {
  const factory = new PrismaBetterSQLite3({ url, timeout: SQLITE_BUSY_TIMEOUT_MS });
  return {
    provider: "sqlite" as const,
    adapterName: factory.adapterName,
    async connect(): Promise<Adapter> {
      const inner = await factory.connect();
      await inner.executeScript(SQLITE_PRAGMAS.map((p) => `PRAGMA ${p};`).join("\n"));
      return serialised(inner);
    },
  };
}
