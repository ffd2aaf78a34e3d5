// bench/floor.ts: what the route benchmark replays as a page's floor must be the statements the
// database really received, and replaying them through the raw driver must give the same rows.
import { captureStatements, installCapture, openReplayer } from "../../bench/floor";
import { sqliteFilePath } from "#app/utils/database-url";
import { createTestUser, testDb, testDbKind } from "#tests/setup/db";

test("a capture records the statements and values of the queries run inside it, and they replay through the raw driver", async () => {
  installCapture();
  const db = testDb();
  const officer = await createTestUser(db, { role: "COUNTY_OFFICER", regionName: "汉阴县" });
  const other = await createTestUser(db, { role: "COUNTY_OFFICER", regionName: "汉阴县" });

  await db.user.findUnique({ where: { id: other.id } }); // outside the capture: not recorded
  const { result, statements } = await captureStatements(() => db.user.findUnique({ where: { id: officer.id }, select: { id: true, username: true } }));
  await db.user.findUnique({ where: { id: other.id } }); // after it: not recorded either

  expect(result?.username).toBe(officer.username);
  expect(statements).toHaveLength(1);
  expect(statements[0]!.sql).toMatch(/FROM [`"a-z.]*[`"]User[`"]/);
  expect(statements[0]!.values).toContain(officer.id);
  expect(statements[0]!.values).not.toContain(other.id);

  const url = process.env.DATABASE_URL!;
  const kind = testDbKind();
  const replayer = await openReplayer(kind, kind === "sqlite" ? sqliteFilePath(url) : url);
  try {
    expect(await replayer.run(statements)).toBe(1);
    // The same statement for a user that does not exist finds nothing: the values are bound.
    expect(await replayer.run([{ sql: statements[0]!.sql, values: statements[0]!.values.map((v) => (v === officer.id ? "nobody" : v)) }])).toBe(0);
  } finally {
    await replayer.close();
  }
});
