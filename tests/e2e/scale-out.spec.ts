// Scale-out on PostgreSQL (issue 7; README "Production deployment"): two production instances
// on different ports against ONE PostgreSQL database, as behind a load balancer without sticky
// sessions. A session made through one instance works on the other, a save through one is seen
// by the other, and the optimistic lock (User.version) holds across instances: a stale save
// gets 409, and of 20 concurrent saves of one version exactly one wins.
//
// A Playwright spec because it needs the production build, which only the e2e run guarantees
// (see security-http.spec.ts). It does not use the e2e SQLite server: it makes a throw-away
// database on TEST_PG_URL (migrations + demo seed), starts its own two servers and drops the
// database afterwards. No PostgreSQL server means a failure, never a skip.
//
// Requests go through fetch with the Cookie header set by hand, never a cookie jar: a jar would
// send A's cookie to B on its own (cookies ignore ports) and hide what is being proved.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import pg from "pg";
import * as OTPAuth from "otpauth";
import { connectPgAdmin, isLocalServer, pgDatabaseUrl, processIsAlive, quoteIdent, testPgUrl } from "../setup/test-database";
import { DEMO_PASSWORD, DEMO_TOTP_SECRET, expect, test } from "./fixtures";
import { ROOT, startServer, type SpawnedServer } from "./support/e2e-db";

const adminUrl = testPgUrl();
const dbName = `zs_e2e_scaleout_${process.pid}_${randomBytes(3).toString("hex")}`;
const dbUrl = pgDatabaseUrl(adminUrl, dbName);
const CONFLICT_MESSAGE = "您编辑期间，该记录已被他人修改并保存";

let a: SpawnedServer;
let b: SpawnedServer;

test.describe.configure({ mode: "serial", timeout: 120_000 });

function tsx(script: string, ...args: string[]) {
  const run = spawnSync(path.join(ROOT, "node_modules/.bin/tsx"), [script, ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: dbUrl },
    encoding: "utf8",
  });
  if (run.status !== 0) throw new Error(`${script} failed:\n${run.stdout}\n${run.stderr}`);
}

/** Databases of earlier runs on this machine whose process is gone. */
async function dropStaleDatabases(admin: pg.Client) {
  const { rows } = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname ~ '^zs_e2e_scaleout_[0-9]+_'`);
  for (const { datname } of rows) {
    const pid = Number(/^zs_e2e_scaleout_(\d+)_/.exec(datname)?.[1]);
    if (!processIsAlive(pid)) await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(datname)} WITH (FORCE)`);
  }
}

test.beforeAll(async () => {
  const admin = await connectPgAdmin(adminUrl);
  try {
    if (isLocalServer(adminUrl)) await dropStaleDatabases(admin);
    await admin.query(`CREATE DATABASE ${quoteIdent(dbName)}`);
  } finally {
    await admin.end();
  }
  tsx("scripts/db-migrate.ts");
  tsx("prisma/seed/index.ts", "--demo");
  // The browser never talks to these servers, so plain-http cookies are enough.
  [a, b] = await Promise.all([
    startServer({ DATABASE_URL: dbUrl, ZS_INSECURE_COOKIES: "1" }),
    startServer({ DATABASE_URL: dbUrl, ZS_INSECURE_COOKIES: "1" }),
  ]);
});

test.afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  const admin = await connectPgAdmin(adminUrl);
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(dbName)} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
});

// ─────────────────────────────── helpers ───────────────────────────────

function get(server: SpawnedServer, pathname: string, cookie: string) {
  return fetch(`${server.url}${pathname}`, { headers: { Cookie: cookie }, redirect: "manual" });
}

function post(server: SpawnedServer, pathname: string, fields: Record<string, string>, cookie = "") {
  return fetch(`${server.url}${pathname}`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: server.url, ...(cookie ? { Cookie: cookie } : {}) },
    body: new URLSearchParams(fields),
  });
}

/** Signs in through /login on `server`; returns "name=value" for a Cookie header. */
async function signIn(server: SpawnedServer, username: string, totp = false): Promise<string> {
  const fields: Record<string, string> = { username, password: DEMO_PASSWORD };
  if (totp) {
    // A fresh database: the account has used no TOTP step yet, so the current code is good.
    fields.totp = new OTPAuth.TOTP({ algorithm: "SHA1", digits: 6, period: 30, secret: OTPAuth.Secret.fromBase32(DEMO_TOTP_SECRET) }).generate();
  }
  const res = await post(server, "/login", fields);
  expect(res.status, `login of ${username} on ${server.url}: ${await res.clone().text()}`).toBe(302);
  const cookie = res.headers.get("set-cookie")?.split(";")[0];
  expect(cookie).toMatch(/^zs_session=[a-z0-9]{20,}$/);
  return cookie!;
}

type UserRow = { id: string; displayName: string; role: string; regionId: string | null; departmentId: string | null; version: number };

async function userRow(username: string): Promise<UserRow> {
  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  try {
    const { rows } = await client.query<UserRow>(
      `SELECT "id", "displayName", "role", "regionId", "departmentId", "version" FROM "User" WHERE "username" = $1`,
      [username],
    );
    return rows[0]!;
  } finally {
    await client.end();
  }
}

/** The version the edit page of `server` puts in its form: what a browser would submit. */
async function versionOnPage(server: SpawnedServer, userId: string, cookie: string): Promise<number> {
  const res = await get(server, `/admin/users/${userId}`, cookie);
  expect(res.status).toBe(200);
  const html = await res.text();
  const version = /<input[^>]*name="version"[^>]*value="(\d+)"|<input[^>]*value="(\d+)"[^>]*name="version"/.exec(html);
  expect(version, "hidden version field on the edit page").not.toBeNull();
  return Number(version![1] ?? version![2]);
}

function saveFields(user: UserRow, version: number, displayName: string) {
  return {
    intent: "save",
    version: String(version),
    displayName,
    title: "",
    role: user.role,
    regionId: user.regionId ?? "",
    departmentId: user.departmentId ?? "",
  };
}

// ─────────────────────────────── tests ───────────────────────────────

test("a session created through instance A is valid on instance B, and logging out on B ends it on A", async () => {
  const cookie = await signIn(a, "city");
  const onB = await get(b, "/", cookie);
  expect(onB.status).toBe(200);
  expect(await onB.text()).toContain("周明（市招商局）");

  const out = await post(b, "/logout", {}, cookie);
  expect(out.status).toBe(302);
  const onA = await get(a, "/", cookie);
  expect(onA.status).toBe(302);
  expect(onA.headers.get("location")).toMatch(/^\/login/);
});

let admin: Promise<string> | null = null;
/** The admin signs in once, on A, for the whole file: each TOTP code works only once. */
function adminCookie(): Promise<string> {
  return (admin ??= signIn(a, "admin", true));
}

test("a save through instance A is seen by instance B", async () => {
  const cookie = await adminCookie();
  const user = await userRow("hanyin");
  const version = await versionOnPage(b, user.id, cookie);
  const saved = await post(a, `/admin/users/${user.id}`, saveFields(user, version, "王强（汉阴县招商局）"), cookie);
  expect(saved.status).toBe(302);
  expect(saved.headers.get("location")).toBe(`/admin/users/${user.id}?notice=saved`);

  const onB = await get(b, `/admin/users/${user.id}`, cookie);
  expect(onB.status).toBe(200);
  expect(await onB.text()).toContain("王强（汉阴县招商局）");
  expect(await versionOnPage(b, user.id, cookie)).toBe(version + 1);
});

test.describe("the optimistic lock across instances", () => {
  let cookie: string;
  test.beforeAll(async () => {
    cookie = await adminCookie();
  });

  test("a stale save across instances gets 409 with the Chinese conflict message and both versions", async () => {
    const user = await userRow("hanbin");
    const [versionA, versionB] = await Promise.all([versionOnPage(a, user.id, cookie), versionOnPage(b, user.id, cookie)]);
    expect(versionA).toBe(versionB);

    const first = await post(a, `/admin/users/${user.id}`, saveFields(user, versionA, "李娜（A 实例保存）"), cookie);
    expect(first.status).toBe(302);
    const stale = await post(b, `/admin/users/${user.id}`, saveFields(user, versionB, "李娜（B 实例保存）"), cookie);
    expect(stale.status).toBe(409);
    const html = await stale.text();
    expect(html).toContain(CONFLICT_MESSAGE);
    expect(html).toContain("对方保存的内容");
    expect(html).toContain("李娜（A 实例保存）"); // theirs: what A saved
    expect(html).toContain("李娜（B 实例保存）"); // yours: kept in the form
    const after = await userRow("hanbin");
    expect(after.displayName).toBe("李娜（A 实例保存）");
    expect(after.version).toBe(versionA + 1);
  });

  test("20 concurrent saves of one version, split over both instances: exactly one succeeds, 19 get 409", async () => {
    const user = await userRow("zrzy");
    const version = await versionOnPage(a, user.id, cookie);
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        post(i % 2 ? b : a, `/admin/users/${user.id}`, saveFields(user, version, `赵磊（并发${i}）`), cookie).then(async (res) => {
          await res.text();
          return { i, status: res.status };
        }),
      ),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 302)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    const winner = responses.find((r) => r.status === 302)!;
    const after = await userRow("zrzy");
    expect(after.version).toBe(version + 1);
    expect(after.displayName).toBe(`赵磊（并发${winner.i}）`);
  });
});
