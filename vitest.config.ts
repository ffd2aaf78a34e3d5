// Two kinds of Vitest test (STYLE.md "tests"):
//   unit         tests/unit/**  (and tests next to code in app/**): pure code, no database
//   integration  tests/integration/**: a real, migrated database per worker, SQLite or
//                PostgreSQL as TEST_DB says (default sqlite; see tests/setup/global-setup.ts)
// `npm run test:unit`, `npm run test:integration`, `TEST_DB=postgres npm run test:integration`.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  resolve: {
    // The same aliases as package.json "imports" and tsconfig "paths".
    alias: [
      { find: /^#app\/(.*)$/, replacement: path.join(root, "app/$1") },
      { find: /^#tests\/(.*)$/, replacement: path.join(root, "tests/$1") },
    ],
  },
  test: {
    globals: true,
    environment: "node",
    // A console.error nobody expected fails the test (tests/setup/console.ts).
    setupFiles: [path.join(root, "tests/setup/console.ts")],
    restoreMocks: true,
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["tests/unit/**/*.test.{ts,tsx}", "app/**/*.test.{ts,tsx}"],
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.{ts,tsx}"],
          globalSetup: [path.join(root, "tests/setup/global-setup.ts")],
          setupFiles: [path.join(root, "tests/setup/db-setup.ts")],
          // Argon2 hashing and a database clone per file make these slower than unit tests.
          testTimeout: 20_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
