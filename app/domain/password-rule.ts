// Password rule (DESIGN §8, 等保2.0): at least 8 characters from at least 3 of the 4 classes
// (lower case, upper case, digits, symbols), not one of the commonly used passwords, and not
// the username. Pure: the caller supplies the list of common passwords.
import { type MessageKey } from "#app/i18n";

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MIN_CLASSES = 3;

export function characterClasses(password: string): number {
  return [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((re) => re.test(password)).length;
}

export type PasswordCheck = { ok: true } | { ok: false; message: MessageKey };

export function checkPassword(password: string, opts: { username?: string; isCommon: (p: string) => boolean }): PasswordCheck {
  if (password.length < PASSWORD_MIN_LENGTH) return { ok: false, message: "auth.passwordTooShort" };
  if (characterClasses(password) < PASSWORD_MIN_CLASSES) return { ok: false, message: "auth.passwordTooSimple" };
  if (opts.username && password.toLowerCase().includes(opts.username.toLowerCase())) {
    return { ok: false, message: "auth.passwordContainsUsername" };
  }
  if (opts.isCommon(password)) return { ok: false, message: "auth.passwordTooCommon" };
  return { ok: true };
}
