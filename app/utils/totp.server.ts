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

/** Accepts the current code and the neighbouring windows (±30 s of clock drift). */
export function verifyTotp(secretBase32: string, code: string): boolean {
  const token = code.replace(/\s/g, "");
  if (!/^\d{6}$/.test(token)) return false;
  return totpFor(secretBase32).validate({ token, window: 1 }) !== null;
}

export function currentTotp(secretBase32: string): string {
  return totpFor(secretBase32).generate();
}

export async function totpEnrolment(secretBase32: string, username: string) {
  const uri = totpFor(secretBase32, username).toString();
  return { uri, qrDataUrl: await QRCode.toDataURL(uri, { margin: 1, width: 220 }), secret: secretBase32 };
}
