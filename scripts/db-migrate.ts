// npm run db:migrate — applies pending migrations to the database DATABASE_URL names.
import "dotenv/config";
import { databaseKind, databaseUrl } from "#app/utils/database-url";
import { migrate } from "./lib/migrate";

const url = databaseUrl();
const applied = await migrate(url);
const where = databaseKind(url) === "postgres" ? "PostgreSQL" : url;
console.log(applied.length ? `Applied ${applied.length} migration(s) to ${where}: ${applied.join(", ")}` : `${where} is up to date.`);
