// Signed-in requests for integration tests: a real session made by the app's own login(), and
// Requests shaped as server.js hands them to Remix (client address header, user agent, cookie).
//
//   const admin = await createTestUser(db, { role: "ADMIN", totpSecret: newTotpSecret() });
//   const cookie = await sessionCookieFor(admin.username);
//   const res = await loader({ request: testRequest("/admin/users", { cookie }), params: {}, context: {} });
import * as OTPAuth from "otpauth";
import { login } from "#app/utils/auth.server";
import { CLIENT_IP_HEADER } from "#app/utils/request-meta.server";
import { TEST_PASSWORD, testDb } from "./db";

export const TEST_CLIENT_IP = "10.20.30.40";
const TOTP_PERIOD_MS = 30_000;

type RequestOptions = {
  method?: string;
  cookie?: string;
  /** Form fields; makes the request a POST unless `method` says otherwise. */
  form?: Record<string, string>;
  ip?: string;
  userAgent?: string;
};

export function testRequest(path: string, opts: RequestOptions = {}): Request {
  const headers = new Headers({ [CLIENT_IP_HEADER]: opts.ip ?? TEST_CLIENT_IP, "user-agent": opts.userAgent ?? "vitest" });
  if (opts.cookie) headers.set("Cookie", opts.cookie);
  const method = opts.method ?? (opts.form ? "POST" : "GET");
  return new Request(new URL(path, "http://localhost"), { method, headers, body: opts.form ? new URLSearchParams(opts.form) : undefined });
}

/**
 * A TOTP code the login will accept: codes work once (login stores the time step), so when the
 * current step is used up, the next one (inside the ±30 s drift window) is taken.
 */
function nextTotpCode(secret: string, lastStep: number | null): string {
  const step = Math.floor(Date.now() / TOTP_PERIOD_MS);
  const use = lastStep !== null && lastStep >= step ? lastStep + 1 : step;
  if (use > step + 1) throw new Error("sessionCookieFor: more than two TOTP logins of one user within 30 seconds");
  const totp = new OTPAuth.TOTP({ algorithm: "SHA1", digits: 6, period: 30, secret: OTPAuth.Secret.fromBase32(secret) });
  return totp.generate({ timestamp: use * TOTP_PERIOD_MS });
}

/**
 * Logs the user in through login() and returns "name=value" for a Cookie header. Users with
 * the second factor enrolled get a valid code. Throws if the login is refused.
 */
export async function sessionCookieFor(username: string, opts: { password?: string; ip?: string } = {}): Promise<string> {
  const user = await testDb().user.findUniqueOrThrow({ where: { username }, select: { totpEnabled: true, totpSecret: true, totpLastStep: true } });
  const totp = user.totpEnabled && user.totpSecret ? nextTotpCode(user.totpSecret, user.totpLastStep) : undefined;
  const result = await login(testRequest("/login", { method: "POST", ip: opts.ip }), { username, password: opts.password ?? TEST_PASSWORD, totp });
  if (!result.ok) throw new Error(`sessionCookieFor(${username}): login refused (${result.reason})`);
  return result.cookie.split(";")[0]!.trim();
}

/**
 * The Response a loader or action returned or threw (redirects and 403/404 are thrown). The data
 * of pageData() (a deferred value without promises) comes back as the JSON Response a browser's
 * client-side navigation would get.
 */
export async function responseOf(call: Promise<unknown> | (() => Promise<unknown>)): Promise<Response> {
  try {
    const value = await (typeof call === "function" ? call() : call);
    if (value instanceof Response) return value;
    if (isDeferred(value)) {
      const headers = new Headers(value.init?.headers);
      headers.set("Content-Type", "application/json; charset=utf-8");
      return new Response(JSON.stringify(value.data), { status: value.init?.status ?? 200, headers });
    }
    throw new Error(`expected a Response, got ${JSON.stringify(value)}`);
  } catch (error) {
    if (error instanceof Response) return error;
    throw error;
  }
}

/** What Remix's defer() returns (its class is not exported): the data, its keys still pending. */
function isDeferred(value: unknown): value is { data: Record<string, unknown>; init?: ResponseInit; deferredKeys: string[] } {
  return typeof value === "object" && value !== null && "deferredKeys" in value && "data" in value;
}
