// npm run backup -- FILE
// Online backup of the SQLite database DATABASE_URL names, while the server keeps running
// (SQLite's backup API; docs/decisions/005). On PostgreSQL it explains pg_dump and exits 1.
import "dotenv/config";
import { databaseKind, databaseUrl, sqliteFilePath } from "#app/utils/database-url";
import { BackupError, backupSqlite } from "./lib/backup";
import { pgBackupHint } from "./lib/pg-backup-hint";

const url = databaseUrl();
const file = process.argv[2];

if (databaseKind(url) === "postgres") {
  console.error(pgBackupHint(url, "backup"));
  process.exit(1);
}
if (!file || process.argv.length > 3) {
  console.error("Usage: npm run backup -- FILE   (a new file, e.g. backups/zhaoshang-$(date +%Y%m%d-%H%M).db)");
  process.exit(1);
}

try {
  const result = await backupSqlite(sqliteFilePath(url), file);
  console.log(
    `Backup written to ${result.file}: ${(result.bytes / 1024 / 1024).toFixed(1)} MB, ${result.tables} tables, ` +
      `${result.migrations.length} migrations, integrity_check ok, ${Math.round(result.ms)} ms.`,
  );
} catch (error) {
  console.error(error instanceof BackupError ? `Backup failed: ${error.message}` : error);
  process.exit(1);
}
