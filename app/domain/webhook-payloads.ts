// Outbound alerts to chat groups (issue 4 §10): the message bodies of a 企业微信 group robot and
// a 钉钉 custom robot, the 钉钉 加签 signature, what counts as delivered, the retry schedule,
// and the masking of robot addresses (their key is a credential). Pure: no network, no clock,
// no database; app/utils/webhooks.server.ts does the sending.
//
// Formats, as the two vendors document them:
//   企业微信  POST {"msgtype":"markdown","markdown":{"content":"…"}} to
//            https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…; content ≤ 4096 bytes (UTF-8);
//            answer {"errcode":0,"errmsg":"ok"}.
//   钉钉      POST {"msgtype":"markdown","markdown":{"title":"…","text":"…"}} to
//            https://oapi.dingtalk.com/robot/send?access_token=…; with 加签 the URL gets
//            &timestamp=<ms>&sign=<urlencode(base64(HMAC-SHA256(key=secret, "<ms>\n<secret>")))>;
//            answer {"errcode":0,"errmsg":"ok"}.
// The form on /admin/webhooks imports this module in the browser too, so it uses no Node
// built-ins: the signature is computed with Web Crypto, which Node and browsers share.
import { type WarningLevel } from "./warnings";

export const WEBHOOK_KINDS = ["WECOM", "DINGTALK"] as const;
export type WebhookKind = (typeof WEBHOOK_KINDS)[number];

export function isWebhookKind(value: unknown): value is WebhookKind {
  return typeof value === "string" && (WEBHOOK_KINDS as readonly string[]).includes(value);
}

/** The levels an endpoint can ask for, lowest first; an endpoint gets alerts at or above its minimum. */
export const WEBHOOK_LEVELS = ["BLUE", "YELLOW", "RED"] as const;
export type WebhookLevel = (typeof WEBHOOK_LEVELS)[number];

export function isWebhookLevel(value: unknown): value is WebhookLevel {
  return typeof value === "string" && (WEBHOOK_LEVELS as readonly string[]).includes(value);
}

/** Whether an endpoint (its kind filter, empty = every kind, and its minimum level) takes an alert. */
export function webhookTakes(endpoint: { alertKinds: string; minLevel: string }, alert: { kind: string; level: Exclude<WarningLevel, "NONE"> }): boolean {
  const kinds = parseAlertKindFilter(endpoint.alertKinds);
  if (kinds.length > 0 && !kinds.includes(alert.kind)) return false;
  const min = isWebhookLevel(endpoint.minLevel) ? endpoint.minLevel : "YELLOW";
  return WEBHOOK_LEVELS.indexOf(alert.level) >= WEBHOOK_LEVELS.indexOf(min);
}

export function parseAlertKindFilter(stored: string): string[] {
  return stored
    .split(",")
    .map((kind) => kind.trim())
    .filter(Boolean);
}

// ───────────────────────────── message bodies ─────────────────────────────

/** 企业微信 markdown content is limited to 4096 bytes; 钉钉 allows more, but a chat line should stay short. */
export const WECOM_MAX_BYTES = 4096;
export const DINGTALK_MAX_BYTES = 4096;

export type WebhookMessage = {
  /** A short heading, e.g. 【红色预警】问题超期未办结. */
  title: string;
  /** The alert sentence as the inbox shows it. */
  text: string;
  level: Exclude<WarningLevel, "NONE">;
  /** The level's name, e.g. 红色预警 (from the dictionary). */
  levelLabel: string;
  /** Absolute link to the record, when the server knows its public origin. */
  url?: string | null;
  /** The link's text, e.g. 查看详情. */
  linkLabel?: string;
  /** A closing line naming the product, so a 钉钉 robot's keyword check can match it. */
  footer?: string;
};

export type WecomPayload = { msgtype: "markdown"; markdown: { content: string } };
export type DingtalkPayload = { msgtype: "markdown"; markdown: { title: string; text: string } };
export type WebhookPayload = WecomPayload | DingtalkPayload;

/**
 * Text from records (a project's name, a problem's title) must not become markup: a `<@id>`
 * would mention people, `[x](y)` would plant a link, `<font>` would recolour. Brackets become
 * their full-width forms, which read the same in Chinese text.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/[<>[\]]/g, (c) => ({ "<": "＜", ">": "＞", "[": "［", "]": "］" })[c] as string).replace(/\r\n?/g, "\n");
}

/** Cuts text to at most `maxBytes` of UTF-8, on a character boundary, marking the cut with "…". */
export function truncateUtf8(text: string, maxBytes: number): string {
  const encoder = new TextEncoder();
  if (encoder.encode(text).length <= maxBytes) return text;
  const ellipsis = "…";
  const budget = maxBytes - encoder.encode(ellipsis).length;
  let used = 0;
  let out = "";
  for (const char of text) {
    const size = encoder.encode(char).length;
    if (used + size > budget) break;
    used += size;
    out += char;
  }
  return out + ellipsis;
}

// 企业微信 markdown knows three font colours: info (green), comment (grey), warning (orange-red).
const WECOM_COLOUR: Record<WebhookMessage["level"], string> = { BLUE: "info", YELLOW: "warning", RED: "warning" };

function linkLine(message: WebhookMessage): string {
  return message.url ? `[${escapeMarkdown(message.linkLabel ?? message.url)}](${message.url})` : "";
}

/** The 企业微信 group-robot body: the level in colour, the heading in bold, the sentence, the link. */
export function wecomPayload(message: WebhookMessage): WecomPayload {
  const head = `<font color="${WECOM_COLOUR[message.level]}">${escapeMarkdown(message.levelLabel)}</font> **${escapeMarkdown(message.title)}**`;
  const tail = [linkLine(message), message.footer ? `<font color="comment">${escapeMarkdown(message.footer)}</font>` : ""].filter(Boolean).join("\n");
  return { msgtype: "markdown", markdown: { content: fitBody(head, escapeMarkdown(message.text), tail, WECOM_MAX_BYTES) } };
}

/** The 钉钉 robot body: `title` is what the notification preview shows, `text` the markdown. */
export function dingtalkPayload(message: WebhookMessage): DingtalkPayload {
  const title = truncateUtf8(`${message.levelLabel} ${message.title}`, 200);
  const head = `#### ${escapeMarkdown(message.levelLabel)} ${escapeMarkdown(message.title)}`;
  const tail = [linkLine(message), message.footer ? `> ${escapeMarkdown(message.footer)}` : ""].filter(Boolean).join("\n\n");
  return { msgtype: "markdown", markdown: { title, text: fitBody(head, `> ${escapeMarkdown(message.text).replace(/\n/g, "\n> ")}`, tail, DINGTALK_MAX_BYTES, "\n\n") } };
}

/** Head, body and tail joined; when too long, the body is shortened so head and link survive. */
function fitBody(head: string, body: string, tail: string, maxBytes: number, separator = "\n"): string {
  const join = (b: string) => [head, b, tail].filter(Boolean).join(separator);
  const whole = join(body);
  const encoder = new TextEncoder();
  if (encoder.encode(whole).length <= maxBytes) return whole;
  const fixed = encoder.encode(join("")).length + encoder.encode(separator).length;
  return truncateUtf8(join(truncateUtf8(body, Math.max(0, maxBytes - fixed))), maxBytes);
}

export function webhookPayload(kind: WebhookKind, message: WebhookMessage): WebhookPayload {
  return kind === "WECOM" ? wecomPayload(message) : dingtalkPayload(message);
}

// ───────────────────────────── 钉钉 加签 ─────────────────────────────

/** base64(HMAC-SHA256 with the secret as key over "<timestamp>\n<secret>"), before URL encoding. */
export async function dingtalkSignature(secret: string, timestampMs: number): Promise<string> {
  const encoder = new TextEncoder();
  const key = await globalThis.crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const mac = new Uint8Array(await globalThis.crypto.subtle.sign("HMAC", key, encoder.encode(`${timestampMs}\n${secret}`)));
  let binary = "";
  for (const byte of mac) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** The robot URL with &timestamp=…&sign=… appended (the signature URL-encoded). */
export async function signedDingtalkUrl(url: string, secret: string, timestampMs: number): Promise<string> {
  const sign = encodeURIComponent(await dingtalkSignature(secret, timestampMs));
  return `${url}${url.includes("?") ? "&" : "?"}timestamp=${timestampMs}&sign=${sign}`;
}

// ───────────────────────────── delivery outcome and retries ─────────────────────────────

export type DeliveryOutcome = { ok: true } | { ok: false; error: string };

/**
 * Delivered means HTTP 2xx *and* the robot's own verdict: both vendors answer 200 with a
 * non-zero `errcode` for a bad key, a failed signature, a keyword mismatch or a rate limit.
 */
export function deliveryOutcome(status: number, body: string): DeliveryOutcome {
  if (status < 200 || status > 299) return { ok: false, error: `HTTP ${status}${body ? `: ${body.slice(0, 200)}` : ""}` };
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return { ok: false, error: `HTTP ${status}: not JSON: ${body.slice(0, 200)}` };
  }
  const errcode = (parsed as { errcode?: unknown } | null)?.errcode;
  if (errcode === 0) return { ok: true };
  const errmsg = (parsed as { errmsg?: unknown } | null)?.errmsg;
  return { ok: false, error: `errcode ${String(errcode ?? "missing")}${typeof errmsg === "string" && errmsg ? `: ${errmsg.slice(0, 200)}` : ""}` };
}

/** Waits after the 1st, 2nd, 3rd and 4th failed attempt; the 5th failure gives up. */
export const RETRY_DELAYS_MS = [60_000, 5 * 60_000, 30 * 60_000, 2 * 60 * 60_000] as const;
export const MAX_DELIVERY_ATTEMPTS = RETRY_DELAYS_MS.length + 1;

/** The wait before the next attempt after `attempts` failed ones, or null to give up. */
export function retryDelayMs(attempts: number): number | null {
  if (attempts >= MAX_DELIVERY_ATTEMPTS) return null;
  return RETRY_DELAYS_MS[Math.max(0, attempts - 1)] ?? null;
}

// ───────────────────────────── addresses ─────────────────────────────

/** The vendors' robot hosts: a robot URL elsewhere is refused unless the server allows the host. */
export const WEBHOOK_HOSTS: Record<WebhookKind, string> = { WECOM: "qyapi.weixin.qq.com", DINGTALK: "oapi.dingtalk.com" };

export type WebhookUrlProblem = "invalid" | "notHttps" | "wrongHost";

/**
 * Checks a robot URL: https on the vendor's host; `extraHosts` (host or host:port, from server
 * configuration, e.g. an intranet relay or a test receiver) may also be used, over http too.
 * Anything else is refused so the endpoint form cannot make the server call arbitrary addresses.
 */
export function webhookUrlProblem(kind: WebhookKind, url: string, extraHosts: readonly string[] = []): WebhookUrlProblem | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "invalid";
  }
  if (parsed.username || parsed.password || parsed.hash) return "invalid";
  if (extraHosts.includes(parsed.host) || extraHosts.includes(parsed.hostname)) {
    return parsed.protocol === "https:" || parsed.protocol === "http:" ? null : "invalid";
  }
  if (parsed.protocol !== "https:") return "notHttps";
  return parsed.host === WEBHOOK_HOSTS[kind] ? null : "wrongHost";
}

function maskValue(value: string): string {
  if (value.length <= 8) return "****";
  return `${value.slice(0, 4)}****${value.slice(-4)}`;
}

/**
 * A robot URL as pages may show it: scheme, host and path, with every query value (the 企业微信
 * key, the 钉钉 access_token) cut to its first and last four characters.
 */
export function maskWebhookUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "****";
  }
  const query = [...parsed.searchParams.entries()].map(([name, value]) => `${name}=${maskValue(value)}`).join("&");
  return `${parsed.protocol}//${parsed.host}${parsed.pathname}${query ? `?${query}` : ""}`;
}
