// Authentication: Lucia v3 database sessions behind our own helpers. Routes call requireUser()
// and the login/logout functions here; nothing else imports Lucia. Policy numbers live in
// app/domain/security-policy.ts. See docs/decisions/003-sessions-and-auth.md.
import { PrismaAdapter } from "@lucia-auth/adapter-prisma";
import { redirect } from "@remix-run/node";
import { Cookie, Lucia, TimeSpan, type Adapter } from "lucia";
import { isRole, roleRequiresTotp, type Permission } from "#app/domain/roles";
import {
  LOCKOUT_MS,
  LOCKOUT_THRESHOLD,
  MFA_PENDING_MS,
  SESSION_ABSOLUTE_MS,
  SESSION_IDLE_MS,
  SESSION_TOUCH_MS,
  lockRemainingMinutes,
  sessionExpired,
} from "#app/domain/security-policy";
import { writeAudit } from "./audit.server";
import { now } from "./clock";
import { unreadCountSql } from "#app/models/notification.server";
import { num, Prisma, prisma } from "./db.server";
import { hashPassword, verifyPassword } from "./password.server";
import { requirePermission, type SessionUser } from "./permissions.server";
import { requestMeta, type RequestMeta } from "./request-meta.server";
import { totpStep } from "./totp.server";

/** Cookies are Secure (and __Host- prefixed) in production unless explicitly relaxed for a
 * plain-HTTP test run on localhost. */
export function secureCookies(): boolean {
  return process.env.NODE_ENV === "production" && process.env.ZS_INSECURE_COOKIES !== "1";
}

type SessionAndUser = Awaited<ReturnType<Adapter["getSessionAndUser"]>>;
type SessionUserRow = SessionAttributes & UserAttributes & { id: string; userId: string; expiresAt: Date };

/**
 * Lucia's Prisma adapter, except for the lookup every request makes: one SQL join instead of a
 * findUnique with an include (two statements, each compiled by Prisma's query compiler: about
 * 1.5 ms against 0.1 ms, ADR 014). It reads only the columns the attributes below name, so the
 * password hash and the TOTP secret never travel with a request's session. The header's unread
 * count comes with it: every page shows it, and on PostgreSQL a statement of its own was a
 * second round trip per page.
 */
class SessionAdapter extends PrismaAdapter<typeof prisma> {
  override async getSessionAndUser(sessionId: string): Promise<SessionAndUser> {
    const [row] = await prisma.$queryRaw<(Omit<SessionUserRow, "unread"> & { unread: unknown })[]>`
      SELECT s."id" AS "id", s."userId" AS "userId", s."expiresAt" AS "expiresAt", s."createdAt" AS "createdAt", s."lastSeenAt" AS "lastSeenAt",
             s."mfaPending" AS "mfaPending", s."ip" AS "ip", s."userAgent" AS "userAgent",
             u."username" AS "username", u."displayName" AS "displayName", u."title" AS "title", u."role" AS "role", u."regionId" AS "regionId",
             u."departmentId" AS "departmentId", u."disabled" AS "disabled", u."totpEnabled" AS "totpEnabled",
             ${unreadCountSql(Prisma.raw('s."userId"'))} AS "unread"
      FROM "Session" s JOIN "User" u ON u."id" = s."userId" WHERE s."id" = ${sessionId}`;
    if (!row) return [null, null];
    const { id, userId, expiresAt, createdAt, lastSeenAt, mfaPending, ip, userAgent, unread, ...user } = row;
    return [
      { id, userId, expiresAt, attributes: { createdAt, lastSeenAt, mfaPending, ip, userAgent } },
      { id: userId, attributes: { ...user, unread: num(unread) } },
    ];
  }
}

const lucia = new Lucia(
  new SessionAdapter(
    prisma.session as unknown as ConstructorParameters<typeof PrismaAdapter>[0],
    prisma.user as unknown as ConstructorParameters<typeof PrismaAdapter>[1],
  ),
  {
    sessionExpiresIn: new TimeSpan(SESSION_IDLE_MS / 60_000, "m"),
    sessionCookie: {
      name: secureCookies() ? "__Host-zs_session" : "zs_session",
      expires: false, // see sessionCookie()
      attributes: { secure: secureCookies(), sameSite: "lax", path: "/" },
    },
    getSessionAttributes: (a) => a,
    getUserAttributes: (a) => a,
  },
);

type SessionAttributes = { createdAt: Date; lastSeenAt: Date; mfaPending: boolean; ip: string | null; userAgent: string | null };
type UserAttributes = {
  username: string;
  displayName: string;
  title: string | null;
  role: string;
  regionId: string | null;
  departmentId: string | null;
  disabled: boolean;
  totpEnabled: boolean;
  /** Unread notifications, counted when the session was read. */
  unread: number;
};

declare module "lucia" {
  interface Register {
    Lucia: typeof lucia;
    DatabaseSessionAttributes: SessionAttributes;
    DatabaseUserAttributes: UserAttributes;
  }
}

function cookieHeader(request: Request) {
  return request.headers.get("Cookie") ?? "";
}

/** The session cookie as a browser-session cookie (no Max-Age): expiry is enforced on the
 * server. Lucia v3 gives an `expires: false` cookie a 400-day Max-Age instead. */
function sessionCookie(sessionId: string): string {
  const cookie = lucia.createSessionCookie(sessionId);
  return new Cookie(cookie.name, cookie.value, { ...cookie.attributes, maxAge: undefined }).serialize();
}

export function blankSessionCookie(): string {
  return lucia.createBlankSessionCookie().serialize();
}

async function startSession(userId: string, meta: RequestMeta, mfaPending: boolean): Promise<string> {
  const at = now();
  const session = await lucia.createSession(userId, {
    createdAt: at,
    lastSeenAt: at,
    mfaPending,
    ip: meta.ip,
    userAgent: meta.userAgent,
  });
  if (mfaPending) {
    await prisma.session.update({ where: { id: session.id }, data: { expiresAt: new Date(at.getTime() + MFA_PENDING_MS) } });
  }
  return sessionCookie(session.id);
}

/**
 * Deletes the session rows past their limits (sessionExpired: idle, absolute, or a TOTP step
 * left waiting) and returns how many. Run at every login and by `npm run alerts`, so rows of
 * sessions nobody comes back to do not stay in the table.
 */
export async function purgeExpiredSessions(): Promise<number> {
  const t = now().getTime();
  const before = (ms: number) => ({ lt: new Date(t - ms) });
  const { count } = await prisma.session.deleteMany({
    where: {
      OR: [
        { mfaPending: true, createdAt: before(MFA_PENDING_MS) },
        { mfaPending: false, OR: [{ lastSeenAt: before(SESSION_IDLE_MS) }, { createdAt: before(SESSION_ABSOLUTE_MS) }] },
      ],
    },
  });
  return count;
}

type SessionLookup = { user: SessionUser; mfaPending: boolean; unread: number } | null;

// The root loader and the route's loader of one request ask for the session once between them.
// Remix hands each loader its own copy of the Request, so the loaders of one document request
// meet on the session id: a lookup still in flight is shared, a settled one is not kept.
const lookups = new WeakMap<Request, Promise<SessionLookup>>();
const inFlight = new Map<string, Promise<SessionLookup>>();

function lookupSession(request: Request): Promise<SessionLookup> {
  let found = lookups.get(request);
  if (!found) {
    const sessionId = lucia.readSessionCookie(cookieHeader(request));
    found = sessionId ? (inFlight.get(sessionId) ?? readSession(sessionId)) : Promise.resolve(null);
    lookups.set(request, found);
  }
  return found;
}

function readSession(sessionId: string): Promise<SessionLookup> {
  const found = validate(sessionId).finally(() => inFlight.delete(sessionId));
  inFlight.set(sessionId, found);
  return found;
}

async function validate(sessionId: string): Promise<SessionLookup> {
  const { session, user } = await lucia.validateSession(sessionId);
  if (!session || !user) return null;
  const at = now();
  if (user.disabled || !isRole(user.role) || sessionExpired(session, at)) {
    await lucia.invalidateSession(session.id);
    return null;
  }
  if (!session.mfaPending && at.getTime() - session.lastSeenAt.getTime() > SESSION_TOUCH_MS) {
    // Slide Lucia's expiresAt with lastSeenAt: Lucia only extends it once half of it is used, so
    // on its own it would end a session as little as 15 minutes after the last request.
    await prisma.session.update({ where: { id: session.id }, data: { lastSeenAt: at, expiresAt: new Date(at.getTime() + SESSION_IDLE_MS) } });
  }
  return {
    mfaPending: session.mfaPending,
    unread: user.unread,
    user: {
      id: user.id,
      username: user.username,
      displayName: user.displayName,
      title: user.title,
      role: user.role,
      regionId: user.regionId,
      departmentId: user.departmentId,
      totpEnabled: user.totpEnabled,
      sessionId: session.id,
    },
  };
}

/** The signed-in user, or null. A login still waiting for its TOTP code is not signed in. */
export async function getUser(request: Request): Promise<SessionUser | null> {
  const found = await lookupSession(request);
  return found && !found.mfaPending ? found.user : null;
}

/** getUser with the user's unread notifications (the header's badge), read in the same statement. */
export async function getUserWithUnread(request: Request): Promise<{ user: SessionUser; unread: number } | null> {
  const found = await lookupSession(request);
  return found && !found.mfaPending ? { user: found.user, unread: found.unread } : null;
}

/** True when this browser has passed the password step and owes a TOTP code. */
export async function hasPendingMfa(request: Request): Promise<boolean> {
  return (await lookupSession(request))?.mfaPending ?? false;
}

function loginRedirect(request: Request): never {
  const url = new URL(request.url);
  const back = request.method === "GET" ? `${url.pathname}${url.search}` : "/";
  const search = back && back !== "/" ? `?${new URLSearchParams({ redirectTo: back })}` : "";
  throw redirect(`/login${search}`, { headers: { "Set-Cookie": blankSessionCookie() } });
}

const TOTP_ENROL_PATH = "/account/totp";

/**
 * The signed-in user, or a redirect to /login. With `permission`, a user whose role lacks it
 * gets 403. Admin and auditor accounts without a second factor are sent to enrol first.
 */
export async function requireUser(request: Request, opts: { permission?: Permission } = {}): Promise<SessionUser> {
  const user = await getUser(request);
  if (!user) loginRedirect(request);
  const path = new URL(request.url).pathname;
  if (roleRequiresTotp(user.role) && !user.totpEnabled && path !== TOTP_ENROL_PATH && path !== "/logout") {
    throw redirect(TOTP_ENROL_PATH);
  }
  if (opts.permission) requirePermission(user, opts.permission);
  return user;
}

export async function requireAnonymous(request: Request): Promise<void> {
  if (await getUser(request)) throw redirect("/");
}

export type LoginResult =
  | { ok: true; cookie: string; userId: string }
  | { ok: false; reason: "bad" | "disabled" | "totpInvalid"; cookie?: string }
  | { ok: false; reason: "locked"; minutes: number }
  | { ok: false; reason: "totpRequired"; cookie: string };

// A real Argon2id hash of a random string, so an unknown username costs the same time.
let dummyHash: Promise<string> | null = null;
function timingDummy() {
  return (dummyHash ??= hashPassword(`dummy-${Math.random()}`));
}

async function recordFailure(userId: string | null, username: string, meta: RequestMeta, detail: string) {
  await writeAudit({ actor: userId ? { id: userId, username } : null, action: "LOGIN_FAILURE", entity: "User", entityId: userId ?? undefined, detail: `${detail} username=${username}`, meta });
}

/** Counts one failure; the LOCKOUT_THRESHOLD-th consecutive one locks the account. */
async function countFailure(userId: string) {
  const updated = await prisma.user.update({ where: { id: userId }, data: { failedLoginCount: { increment: 1 } }, select: { failedLoginCount: true } });
  if (updated.failedLoginCount >= LOCKOUT_THRESHOLD) {
    await prisma.user.update({ where: { id: userId }, data: { failedLoginCount: 0, lockedUntil: new Date(now().getTime() + LOCKOUT_MS) } });
  }
}

/** A right code whose time step is newer than the last one accepted; claims the step atomically. */
async function acceptTotp(userId: string, secret: string, code: string): Promise<boolean> {
  const step = totpStep(secret, code, now());
  if (step === null) return false;
  const { count } = await prisma.user.updateMany({
    where: { id: userId, OR: [{ totpLastStep: null }, { totpLastStep: { lt: step } }] },
    data: { totpLastStep: step },
  });
  return count === 1;
}

async function completeLogin(user: { id: string; username: string; displayName: string }, request: Request, meta: RequestMeta, mode: string): Promise<LoginResult> {
  // A fresh session id at every login; whatever session the browser brought is ended.
  const previous = lucia.readSessionCookie(cookieHeader(request));
  if (previous) await lucia.invalidateSession(previous);
  await prisma.user.update({ where: { id: user.id }, data: { failedLoginCount: 0, lockedUntil: null } });
  const cookie = await startSession(user.id, meta, false);
  await purgeExpiredSessions();
  await writeAudit({ actor: user, action: "LOGIN_SUCCESS", entity: "User", entityId: user.id, detail: mode, meta });
  return { ok: true, cookie, userId: user.id };
}

/**
 * Checks username + password (+ TOTP). Every attempt is audited with the client address.
 * When the account uses TOTP and no code came with the password, a pending login is opened
 * and the caller asks for the code (continueLoginWithTotp).
 */
export async function login(request: Request, input: { username: string; password: string; totp?: string }): Promise<LoginResult> {
  const meta = requestMeta(request);
  const username = input.username.trim();
  const user = await prisma.user.findUnique({
    where: { username },
    select: { id: true, username: true, displayName: true, passwordHash: true, disabled: true, lockedUntil: true, totpEnabled: true, totpSecret: true },
  });
  if (!user) {
    await verifyPassword(await timingDummy(), input.password);
    await recordFailure(null, username, meta, "unknown-user");
    return { ok: false, reason: "bad" };
  }
  const minutes = lockRemainingMinutes(user.lockedUntil, now());
  if (minutes > 0) {
    await recordFailure(user.id, username, meta, "locked");
    return { ok: false, reason: "locked", minutes };
  }
  if (!(await verifyPassword(user.passwordHash, input.password))) {
    await countFailure(user.id);
    await recordFailure(user.id, username, meta, "bad-password");
    return { ok: false, reason: "bad" };
  }
  if (user.disabled) {
    await recordFailure(user.id, username, meta, "disabled");
    return { ok: false, reason: "disabled" };
  }
  if (user.totpEnabled && user.totpSecret) {
    if (!input.totp) {
      await writeAudit({ actor: user, action: "LOGIN_CHALLENGE", entity: "User", entityId: user.id, detail: "password ok, totp required", meta });
      return { ok: false, reason: "totpRequired", cookie: await startSession(user.id, meta, true) };
    }
    if (!(await acceptTotp(user.id, user.totpSecret, input.totp))) {
      await countFailure(user.id);
      await recordFailure(user.id, username, meta, "bad-totp");
      return { ok: false, reason: "totpInvalid" };
    }
    return completeLogin(user, request, meta, "password+totp");
  }
  return completeLogin(user, request, meta, "password");
}

/** Second step of a TOTP login opened by login(). */
export async function continueLoginWithTotp(request: Request, code: string): Promise<LoginResult> {
  const meta = requestMeta(request);
  const found = await lookupSession(request);
  if (!found?.mfaPending) return { ok: false, reason: "bad", cookie: blankSessionCookie() };
  const user = await prisma.user.findUniqueOrThrow({
    where: { id: found.user.id },
    select: { id: true, username: true, displayName: true, lockedUntil: true, totpSecret: true },
  });
  const minutes = lockRemainingMinutes(user.lockedUntil, now());
  if (minutes > 0) {
    await lucia.invalidateSession(found.user.sessionId);
    await recordFailure(user.id, user.username, meta, "locked");
    return { ok: false, reason: "locked", minutes };
  }
  if (!user.totpSecret || !(await acceptTotp(user.id, user.totpSecret, code))) {
    await countFailure(user.id);
    await recordFailure(user.id, user.username, meta, "bad-totp");
    return { ok: false, reason: "totpInvalid" };
  }
  return completeLogin(user, request, meta, "password+totp");
}

export async function logout(request: Request): Promise<string> {
  const found = await lookupSession(request);
  if (found) {
    await lucia.invalidateSession(found.user.sessionId);
    if (!found.mfaPending) await writeAudit({ actor: found.user, action: "LOGOUT", entity: "User", entityId: found.user.id, meta: requestMeta(request) });
  }
  return blankSessionCookie();
}

/** Ends every session of a user (password change, disable, admin action). */
export async function endUserSessions(userId: string): Promise<void> {
  await lucia.invalidateUserSessions(userId);
}
