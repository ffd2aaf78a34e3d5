#!/usr/bin/env node
// Prisma tooling for two databases from one schema (docs/decisions/001-prisma-6-and-migrations.md).
//   node scripts/prisma.mjs generate              → clients for SQLite and PostgreSQL in app/generated
//   node scripts/prisma.mjs new-migration <name>  → SQL for both providers from the schema change
// The PostgreSQL schema is derived from prisma/schema.prisma by swapping the provider, so it is
// never edited by hand. Migration SQL is computed schema-to-schema against the snapshot of the
// schema the previous migration produced (prisma/migrations/schema.snapshot.prisma).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const schemaPath = path.join(root, "prisma/schema.prisma");
const migrationsDir = path.join(root, "prisma/migrations");
const snapshotPath = path.join(migrationsDir, "schema.snapshot.prisma");
const cacheDir = path.join(root, ".cache/prisma");
const prismaBin = path.join(root, "node_modules/.bin/prisma");

// Stop the CLI from trying to download a native query engine it does not need (PLATFORM.md);
// the schema engine is the WebAssembly one selected in prisma.config.ts.
const env = {
  ...process.env,
  PRISMA_HIDE_UPDATE_MESSAGE: "1",
  CHECKPOINT_DISABLE: "1",
  PRISMA_QUERY_ENGINE_LIBRARY: process.env.PRISMA_QUERY_ENGINE_LIBRARY ?? "/dev/null",
};

function toPostgres(schema) {
  return schema
    .replace(/provider\s*=\s*"sqlite"/, 'provider = "postgresql"')
    .replace(/url\s*=\s*"file:[^"]*"/, 'url = "postgresql://localhost/placeholder"')
    .replace(/output\s*=\s*"\.\.\/app\/generated\/sqlite"/, `output = "${path.join(root, "app/generated/postgres")}"`);
}

function writeVariant(name, text) {
  fs.mkdirSync(cacheDir, { recursive: true });
  const file = path.join(cacheDir, name);
  fs.writeFileSync(file, text);
  return file;
}

function prisma(args) {
  return execFileSync(prismaBin, args, { cwd: root, env, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
}

function generate() {
  const schema = fs.readFileSync(schemaPath, "utf8");
  prisma(["generate", "--schema", schemaPath]);
  prisma(["generate", "--schema", writeVariant("schema.postgres.prisma", toPostgres(schema))]);
  console.log("Prisma clients generated for SQLite and PostgreSQL.");
}

function nextMigrationDir(provider, name) {
  const dir = path.join(migrationsDir, provider);
  fs.mkdirSync(dir, { recursive: true });
  const numbers = fs.readdirSync(dir).map((d) => Number.parseInt(d, 10)).filter(Number.isFinite);
  const next = String((numbers.length ? Math.max(...numbers) : 0) + 1).padStart(4, "0");
  return path.join(dir, `${next}_${name}`);
}

function diff(fromFile, toFile) {
  const from = fromFile ? ["--from-schema-datamodel", fromFile] : ["--from-empty"];
  return prisma(["migrate", "diff", ...from, "--to-schema-datamodel", toFile, "--script"]);
}

function newMigration(name) {
  if (!name || !/^[a-z0-9_]+$/.test(name)) {
    console.error("Usage: npm run db:new-migration -- <name_in_snake_case>");
    process.exit(2);
  }
  const current = fs.readFileSync(schemaPath, "utf8");
  const previous = fs.existsSync(snapshotPath) ? fs.readFileSync(snapshotPath, "utf8") : null;
  const variants = {
    sqlite: [previous && writeVariant("from.sqlite.prisma", previous), writeVariant("to.sqlite.prisma", current)],
    postgres: [previous && writeVariant("from.postgres.prisma", toPostgres(previous)), writeVariant("to.postgres.prisma", toPostgres(current))],
  };
  const scripts = Object.fromEntries(Object.entries(variants).map(([provider, [from, to]]) => [provider, diff(from, to)]));
  if (Object.values(scripts).every((sql) => !/\b(CREATE|ALTER|DROP)\b/i.test(sql))) {
    console.log("The schema has not changed since the last migration; nothing written.");
    return;
  }
  for (const [provider, sql] of Object.entries(scripts)) {
    const dir = nextMigrationDir(provider, name);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "migration.sql"), sql);
    console.log(`wrote ${path.relative(root, dir)}/migration.sql`);
  }
  fs.writeFileSync(snapshotPath, current);
  console.log("Review both files, add any hand-written SQL (triggers, data moves) to both, then run npm run db:migrate.");
}

const [command, arg] = process.argv.slice(2);
if (command === "generate") generate();
else if (command === "new-migration") newMigration(arg);
else {
  console.error("Usage: node scripts/prisma.mjs generate | new-migration <name>");
  process.exit(2);
}
