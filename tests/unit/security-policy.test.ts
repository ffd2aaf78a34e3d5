// Session and lockout arithmetic (DESIGN §8): idle 30 min, absolute 12 h, lock 15 min.
// A session is still valid AT a limit and expired one millisecond after it.
import {
  LOCKOUT_MS,
  LOCKOUT_THRESHOLD,
  MFA_PENDING_MS,
  SESSION_ABSOLUTE_MS,
  SESSION_IDLE_MS,
  lockRemainingMinutes,
  sessionExpired,
} from "#app/domain/security-policy";

const MIN = 60_000;
const t0 = new Date("2026-03-15T01:00:00.000Z");
const at = (ms: number) => new Date(t0.getTime() + ms);

test("the policy numbers are those of DESIGN §8", () => {
  expect(LOCKOUT_THRESHOLD).toBe(5);
  expect(LOCKOUT_MS).toBe(15 * MIN);
  expect(SESSION_IDLE_MS).toBe(30 * MIN);
  expect(SESSION_ABSOLUTE_MS).toBe(12 * 60 * MIN);
  expect(MFA_PENDING_MS).toBe(5 * MIN);
});

describe("sessionExpired", () => {
  test("idle: valid at exactly 30 min without activity, expired just after", () => {
    const session = { createdAt: t0, lastSeenAt: t0 };
    expect(sessionExpired(session, at(29 * MIN))).toBe(false);
    expect(sessionExpired(session, at(SESSION_IDLE_MS))).toBe(false);
    expect(sessionExpired(session, at(SESSION_IDLE_MS + 1))).toBe(true);
  });

  test("idle is counted from the last activity, not from the start", () => {
    const session = { createdAt: t0, lastSeenAt: at(5 * 60 * MIN) };
    expect(sessionExpired(session, at(5 * 60 * MIN + SESSION_IDLE_MS))).toBe(false);
    expect(sessionExpired(session, at(5 * 60 * MIN + SESSION_IDLE_MS + 1))).toBe(true);
  });

  test("absolute: valid at exactly 12 h even when active, expired just after", () => {
    const active = (now: Date) => ({ createdAt: t0, lastSeenAt: new Date(now.getTime() - MIN) });
    expect(sessionExpired(active(at(SESSION_ABSOLUTE_MS)), at(SESSION_ABSOLUTE_MS))).toBe(false);
    expect(sessionExpired(active(at(SESSION_ABSOLUTE_MS + 1)), at(SESSION_ABSOLUTE_MS + 1))).toBe(true);
  });

  test("a login waiting for its TOTP code lasts 5 minutes, not the idle limit", () => {
    const pending = { createdAt: t0, lastSeenAt: t0, mfaPending: true };
    expect(sessionExpired(pending, at(MFA_PENDING_MS))).toBe(false);
    expect(sessionExpired(pending, at(MFA_PENDING_MS + 1))).toBe(true);
    expect(sessionExpired({ ...pending, mfaPending: false }, at(MFA_PENDING_MS + 1))).toBe(false);
  });
});

describe("lockRemainingMinutes", () => {
  test("0 when not locked or when the lock has run out", () => {
    expect(lockRemainingMinutes(null, t0)).toBe(0);
    expect(lockRemainingMinutes(at(-1), t0)).toBe(0);
    expect(lockRemainingMinutes(t0, t0)).toBe(0);
  });

  test("whole minutes left, rounded up", () => {
    const lockedUntil = at(LOCKOUT_MS);
    expect(lockRemainingMinutes(lockedUntil, t0)).toBe(15);
    expect(lockRemainingMinutes(lockedUntil, at(1))).toBe(15);
    expect(lockRemainingMinutes(lockedUntil, at(MIN))).toBe(14);
    expect(lockRemainingMinutes(lockedUntil, at(14 * MIN + 30_000))).toBe(1);
    expect(lockRemainingMinutes(lockedUntil, at(LOCKOUT_MS - 1))).toBe(1);
    expect(lockRemainingMinutes(lockedUntil, at(LOCKOUT_MS))).toBe(0);
  });
});
