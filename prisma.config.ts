// Prisma CLI configuration. The CLI runs the WebAssembly schema engine through a driver
// adapter, since native engines cannot be downloaded here (PLATFORM.md). It is only used by
// scripts/prisma.mjs to compute migration SQL; migrations are applied by scripts/db-migrate.ts.
import "dotenv/config";
import { defineConfig } from "prisma/config";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/schema.prisma",
  // Schema-to-schema diffs never touch a database; the engine renders SQL for the provider named
  // in each schema file, PostgreSQL included, whatever adapter it was started with.
  async adapter() {
    const { PrismaBetterSQLite3 } = await import("@prisma/adapter-better-sqlite3");
    return new PrismaBetterSQLite3({ url: ":memory:" });
  },
});
