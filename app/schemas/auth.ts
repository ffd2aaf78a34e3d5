// Forms of the login and account pages, shared by the browser and the server.
import { z } from "zod";
import { t } from "#app/i18n";

export const LoginSchema = z.object({
  username: z.string({ required_error: t("auth.usernameRequired") }).trim().min(1, t("auth.usernameRequired")).max(64),
  password: z.string({ required_error: t("auth.passwordRequired") }).min(1, t("auth.passwordRequired")).max(256),
  totp: z.string().trim().max(10).optional(),
  redirectTo: z.string().optional(),
});

export const TotpStepSchema = z.object({
  totp: z.string({ required_error: t("auth.totpRequired") }).trim().regex(/^\d{6}$/, t("auth.totpRequired")),
  redirectTo: z.string().optional(),
});

export const ChangePasswordSchema = z
  .object({
    currentPassword: z.string({ required_error: t("auth.passwordRequired") }).min(1).max(256),
    newPassword: z.string({ required_error: t("auth.passwordRequired") }).min(1).max(256),
    confirmPassword: z.string({ required_error: t("auth.passwordRequired") }).min(1).max(256),
  })
  .refine((v) => v.newPassword === v.confirmPassword, { message: t("auth.passwordMismatch"), path: ["confirmPassword"] });

const LOCAL_ORIGIN = "http://local.invalid";

/**
 * Only same-site paths are followed after login (no open redirect). The path is read the way a
 * browser reads a Location header — tabs and newlines dropped, a backslash taken for "/" — so
 * "/\t/evil.example" (which a browser follows to //evil.example) is refused too; what is returned
 * is the parsed path, query and fragment, never the raw input.
 */
export function safeRedirect(to: unknown, fallback = "/"): string {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  let url: URL;
  try {
    url = new URL(to, LOCAL_ORIGIN);
  } catch {
    return fallback;
  }
  if (url.origin !== LOCAL_ORIGIN) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}
