// Outbound group-robot alerts (issue 4 §10): which endpoints take an alert, the delivery rows
// (one per alert per endpoint, so a crash or a restart loses nothing and sends nothing twice on
// purpose), and the worker that sends due rows with a timeout and retries with backoff. Message
// formats, the 钉钉 signature and the retry schedule are in app/domain/webhook-payloads.ts.
import { randomUUID } from "node:crypto";
import { alertPath } from "#app/domain/alert-links";
import { alertKindLabelKey, type AlertKind } from "#app/domain/alert-rules";
import { regionLineage, type RegionRef } from "#app/domain/projects";
import { warningLabelKey } from "#app/domain/warnings";
import {
  deliveryOutcome,
  isWebhookKind,
  retryDelayMs,
  signedDingtalkUrl,
  webhookPayload,
  webhookTakes,
  webhookUrlProblem,
  type WebhookKind,
  type WebhookPayload,
} from "#app/domain/webhook-payloads";
import { t, type MessageKey, type MessageParams } from "#app/i18n";
import { now as clockNow } from "./clock";
import { Prisma, prisma, type DbTx } from "./db.server";
import { decryptSecret, SecretUnreadable } from "./secret-box.server";

export const WEBHOOK_TIMEOUT_MS = 5_000;
/** A claimed row is due again after this long if its worker died mid-send (at-least-once). */
const CLAIM_LEASE_MS = 5 * 60_000;
/** Both vendors limit a robot to 20 messages a minute; a run sends at most this many per endpoint. */
export const PER_ENDPOINT_PER_RUN = 20;
const RESPONSE_LIMIT = 64 * 1024;

/** Hosts besides the vendors' that robot URLs may use (WEBHOOK_ALLOWED_HOSTS, comma-separated). */
export function allowedExtraHosts(env: NodeJS.ProcessEnv = process.env): string[] {
  return (env.WEBHOOK_ALLOWED_HOSTS ?? "")
    .split(",")
    .map((host) => host.trim())
    .filter(Boolean);
}

/** The public origin links in messages start with (APP_ORIGIN), or null to send no link. */
function appOrigin(): string | null {
  const origin = process.env.APP_ORIGIN?.trim();
  return origin ? origin.replace(/\/+$/, "") : null;
}

export type WebhookAlert = {
  kind: AlertKind;
  level: "BLUE" | "YELLOW" | "RED";
  dedupeKey: string;
  message: { key: MessageKey; params: MessageParams };
  subject: { type: string; id: string; projectId: string | null };
};

/** The message body an endpoint of `kind` gets for an alert, rendered now in the dictionary's language. */
export function alertPayload(kind: WebhookKind, alert: WebhookAlert): WebhookPayload {
  const origin = appOrigin();
  const path = alertPath({ subjectType: alert.subject.type, subjectId: alert.subject.id, projectId: alert.subject.projectId, kind: alert.kind });
  return webhookPayload(kind, {
    title: t(alertKindLabelKey(alert.kind)),
    text: t(alert.message.key, alert.message.params),
    level: alert.level,
    levelLabel: t(warningLabelKey(alert.level)),
    url: origin ? `${origin}${path}` : null,
    linkLabel: t("alerts.webhookLinkLabel"),
    footer: t("common.appName"),
  });
}

export type EndpointForRouting = { id: string; kind: string; regionId: string | null; departmentId: string | null; alertKinds: string; minLevel: string };

/** Enabled endpoints, few enough to load whole; a run loads them once. */
export async function enabledEndpoints(db: DbTx = prisma): Promise<EndpointForRouting[]> {
  return db.webhookEndpoint.findMany({
    where: { deletedAt: null, enabled: true },
    select: { id: true, kind: true, regionId: true, departmentId: true, alertKinds: true, minLevel: true },
  });
}

export type RegionParent = RegionRef;

export type WebhookRouting = {
  /** The record's region (its project's) — the endpoint of that region and of every region above it match. */
  regionId?: string | null;
  /** The record's department (a problem's) — that department's endpoint matches. */
  departmentId?: string | null;
  /** The recipients' own regions and departments match too (exactly, without ancestors). */
  recipientRegionIds?: readonly (string | null)[];
  recipientDepartmentIds?: readonly (string | null)[];
};

/**
 * Queues one delivery per matching endpoint for the alert; an endpoint that already has a row
 * for this dedupeKey is skipped by the database (unique endpointId+dedupeKey). Returns the
 * number of rows queued.
 */
export async function enqueueWebhookDeliveries(
  db: DbTx,
  alert: WebhookAlert,
  routing: WebhookRouting,
  cache: { endpoints?: EndpointForRouting[]; regions?: RegionParent[] } = {},
  at: Date = clockNow(),
): Promise<number> {
  const endpoints = (cache.endpoints ??= await enabledEndpoints(db));
  if (endpoints.length === 0) return 0;
  const regionIds = new Set<string>();
  if (routing.regionId && endpoints.some((e) => e.regionId)) {
    // A county's alert also reaches the groups of the regions above it (the city's).
    const regions = (cache.regions ??= await db.region.findMany({ select: { id: true, parentId: true, level: true } }));
    for (const id of regionLineage(routing.regionId, regions)) regionIds.add(id);
  }
  for (const id of routing.recipientRegionIds ?? []) if (id) regionIds.add(id);
  const departmentIds = new Set<string>([routing.departmentId, ...(routing.recipientDepartmentIds ?? [])].filter((id): id is string => !!id));
  const matching = endpoints.filter(
    (e) => isWebhookKind(e.kind) && ((e.regionId && regionIds.has(e.regionId)) || (e.departmentId && departmentIds.has(e.departmentId))) && webhookTakes(e, alert),
  );
  if (matching.length === 0) return 0;
  const rows = matching.map(
    (e) => Prisma.sql`(${randomUUID()}, ${e.id}, ${alert.dedupeKey}, ${JSON.stringify(alertPayload(e.kind as WebhookKind, alert))}, ${"PENDING"}, ${0}, ${at}, ${at})`,
  );
  return db.$executeRaw`INSERT INTO "WebhookDelivery" ("id", "endpointId", "dedupeKey", "payload", "status", "attempts", "nextAttemptAt", "createdAt")
    VALUES ${Prisma.join(rows)} ON CONFLICT ("endpointId", "dedupeKey") DO NOTHING`;
}

// ───────────────────────────── sending ─────────────────────────────

export type PostResult = { status: number | null; body: string; error: string | null };

async function readLimited(response: Response): Promise<string> {
  const text = await response.text();
  return text.length > RESPONSE_LIMIT ? text.slice(0, RESPONSE_LIMIT) : text;
}

/** One POST of a JSON body, with a timeout; never throws. Redirects are not followed. */
export async function postJson(url: string, body: string, opts: { timeoutMs?: number; fetchImpl?: typeof fetch } = {}): Promise<PostResult> {
  const fetcher = opts.fetchImpl ?? fetch;
  try {
    const response = await fetcher(url, {
      method: "POST",
      headers: { "content-type": "application/json; charset=utf-8" },
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(opts.timeoutMs ?? WEBHOOK_TIMEOUT_MS),
    });
    return { status: response.status, body: await readLimited(response), error: null };
  } catch (error) {
    const name = (error as { name?: string }).name;
    const message = name === "TimeoutError" || name === "AbortError" ? `timeout after ${opts.timeoutMs ?? WEBHOOK_TIMEOUT_MS} ms` : String((error as Error).message ?? error);
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return { status: null, body: "", error: cause?.code ? `${message} (${cause.code})` : message };
  }
}

export type EndpointSecrets = { kind: string; url: string; secret: string | null };

/** The URL to POST to: decrypted, checked again against the allowed hosts, signed for 钉钉 加签. */
export async function deliveryUrl(endpoint: EndpointSecrets, timestampMs: number): Promise<{ url: string } | { error: string }> {
  if (!isWebhookKind(endpoint.kind)) return { error: `unknown kind ${endpoint.kind}` };
  let url: string;
  let secret: string | null;
  try {
    url = decryptSecret(endpoint.url);
    secret = endpoint.secret ? decryptSecret(endpoint.secret) : null;
  } catch (error) {
    if (error instanceof SecretUnreadable) return { error: t("alerts.webhookKeyUnreadable") };
    throw error;
  }
  const problem = webhookUrlProblem(endpoint.kind, url, allowedExtraHosts());
  if (problem) return { error: t(`alerts.webhookUrl_${problem}`) };
  return { url: endpoint.kind === "DINGTALK" && secret ? await signedDingtalkUrl(url, secret, timestampMs) : url };
}

export type DeliveryRunResult = { sent: number; retrying: number; gaveUp: number; skipped: number };

type DueRow = {
  id: string;
  payload: string;
  attempts: number;
  nextAttemptAt: Date | null;
  endpoint: EndpointSecrets & { id: string; enabled: boolean; deletedAt: Date | null };
};

const DUE_SELECT = {
  id: true,
  payload: true,
  attempts: true,
  nextAttemptAt: true,
  endpoint: { select: { id: true, kind: true, url: true, secret: true, enabled: true, deletedAt: true } },
} as const;

export type DeliverOptions = { now?: Date; limit?: number; fetchImpl?: typeof fetch; timeoutMs?: number; concurrency?: number };

/**
 * Sends the deliveries that are due (PENDING, nextAttemptAt ≤ now), oldest first, at most
 * PER_ENDPOINT_PER_RUN per endpoint. Each row is claimed first (its nextAttemptAt moved on by a
 * lease, compare-and-set), so two workers never send the same row at once; a worker killed
 * mid-send leaves the row due again when the lease ends. Success marks it SENT; a failure
 * counts the attempt and schedules the next one, or gives up after the last.
 */
export async function deliverDueWebhooks(db: DbTx = prisma, opts: DeliverOptions = {}): Promise<DeliveryRunResult> {
  const at = opts.now ?? clockNow();
  const due = (await db.webhookDelivery.findMany({
    where: { status: "PENDING", nextAttemptAt: { lte: at } },
    orderBy: [{ nextAttemptAt: "asc" }, { id: "asc" }],
    take: opts.limit ?? 200,
    select: DUE_SELECT,
  })) as DueRow[];
  const perEndpoint = new Map<string, number>();
  const batch = due.filter((row) => {
    const count = (perEndpoint.get(row.endpoint.id) ?? 0) + 1;
    perEndpoint.set(row.endpoint.id, count);
    return count <= PER_ENDPOINT_PER_RUN;
  });
  const result: DeliveryRunResult = { sent: 0, retrying: 0, gaveUp: 0, skipped: 0 };
  const queue = [...batch];
  const worker = async () => {
    for (let row = queue.shift(); row; row = queue.shift()) {
      const outcome = await deliverRow(db, row, at, opts);
      result[outcome] += 1;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, opts.concurrency ?? 4) }, worker));
  return result;
}

/** Sends one delivery now, whatever its nextAttemptAt (the admin page's test message). */
export async function deliverNow(db: DbTx, deliveryId: string, opts: DeliverOptions = {}): Promise<keyof DeliveryRunResult> {
  const row = (await db.webhookDelivery.findUnique({ where: { id: deliveryId }, select: DUE_SELECT })) as DueRow | null;
  if (!row) return "skipped";
  return deliverRow(db, row, opts.now ?? clockNow(), opts);
}

async function deliverRow(db: DbTx, row: DueRow, at: Date, opts: DeliverOptions): Promise<keyof DeliveryRunResult> {
  const claimed = await db.webhookDelivery.updateMany({
    where: { id: row.id, status: "PENDING", nextAttemptAt: row.nextAttemptAt },
    data: { nextAttemptAt: new Date(at.getTime() + CLAIM_LEASE_MS) },
  });
  if (claimed.count === 0) return "skipped";
  const attempts = row.attempts + 1;

  let error: string | null = null;
  let statusCode: number | null = null;
  if (!row.endpoint.enabled || row.endpoint.deletedAt) {
    // A robot switched off or removed: its queue is dropped, not kept to flood it later.
    await db.webhookDelivery.update({ where: { id: row.id }, data: { status: "GAVE_UP", lastError: t("alerts.webhookEndpointOff"), nextAttemptAt: null } });
    return "gaveUp";
  }
  // 钉钉 checks the signature's timestamp against its own clock: sign with the real time.
  const target = await deliveryUrl(row.endpoint, Date.now());
  if ("error" in target) error = target.error;
  else {
    const response = await postJson(target.url, row.payload, opts);
    statusCode = response.status;
    if (response.error) error = response.error;
    else {
      const outcome = deliveryOutcome(response.status ?? 0, response.body);
      if (!outcome.ok) error = outcome.error;
    }
  }

  if (error === null) {
    await db.webhookDelivery.update({
      where: { id: row.id },
      data: { status: "SENT", attempts, lastStatusCode: statusCode, lastError: null, sentAt: at, nextAttemptAt: null },
    });
    return "sent";
  }
  const delay = retryDelayMs(attempts);
  await db.webhookDelivery.update({
    where: { id: row.id },
    data: {
      status: delay === null ? "GAVE_UP" : "PENDING",
      attempts,
      lastStatusCode: statusCode,
      lastError: error.slice(0, 500),
      nextAttemptAt: delay === null ? null : new Date(at.getTime() + delay),
    },
  });
  return delay === null ? "gaveUp" : "retrying";
}
