// What `npm run backup` / `npm run restore` say on PostgreSQL, where the database server's own
// tools are the right ones (README "Backup and restore").
export function pgBackupHint(url: string, command: "backup" | "restore"): string {
  const u = new URL(url);
  if (u.password) u.password = "***";
  const shown = u.toString();
  const database = decodeURIComponent(u.pathname.replace(/^\//, "")) || "zhaoshang";
  const lines =
    command === "backup"
      ? [
          "npm run backup works on SQLite only. This installation uses PostgreSQL: back it up with",
          "PostgreSQL's own tools (README, \"Backup and restore\"):",
          "",
          `  pg_dump --format=custom --file=${database}-$(date +%Y%m%d-%H%M).dump "${shown}"`,
          "",
          "For point-in-time recovery take a base backup (pg_basebackup) and archive the WAL",
          "(archive_mode = on, archive_command) on the database server.",
        ]
      : [
          "npm run restore works on SQLite only. This installation uses PostgreSQL: stop the app",
          "instances, then restore a pg_dump archive into an empty database (README, \"Backup and restore\"):",
          "",
          `  createdb ${database}_restored`,
          `  pg_restore --no-owner --exit-on-error --dbname=${database}_restored FILE.dump   (plus -h/-U as for pg_dump)`,
          "",
          "then point DATABASE_URL at it (or rename the databases) and start the instances again.",
        ];
  return lines.join("\n");
}
