// npm run restore -- FILE
// Replaces the SQLite database DATABASE_URL names with a backup made by `npm run backup`. Refuses
// a damaged backup, and refuses while the server (or anything else) has the database open; the
// replaced database is kept beside it (docs/decisions/005). On PostgreSQL it explains pg_restore.
import "dotenv/config";
import { databaseKind, databaseUrl, sqliteFilePath } from "#app/utils/database-url";
import { BackupError, restoreSqlite } from "./lib/backup";
import { pgBackupHint } from "./lib/pg-backup-hint";

const url = databaseUrl();
const file = process.argv[2];

if (databaseKind(url) === "postgres") {
  console.error(pgBackupHint(url, "restore"));
  process.exit(1);
}
if (!file || process.argv.length > 3) {
  console.error("Usage: npm run restore -- FILE   (stop the server first)");
  process.exit(1);
}

try {
  const result = await restoreSqlite(file, sqliteFilePath(url));
  console.log(
    `Restored ${file} into ${result.target}: ${(result.bytes / 1024 / 1024).toFixed(1)} MB, integrity_check ok, ${Math.round(result.ms)} ms.`,
  );
  if (result.previous) console.log(`The database it replaced is kept as ${result.previous} (delete it when no longer needed).`);
  if (result.pending.length > 0) {
    console.log(`The backup predates ${result.pending.length} migration(s) of this release: run npm run db:migrate before starting the server.`);
  }
} catch (error) {
  console.error(error instanceof BackupError ? `Restore refused: ${error.message}` : error);
  process.exit(1);
}
