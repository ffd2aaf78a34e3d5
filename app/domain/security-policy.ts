// Account and session security policy (DESIGN §8, 等保2.0 level 3 / ASVS level 2).
export const LOCKOUT_THRESHOLD = 5; // consecutive failures
export const LOCKOUT_MS = 15 * 60_000;
export const SESSION_IDLE_MS = 30 * 60_000;
export const SESSION_ABSOLUTE_MS = 12 * 60 * 60_000;
/** lastSeenAt is written at most this often, to keep reads from becoming writes. */
export const SESSION_TOUCH_MS = 60_000;
/** How long a password-checked login may wait for its TOTP code. */
export const MFA_PENDING_MS = 5 * 60_000;

export type SessionTimes = { createdAt: Date; lastSeenAt: Date; mfaPending?: boolean };

export function sessionExpired(s: SessionTimes, at: Date): boolean {
  const t = at.getTime();
  if (s.mfaPending) return t - s.createdAt.getTime() > MFA_PENDING_MS;
  return t - s.lastSeenAt.getTime() > SESSION_IDLE_MS || t - s.createdAt.getTime() > SESSION_ABSOLUTE_MS;
}

export function lockRemainingMinutes(lockedUntil: Date | null, at: Date): number {
  if (!lockedUntil || lockedUntil <= at) return 0;
  return Math.ceil((lockedUntil.getTime() - at.getTime()) / 60_000);
}
