// TOTP second factor (RFC 6238: SHA-1, 6 digits, 30 s), as authenticator apps expect.
import * as OTPAuth from "otpauth";
import QRCode from "qrcode";
import { t } from "#app/i18n";

function totpFor(secretBase32: string, label = "") {
  return new OTPAuth.TOTP({
    issuer: t("common.appShortName"),
    label,
    algorithm: "SHA1",
    digits: 6,
    period: 30,
    secret: OTPAuth.Secret.fromBase32(secretBase32),
  });
}

export function newTotpSecret(): string {
  return new OTPAuth.Secret({ size: 20 }).base32;
}

/**
 * The time step (30-second counter) a code belongs to, accepting the current step and its
 * neighbours (±30 s of clock drift); null when the code is wrong. Login stores the step so a
 * code cannot be used twice (ASVS 2.8.4).
 */
export function totpStep(secretBase32: string, code: string, at: Date = new Date()): number | null {
  const token = code.replace(/\s/g, "");
  if (!/^\d{6}$/.test(token)) return null;
  const totp = totpFor(secretBase32);
  const delta = totp.validate({ token, window: 1, timestamp: at.getTime() });
  return delta === null ? null : totp.counter({ timestamp: at.getTime() }) + delta;
}

export function verifyTotp(secretBase32: string, code: string): boolean {
  return totpStep(secretBase32, code) !== null;
}

export function currentTotp(secretBase32: string): string {
  return totpFor(secretBase32).generate();
}

export async function totpEnrolment(secretBase32: string, username: string) {
  const uri = totpFor(secretBase32, username).toString();
  return { uri, qrDataUrl: await QRCode.toDataURL(uri, { margin: 1, width: 220 }), secret: secretBase32 };
}
