// Stands in for a running server in tests/integration/backup-restore.test.ts: opens the
// database DATABASE_URL names through the app's own client (the same adapter and pragmas as
// server.js), runs a query, prints "ready" and keeps the connection open until killed.
import { createPrismaClient } from "#app/utils/db.server";

const db = createPrismaClient(process.env.DATABASE_URL ?? "");
await db.region.count();
console.log("ready");
setInterval(() => {}, 60_000);
