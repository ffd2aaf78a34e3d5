// A schema change must come with its migrations: `npm run db:new-migration` writes them and
// refreshes the snapshot, so a schema that differs from the snapshot (comments aside) means
// migration SQL is missing (docs/decisions/001).
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");

function withoutComments(schema: string): string {
  return schema
    .split("\n")
    .map((line) => line.replace(/\/\/.*$/, "").replace(/\s+/g, " ").trim())
    .filter(Boolean)
    .join("\n");
}

test("prisma/schema.prisma matches the snapshot of the last migration", () => {
  const schema = fs.readFileSync(path.join(root, "prisma/schema.prisma"), "utf8");
  const snapshot = fs.readFileSync(path.join(root, "prisma/migrations/schema.snapshot.prisma"), "utf8");
  expect(withoutComments(schema)).toBe(withoutComments(snapshot));
});
