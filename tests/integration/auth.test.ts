// Authentication against a real database (DESIGN §8, ADR 003): login and its audit trail,
// lockout and unlock, idle and absolute expiry, ending sessions, a new id at every login, and
// the TOTP second factor. Time moves with a fake Date clock (app/utils/clock.ts), never sleeps.
import { type Role } from "#app/domain/roles";
import { LOCKOUT_MS } from "#app/domain/security-policy";
import { changeOwnPassword, enableTotp, setUserDisabled, unlockUser } from "#app/models/user.server";
import {
  continueLoginWithTotp,
  getUser,
  hasPendingMfa,
  login,
  logout,
  purgeExpiredSessions,
  requireUser,
  type LoginResult,
} from "#app/utils/auth.server";
import { type SessionUser } from "#app/utils/permissions.server";
import { requestMeta } from "#app/utils/request-meta.server";
import { currentTotp } from "#app/utils/totp.server";
import { createTestUser, testDb } from "#tests/setup/db";
import { captureStatements, installCapture } from "../../bench/floor";

const db = testDb();
const MIN = 60_000;
const T0 = new Date("2026-03-16T01:00:00.000Z"); // 09:00 in 安康
const SECRET = "JBSWY3DPEHPK3PXP";
const IP = "10.1.2.3";

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(T0);
});
afterEach(() => {
  vi.useRealTimers();
});

/** Moves the clock to T0 + the given minutes. */
function at(minutes: number) {
  vi.setSystemTime(new Date(T0.getTime() + minutes * MIN));
}

/** A request as the Express server hands it to Remix: client IP header, user agent, cookie. */
function req(path = "/", opts: { cookie?: string; method?: string } = {}) {
  const headers: Record<string, string> = { "x-zs-client-ip": IP, "user-agent": "vitest" };
  if (opts.cookie) headers.Cookie = opts.cookie;
  return new Request(`http://localhost${path}`, { method: opts.method ?? "GET", headers });
}

/** "name=value" of a Set-Cookie header, for the next request's Cookie header. */
function cookiePair(setCookie: string): string {
  return setCookie.split(";")[0]!.trim();
}

function cookieOf(result: LoginResult): string {
  if (!("cookie" in result) || !result.cookie) throw new Error(`no cookie in ${JSON.stringify(result)}`);
  return cookiePair(result.cookie);
}

function sessionIdOf(cookie: string): string {
  return cookie.slice(cookie.indexOf("=") + 1);
}

async function loginOk(username: string, password: string, opts: { cookie?: string; totp?: string } = {}) {
  const result = await login(req("/login", { method: "POST", cookie: opts.cookie }), { username, password, totp: opts.totp });
  expect(result).toMatchObject({ ok: true });
  return cookieOf(result);
}

async function userFor(cookie: string) {
  return getUser(req("/", { cookie }));
}

async function newUser(role: Role = "COUNTY_OFFICER", extra: { totpSecret?: string } = {}) {
  return createTestUser(db, { role, ...extra });
}

function sessionUser(u: Awaited<ReturnType<typeof newUser>>): SessionUser {
  return { ...u, role: u.role as Role, sessionId: "test" };
}

/** Whatever requireUser throws (a redirect or 403 Response). */
async function thrownBy(promise: Promise<unknown>): Promise<Response> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Response) return error;
    throw error;
  }
  throw new Error("expected a thrown Response");
}

const meta = requestMeta(req());

describe("login", () => {
  test("success opens a DB session and audits LOGIN_SUCCESS with the client IP and user agent", async () => {
    const user = await newUser();
    const result = await login(req("/login", { method: "POST" }), { username: user.username, password: user.password });
    expect(result).toMatchObject({ ok: true, userId: user.id });
    const cookie = cookieOf(result);

    const sessions = await db.session.findMany({ where: { userId: user.id } });
    expect(sessions).toHaveLength(1);
    expect(sessions[0]).toMatchObject({ id: sessionIdOf(cookie), mfaPending: false, ip: IP, userAgent: "vitest", createdAt: T0, lastSeenAt: T0 });

    const audit = await db.auditLog.findMany({ where: { entityId: user.id, action: "LOGIN_SUCCESS" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: user.id, ip: IP, userAgent: "vitest", entity: "User", at: T0 });

    expect(await userFor(cookie)).toMatchObject({ id: user.id, username: user.username, role: "COUNTY_OFFICER", sessionId: sessionIdOf(cookie) });
  });

  test("the session cookie is HttpOnly, SameSite=Lax, Path=/ and lives for the browser session only", async () => {
    const user = await newUser();
    const result = await login(req("/login", { method: "POST" }), { username: user.username, password: user.password });
    if (!result.ok) throw new Error("login failed");
    const [pair, ...attributes] = result.cookie.split(";").map((s) => s.trim());
    // Outside production (NODE_ENV=test) it is neither __Host- nor Secure; tests/e2e/security-http.spec.ts checks those.
    expect(pair).toMatch(/^zs_session=[a-z0-9]+$/);
    expect(attributes.sort()).toEqual(["HttpOnly", "Path=/", "SameSite=Lax"]);
  });

  test("a wrong password is refused, counted and audited as a failure with the IP", async () => {
    const user = await newUser();
    const result = await login(req("/login", { method: "POST" }), { username: user.username, password: "Wrong@Passw0rd" });
    expect(result).toEqual({ ok: false, reason: "bad" });
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
    expect(await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { failedLoginCount: true } })).toEqual({ failedLoginCount: 1 });
    const audit = await db.auditLog.findMany({ where: { entityId: user.id } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: "LOGIN_FAILURE", actorId: user.id, ip: IP, userAgent: "vitest" });
    expect(audit[0]!.detail).toContain("bad-password");
  });

  test("an unknown username is refused the same way and audited with the name tried", async () => {
    const result = await login(req("/login", { method: "POST" }), { username: "nobody_here", password: "Zhaoshang@2026" });
    expect(result).toEqual({ ok: false, reason: "bad" });
    const audit = await db.auditLog.findMany({ where: { action: "LOGIN_FAILURE", detail: { contains: "username=nobody_here" } } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: null, ip: IP, userAgent: "vitest" });
  });
});

describe("lockout (5 consecutive failures, 15 minutes, per account)", () => {
  async function fail(username: string, times: number) {
    for (let i = 0; i < times; i++) {
      expect(await login(req("/login", { method: "POST" }), { username, password: `Wrong@Pass${i}` })).toEqual({ ok: false, reason: "bad" });
    }
  }

  test("the 6th attempt is refused even with the right password, until 15 minutes have passed", async () => {
    const user = await newUser();
    await fail(user.username, 5);
    const row = await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { lockedUntil: true } });
    expect(row.lockedUntil).toEqual(new Date(T0.getTime() + LOCKOUT_MS));

    const locked = await login(req("/login", { method: "POST" }), { username: user.username, password: user.password });
    expect(locked).toEqual({ ok: false, reason: "locked", minutes: 15 });
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
    const lockedAudit = await db.auditLog.findMany({ where: { entityId: user.id, action: "LOGIN_FAILURE", detail: { contains: "locked" } } });
    expect(lockedAudit).toHaveLength(1);
    expect(lockedAudit[0]!.ip).toBe(IP);

    at(14.99);
    expect(await login(req("/login", { method: "POST" }), { username: user.username, password: user.password })).toEqual({
      ok: false,
      reason: "locked",
      minutes: 1,
    });
    at(15);
    await loginOk(user.username, user.password);
  });

  test("the lock is per account: another account is unaffected", async () => {
    const victim = await newUser();
    const other = await newUser();
    await fail(victim.username, 5);
    await loginOk(other.username, other.password);
  });

  test("an admin's unlock clears the lock at once", async () => {
    const user = await newUser();
    const admin = await newUser("ADMIN", { totpSecret: SECRET });
    await fail(user.username, 5);
    expect(await login(req("/login", { method: "POST" }), { username: user.username, password: user.password })).toMatchObject({ reason: "locked" });

    at(1);
    await unlockUser(sessionUser(admin), user.id, meta);
    expect(await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { lockedUntil: true, failedLoginCount: true } })).toEqual({
      lockedUntil: null,
      failedLoginCount: 0,
    });
    await loginOk(user.username, user.password);
  });

  test("a success resets the count: 4 failures, a success, 4 failures do not lock", async () => {
    const user = await newUser();
    await fail(user.username, 4);
    await loginOk(user.username, user.password);
    await fail(user.username, 4);
    await loginOk(user.username, user.password);
  });
});

describe("session expiry", () => {
  test("idle: valid after 29 minutes of inactivity", async () => {
    const cookie = await loginOk(...(await credentials()));
    at(29);
    expect(await userFor(cookie)).not.toBeNull();
  });

  test("idle: after 31 minutes of inactivity it is gone, and so is its row", async () => {
    const cookie = await loginOk(...(await credentials()));
    at(31);
    expect(await userFor(cookie)).toBeNull();
    expect(await db.session.findUnique({ where: { id: sessionIdOf(cookie) } })).toBeNull();
  });

  test("activity keeps it alive: idle is counted from the last request", async () => {
    const cookie = await loginOk(...(await credentials()));
    // Requests at irregular times; each one restarts the 30 minutes.
    for (const minute of [16, 30, 59, 88]) {
      at(minute);
      expect(await userFor(cookie), `at ${minute} min`).not.toBeNull();
    }
    at(88 + 31);
    expect(await userFor(cookie)).toBeNull();
  });

  test("absolute: 12 hours end it even with constant activity", async () => {
    const cookie = await loginOk(...(await credentials()));
    for (let minute = 20; minute < 12 * 60; minute += 20) {
      at(minute);
      expect(await userFor(cookie), `at ${minute} min`).not.toBeNull();
    }
    at(12 * 60);
    expect(await userFor(cookie)).not.toBeNull();
    at(12 * 60 + 1);
    expect(await userFor(cookie)).toBeNull();
    expect(await db.session.findUnique({ where: { id: sessionIdOf(cookie) } })).toBeNull();
  });

  test("purgeExpiredSessions (logins and npm run alerts) deletes the rows past a limit and only those", async () => {
    const idle = await loginOk(...(await credentials()));
    const fresh = await loginOk(...(await credentials()));
    const allDay = await loginOk(...(await credentials()));
    const pending = await newUser("ADMIN", { totpSecret: SECRET });
    expect(await login(req("/login", { method: "POST" }), { username: pending.username, password: pending.password })).toMatchObject({ ok: false });
    const alive = async (cookie: string) => (await db.session.count({ where: { id: sessionIdOf(cookie) } })) === 1;

    at(20);
    await userFor(fresh);
    await userFor(allDay);
    at(40);
    await userFor(allDay);
    // Earlier tests of this file left rows too, so the count is at least this test's two.
    expect(await purgeExpiredSessions()).toBeGreaterThanOrEqual(2);
    expect([await alive(idle), await alive(fresh), await alive(allDay)]).toEqual([false, true, true]); // idle 40 min
    expect(await db.session.count({ where: { userId: pending.id } })).toBe(0); // the TOTP step left waiting

    for (let minute = 60; minute <= 12 * 60; minute += 20) {
      at(minute);
      await userFor(allDay); // active all day: only the absolute limit ends it
    }
    expect(await purgeExpiredSessions()).toBeGreaterThanOrEqual(1);
    expect([await alive(fresh), await alive(allDay)]).toEqual([false, true]);
    at(12 * 60 + 1);
    expect(await purgeExpiredSessions()).toBe(1);
    expect(await alive(allDay)).toBe(false);
  });

  async function credentials(): Promise<[string, string]> {
    const user = await newUser();
    return [user.username, user.password];
  }
});

test("one request reads its session once (the root and the route loader share it); the next request reads it again", async () => {
  const user = await newUser();
  const cookie = await loginOk(user.username, user.password);
  const request = req("/", { cookie });
  expect(await getUser(request)).not.toBeNull();
  await db.session.deleteMany({ where: { userId: user.id } });
  expect(await getUser(request)).toMatchObject({ id: user.id });
  expect(await getUser(req("/", { cookie }))).toBeNull();
});

test("the loaders of one document request share the session lookup although each gets its own copy of the Request", async () => {
  installCapture();
  const user = await newUser();
  const cookie = await loginOk(user.username, user.password);
  // Remix runs the root and the route loader at once, each with a copy of the request.
  const { result, statements } = await captureStatements(() => Promise.all([getUser(req("/", { cookie })), getUser(req("/", { cookie }))]));
  expect(result.map((u) => u?.id)).toEqual([user.id, user.id]);
  expect(statements.filter((s) => /"Session"/.test(s.sql))).toHaveLength(1);
  // A later request reads it again: nothing is kept once the lookup has settled.
  await db.session.deleteMany({ where: { userId: user.id } });
  expect(await getUser(req("/", { cookie }))).toBeNull();
});

describe("ending sessions", () => {
  test("logout deletes the session: the old cookie no longer resolves to a user", async () => {
    const user = await newUser();
    const cookie = await loginOk(user.username, user.password);
    expect(await userFor(cookie)).not.toBeNull();

    const blank = await logout(req("/logout", { method: "POST", cookie }));
    expect(blank).toMatch(/^zs_session=;/);
    expect(blank).toContain("Max-Age=0");
    expect(await db.session.findUnique({ where: { id: sessionIdOf(cookie) } })).toBeNull();
    expect(await userFor(cookie)).toBeNull();
    expect(await db.auditLog.count({ where: { entityId: user.id, action: "LOGOUT", ip: IP } })).toBe(1);
  });

  test("a password change ends every session of the user, and only of that user", async () => {
    const user = await newUser();
    const other = await newUser();
    const first = await loginOk(user.username, user.password);
    const second = await loginOk(user.username, user.password);
    const others = await loginOk(other.username, other.password);
    const me = (await userFor(first))!;

    expect(await changeOwnPassword(me, "Wrong@Current1", "Brand#New2026", meta)).toMatchObject({ ok: false, field: "currentPassword" });
    expect(await userFor(second)).not.toBeNull();

    expect(await changeOwnPassword(me, user.password, "Brand#New2026", meta)).toEqual({ ok: true });
    expect(await userFor(first)).toBeNull();
    expect(await userFor(second)).toBeNull();
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
    expect(await userFor(others)).not.toBeNull();
    expect(await login(req("/login", { method: "POST" }), { username: user.username, password: user.password })).toEqual({ ok: false, reason: "bad" });
    await loginOk(user.username, "Brand#New2026");
  });

  test("disabling a user ends their sessions and refuses their logins", async () => {
    const user = await newUser();
    const admin = await newUser("ADMIN", { totpSecret: SECRET });
    const cookie = await loginOk(user.username, user.password);

    await setUserDisabled(sessionUser(admin), user.id, true, meta);
    expect(await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { disabled: true } })).toEqual({ disabled: true });
    expect(await userFor(cookie)).toBeNull();
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
    expect(await login(req("/login", { method: "POST" }), { username: user.username, password: user.password })).toEqual({ ok: false, reason: "disabled" });
  });

  test("login issues a new session id and ends the session the browser brought", async () => {
    const user = await newUser();
    const before = await loginOk(user.username, user.password);
    const after = await loginOk(user.username, user.password, { cookie: before });
    expect(sessionIdOf(after)).not.toBe(sessionIdOf(before));
    expect(await userFor(before)).toBeNull();
    expect(await userFor(after)).toMatchObject({ id: user.id });
    expect(await db.session.count({ where: { userId: user.id } })).toBe(1);
  });
});

describe("TOTP second factor", () => {
  async function startTotpLogin() {
    const user = await newUser("COUNTY_OFFICER", { totpSecret: SECRET });
    const result = await login(req("/login", { method: "POST" }), { username: user.username, password: user.password });
    expect(result).toMatchObject({ ok: false, reason: "totpRequired" });
    return { user, pending: cookieOf(result) };
  }

  test("without a code the password opens only a pending login, which grants nothing", async () => {
    const { user, pending } = await startTotpLogin();
    expect(await db.session.findUniqueOrThrow({ where: { id: sessionIdOf(pending) } })).toMatchObject({ userId: user.id, mfaPending: true });
    expect(await getUser(req("/", { cookie: pending }))).toBeNull();
    expect(await hasPendingMfa(req("/login", { cookie: pending }))).toBe(true);

    const response = await thrownBy(requireUser(req("/account/password", { cookie: pending })));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/login?redirectTo=%2Faccount%2Fpassword");
  });

  test("the right code completes the login with a fresh session id", async () => {
    const { user, pending } = await startTotpLogin();
    at(0.5);
    const result = await continueLoginWithTotp(req("/login", { method: "POST", cookie: pending }), currentTotp(SECRET));
    expect(result).toMatchObject({ ok: true, userId: user.id });
    const cookie = cookieOf(result);
    expect(sessionIdOf(cookie)).not.toBe(sessionIdOf(pending));
    expect(await userFor(cookie)).toMatchObject({ id: user.id });
    expect(await db.session.findUnique({ where: { id: sessionIdOf(pending) } })).toBeNull();
    expect(await db.auditLog.count({ where: { entityId: user.id, action: "LOGIN_SUCCESS", detail: "password+totp", ip: IP } })).toBe(1);
  });

  test("a code works once: replaying it in the same time step is refused (ASVS 2.8.4)", async () => {
    const { user } = await startTotpLogin();
    const code = currentTotp(SECRET);
    expect(await login(req("/login", { method: "POST" }), { username: user.username, password: user.password, totp: code })).toMatchObject({ ok: true });
    expect(await login(req("/login", { method: "POST" }), { username: user.username, password: user.password, totp: code })).toEqual({ ok: false, reason: "totpInvalid" });
    at(1);
    expect(await login(req("/login", { method: "POST" }), { username: user.username, password: user.password, totp: currentTotp(SECRET) })).toMatchObject({ ok: true });
  });

  test("a wrong code is refused and counts as a failure; five of them lock the account", async () => {
    const { user, pending } = await startTotpLogin();
    const wrong = wrongCode(SECRET);
    expect(await continueLoginWithTotp(req("/login", { method: "POST", cookie: pending }), wrong)).toEqual({ ok: false, reason: "totpInvalid" });
    expect(await userFor(pending)).toBeNull();
    expect(await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { failedLoginCount: true } })).toEqual({ failedLoginCount: 1 });
    expect(await db.auditLog.count({ where: { entityId: user.id, action: "LOGIN_FAILURE", detail: { contains: "bad-totp" } } })).toBe(1);

    for (let i = 0; i < 4; i++) await continueLoginWithTotp(req("/login", { method: "POST", cookie: pending }), wrong);
    expect(await continueLoginWithTotp(req("/login", { method: "POST", cookie: pending }), currentTotp(SECRET))).toEqual({
      ok: false,
      reason: "locked",
      minutes: 15,
    });
  });

  test("password and code in one step log in directly; a wrong code there is counted too", async () => {
    const user = await newUser("COUNTY_OFFICER", { totpSecret: SECRET });
    expect(await login(req("/login", { method: "POST" }), { username: user.username, password: user.password, totp: wrongCode(SECRET) })).toEqual({
      ok: false,
      reason: "totpInvalid",
    });
    expect(await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { failedLoginCount: true } })).toEqual({ failedLoginCount: 1 });
    await loginOk(user.username, user.password, { totp: currentTotp(SECRET) });
  });

  test("a pending login expires after 5 minutes, even if the login page looked at it meanwhile", async () => {
    const { pending } = await startTotpLogin();
    at(1);
    expect(await hasPendingMfa(req("/login", { cookie: pending }))).toBe(true);
    at(6);
    expect(await hasPendingMfa(req("/login", { cookie: pending }))).toBe(false);
    expect(await continueLoginWithTotp(req("/login", { method: "POST", cookie: pending }), currentTotp(SECRET))).toMatchObject({ ok: false, reason: "bad" });
  });

  test("enrolment: a wrong code is refused, the right one enables TOTP for the next login", async () => {
    const user = await newUser();
    const cookie = await loginOk(user.username, user.password);
    const me = (await userFor(cookie))!;

    expect(await enableTotp(me, SECRET, wrongCode(SECRET), meta)).toEqual({ ok: false, field: "totp", message: "auth.totpInvalid" });
    expect(await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { totpEnabled: true, totpSecret: true } })).toEqual({
      totpEnabled: false,
      totpSecret: null,
    });

    expect(await enableTotp(me, SECRET, currentTotp(SECRET), meta)).toEqual({ ok: true });
    expect(await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { totpEnabled: true, totpSecret: true } })).toEqual({
      totpEnabled: true,
      totpSecret: SECRET,
    });
    expect(await db.auditLog.count({ where: { entityId: user.id, action: "TOTP_ENROL" } })).toBe(1);
    expect(await login(req("/login", { method: "POST" }), { username: user.username, password: user.password })).toMatchObject({ reason: "totpRequired" });
  });

  test.each(["ADMIN", "AUDITOR"] as const)("%s without TOTP is sent to /account/totp by requireUser, and let through once enrolled", async (role) => {
    const user = await newUser(role);
    const cookie = await loginOk(user.username, user.password);

    const response = await thrownBy(requireUser(req("/", { cookie })));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/account/totp");
    // The enrolment page itself and logout stay reachable.
    expect(await requireUser(req("/account/totp", { cookie }))).toMatchObject({ id: user.id });
    expect(await requireUser(req("/logout", { cookie, method: "POST" }))).toMatchObject({ id: user.id });

    const me = (await userFor(cookie))!;
    expect(await enableTotp(me, SECRET, currentTotp(SECRET), meta)).toEqual({ ok: true });
    expect(await requireUser(req("/", { cookie }))).toMatchObject({ id: user.id, totpEnabled: true });
  });

  test("a business role without TOTP is not asked to enrol", async () => {
    const user = await newUser("CITY_OFFICER");
    const cookie = await loginOk(user.username, user.password);
    expect(await requireUser(req("/", { cookie }))).toMatchObject({ id: user.id });
  });
});

test("requireUser without a session redirects to /login, remembering the page, and clears the cookie", async () => {
  const response = await thrownBy(requireUser(req("/account/password?x=1", { cookie: "zs_session=nosuchsession" })));
  expect(response.status).toBe(302);
  expect(response.headers.get("Location")).toBe(`/login?redirectTo=${encodeURIComponent("/account/password?x=1")}`);
  expect(response.headers.get("Set-Cookie")).toMatch(/^zs_session=;.*Max-Age=0/);
});

/** A six-digit code valid in none of the windows verifyTotp accepts at the current time. */
function wrongCode(secret: string): string {
  const now = Date.now();
  const valid = new Set([-30_000, 0, 30_000].map((d) => {
    vi.setSystemTime(now + d);
    return currentTotp(secret);
  }));
  vi.setSystemTime(now);
  for (let n = 0; ; n++) {
    const code = String(n).padStart(6, "0");
    if (!valid.has(code)) return code;
  }
}
