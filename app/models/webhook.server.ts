// Group robots (/admin/webhooks, permission config:edit): endpoints per region or department in
// 企业微信 or 钉钉 format, their delivery log, and a test message. The robot URL (its key) and
// the 钉钉 加签 secret are credentials: stored encrypted (app/utils/secret-box.server.ts), shown
// only masked, and never written into the audit log — its images carry the host and whether a
// secret is set, and a detail line says when the address or secret was replaced.
import { randomUUID } from "node:crypto";
import { maskWebhookUrl, parseAlertKindFilter, webhookPayload, webhookUrlProblem, type WebhookKind } from "#app/domain/webhook-payloads";
import { warningLabelKey } from "#app/domain/warnings";
import { t } from "#app/i18n";
import { WRITE_TX_OPTIONS } from "#app/models/project.server";
import { type WebhookEndpointInput } from "#app/schemas/alerts";
import { writeAudit } from "#app/utils/audit.server";
import { now as clockNow } from "#app/utils/clock";
import { prisma, type DbTx } from "#app/utils/db.server";
import { notFound, requirePermission, type SessionUser } from "#app/utils/permissions.server";
import { type RequestMeta } from "#app/utils/request-meta.server";
import { decryptSecret, encryptSecret, SecretUnreadable } from "#app/utils/secret-box.server";
import { VersionConflict } from "#app/utils/version-conflict.server";
import { allowedExtraHosts, deliverNow, type DeliverOptions } from "#app/utils/webhooks.server";

const ENDPOINT_SELECT = {
  id: true,
  name: true,
  kind: true,
  url: true,
  secret: true,
  regionId: true,
  region: { select: { name: true } },
  departmentId: true,
  department: { select: { name: true } },
  alertKinds: true,
  minLevel: true,
  enabled: true,
  createdAt: true,
  updatedAt: true,
  deletedAt: true,
  version: true,
} as const;

type EndpointRow = {
  id: string;
  name: string;
  kind: string;
  url: string;
  secret: string | null;
  regionId: string | null;
  region: { name: string } | null;
  departmentId: string | null;
  department: { name: string } | null;
  alertKinds: string;
  minLevel: string;
  enabled: boolean;
  createdAt: Date;
  updatedAt: Date;
  deletedAt: Date | null;
  version: number;
};

export type EndpointView = {
  id: string;
  name: string;
  kind: string;
  maskedUrl: string;
  secretSet: boolean;
  regionId: string | null;
  departmentId: string | null;
  scopeName: string;
  alertKinds: string[];
  minLevel: string;
  enabled: boolean;
  version: number;
  deliveries: { pending: number; sent: number; gaveUp: number };
};

function plainUrl(stored: string): string | null {
  try {
    return decryptSecret(stored);
  } catch (error) {
    if (error instanceof SecretUnreadable) return null;
    throw error;
  }
}

function hostOf(stored: string): string | null {
  const url = plainUrl(stored);
  if (!url) return null;
  try {
    return new URL(url).host;
  } catch {
    return null;
  }
}

/** What the audit log keeps of an endpoint: no URL, no secret. */
function auditImage(row: EndpointRow) {
  return {
    name: row.name,
    kind: row.kind,
    host: hostOf(row.url),
    secretSet: row.secret !== null,
    regionId: row.regionId,
    departmentId: row.departmentId,
    alertKinds: row.alertKinds,
    minLevel: row.minLevel,
    enabled: row.enabled,
    deletedAt: row.deletedAt,
    version: row.version,
  };
}

function viewOf(row: EndpointRow, counts: Map<string, number>): EndpointView {
  const url = plainUrl(row.url);
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    maskedUrl: url ? maskWebhookUrl(url) : t("alerts.webhookKeyUnreadable"),
    secretSet: row.secret !== null,
    regionId: row.regionId,
    departmentId: row.departmentId,
    scopeName: row.region?.name ?? row.department?.name ?? "",
    alertKinds: parseAlertKindFilter(row.alertKinds),
    minLevel: row.minLevel,
    enabled: row.enabled,
    version: row.version,
    deliveries: {
      pending: counts.get(`${row.id}:PENDING`) ?? 0,
      sent: counts.get(`${row.id}:SENT`) ?? 0,
      gaveUp: counts.get(`${row.id}:GAVE_UP`) ?? 0,
    },
  };
}

export async function listWebhookEndpoints(user: SessionUser, db: DbTx = prisma): Promise<EndpointView[]> {
  requirePermission(user, "config:edit");
  const rows = (await db.webhookEndpoint.findMany({ where: { deletedAt: null }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: ENDPOINT_SELECT })) as EndpointRow[];
  const grouped = rows.length
    ? await db.webhookDelivery.groupBy({ by: ["endpointId", "status"], where: { endpointId: { in: rows.map((r) => r.id) } }, _count: { _all: true } })
    : [];
  const counts = new Map(grouped.map((g) => [`${g.endpointId}:${g.status}`, g._count._all]));
  return rows.map((row) => viewOf(row, counts));
}

export type WebhookFormOptions = { regions: { id: string; name: string }[]; departments: { id: string; name: string }[] };

export async function webhookFormOptions(db: DbTx = prisma): Promise<WebhookFormOptions> {
  const [regions, departments] = await Promise.all([
    db.region.findMany({ orderBy: [{ sortOrder: "asc" }, { name: "asc" }], select: { id: true, name: true } }),
    db.department.findMany({ orderBy: [{ sortOrder: "asc" }, { name: "asc" }], select: { id: true, name: true } }),
  ]);
  return { regions, departments };
}

export type EndpointFieldErrors = Partial<Record<"name" | "url" | "secret" | "regionId" | "kind", string[]>>;
export type EndpointOutcome = { ok: true; id: string } | { ok: false; errors: EndpointFieldErrors };

async function scopeErrors(input: WebhookEndpointInput, db: DbTx): Promise<EndpointFieldErrors> {
  if (input.regionId) {
    const region = await db.region.findUnique({ where: { id: input.regionId }, select: { id: true } });
    if (!region) return { regionId: [t("alerts.webhookScopeMissing")] };
  }
  if (input.departmentId) {
    const department = await db.department.findUnique({ where: { id: input.departmentId }, select: { id: true } });
    if (!department) return { regionId: [t("alerts.webhookScopeMissing")] };
  }
  return {};
}

function urlErrors(kind: WebhookKind, url: string): EndpointFieldErrors {
  const problem = webhookUrlProblem(kind, url, allowedExtraHosts());
  return problem ? { url: [t(`alerts.webhookUrl_${problem}`, { host: kind === "WECOM" ? "qyapi.weixin.qq.com" : "oapi.dingtalk.com" })] } : {};
}

function rowData(input: WebhookEndpointInput) {
  return {
    name: input.name,
    kind: input.kind,
    regionId: input.regionId || null,
    departmentId: input.regionId ? null : input.departmentId || null,
    alertKinds: input.alertKinds.join(","),
    minLevel: input.minLevel,
    enabled: input.enabled ?? false,
  };
}

export async function createWebhookEndpoint(user: SessionUser, input: WebhookEndpointInput, meta?: RequestMeta): Promise<EndpointOutcome> {
  requirePermission(user, "config:edit");
  const url = input.url ?? "";
  const errors: EndpointFieldErrors = { ...(await scopeErrors(input, prisma)), ...(url ? urlErrors(input.kind, url) : { url: [t("alerts.webhookUrlRequired")] }) };
  if (input.secret && input.kind !== "DINGTALK") errors.secret = [t("alerts.webhookSecretDingtalkOnly")];
  if (Object.keys(errors).length) return { ok: false, errors };
  const id = await prisma.$transaction(async (tx) => {
    const row = (await tx.webhookEndpoint.create({
      data: { ...rowData(input), url: encryptSecret(url), secret: input.secret ? encryptSecret(input.secret) : null },
      select: ENDPOINT_SELECT,
    })) as EndpointRow;
    await writeAudit({ actor: user, action: "CREATE", entity: "WebhookEndpoint", entityId: row.id, after: auditImage(row), meta }, tx);
    return row.id;
  }, WRITE_TX_OPTIONS);
  return { ok: true, id };
}

async function currentRow(id: string, db: DbTx): Promise<EndpointRow> {
  const row = (await db.webhookEndpoint.findFirst({ where: { id, deletedAt: null }, select: ENDPOINT_SELECT })) as EndpointRow | null;
  if (!row) throw notFound();
  return row;
}

/** Saves an edit made from `version`; an empty URL or secret keeps the stored one. */
export async function updateWebhookEndpoint(user: SessionUser, id: string, version: number, input: WebhookEndpointInput, meta?: RequestMeta): Promise<EndpointOutcome> {
  requirePermission(user, "config:edit");
  const before = await currentRow(id, prisma);
  if (before.version !== version) throw new VersionConflict("WebhookEndpoint", auditImage(before));
  const errors: EndpointFieldErrors = { ...(await scopeErrors(input, prisma)) };
  if (input.url) Object.assign(errors, urlErrors(input.kind, input.url));
  else if (input.kind !== before.kind) {
    // The stored address was checked for the old kind; a new kind needs its own address.
    const stored = plainUrl(before.url);
    if (!stored) errors.url = [t("alerts.webhookUrlRequired")];
    else Object.assign(errors, urlErrors(input.kind, stored));
  }
  if (input.secret && input.kind !== "DINGTALK") errors.secret = [t("alerts.webhookSecretDingtalkOnly")];
  if (Object.keys(errors).length) return { ok: false, errors };

  const secret = input.kind !== "DINGTALK" || input.clearSecret ? null : input.secret ? encryptSecret(input.secret) : before.secret;
  const changes: string[] = [];
  if (input.url) changes.push(t("alerts.auditUrlReplaced"));
  if (input.secret) changes.push(t("alerts.auditSecretReplaced"));
  else if (before.secret && secret === null) changes.push(t("alerts.auditSecretCleared"));

  await prisma.$transaction(async (tx) => {
    const { count } = await tx.webhookEndpoint.updateMany({
      where: { id, version, deletedAt: null },
      data: { ...rowData(input), ...(input.url ? { url: encryptSecret(input.url) } : {}), secret, version: { increment: 1 } },
    });
    if (count === 0) throw new VersionConflict("WebhookEndpoint", auditImage(await currentRow(id, tx)));
    const after = await currentRow(id, tx);
    await writeAudit(
      { actor: user, action: "UPDATE", entity: "WebhookEndpoint", entityId: id, before: auditImage(before), after: auditImage(after), detail: changes.join("；") || undefined, meta },
      tx,
    );
  }, WRITE_TX_OPTIONS);
  return { ok: true, id };
}

/** Removes an endpoint (kept as a deleted row with its log; pending deliveries give up). */
export async function deleteWebhookEndpoint(user: SessionUser, id: string, version: number, meta?: RequestMeta): Promise<void> {
  requirePermission(user, "config:edit");
  const before = await currentRow(id, prisma);
  if (before.version !== version) throw new VersionConflict("WebhookEndpoint", auditImage(before));
  await prisma.$transaction(async (tx) => {
    const at = clockNow();
    const { count } = await tx.webhookEndpoint.updateMany({ where: { id, version, deletedAt: null }, data: { deletedAt: at, enabled: false, version: { increment: 1 } } });
    if (count === 0) throw new VersionConflict("WebhookEndpoint", auditImage(await currentRow(id, tx)));
    await tx.webhookDelivery.updateMany({ where: { endpointId: id, status: "PENDING" }, data: { status: "GAVE_UP", lastError: t("alerts.webhookEndpointOff"), nextAttemptAt: null } });
    await writeAudit({ actor: user, action: "DELETE", entity: "WebhookEndpoint", entityId: id, before: auditImage(before), after: { ...auditImage(before), deletedAt: at, enabled: false }, meta }, tx);
  }, WRITE_TX_OPTIONS);
}

export type DeliveryLogRow = {
  id: string;
  endpointId: string;
  endpointName: string;
  dedupeKey: string;
  status: string;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  nextAttemptAt: Date | null;
  sentAt: Date | null;
  createdAt: Date;
  preview: string;
};

function previewOf(payload: string): string {
  try {
    const body = JSON.parse(payload) as { markdown?: { content?: string; text?: string } };
    return (body.markdown?.content ?? body.markdown?.text ?? "").replace(/<[^>]+>/g, "").replace(/\s+/g, " ").slice(0, 120);
  } catch {
    return "";
  }
}

/** The delivery log, newest first; one endpoint's or every endpoint's. */
export async function listWebhookDeliveries(
  user: SessionUser,
  opts: { endpointId?: string | null; status?: string | null; skip?: number; take?: number } = {},
  db: DbTx = prisma,
): Promise<{ total: number; rows: DeliveryLogRow[] }> {
  requirePermission(user, "config:edit");
  const where = {
    ...(opts.endpointId ? { endpointId: opts.endpointId } : {}),
    ...(opts.status ? { status: opts.status } : {}),
  };
  const [total, rows] = await Promise.all([
    db.webhookDelivery.count({ where }),
    db.webhookDelivery.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: opts.skip ?? 0,
      take: opts.take ?? 50,
      select: {
        id: true,
        endpointId: true,
        endpoint: { select: { name: true } },
        dedupeKey: true,
        status: true,
        attempts: true,
        lastStatusCode: true,
        lastError: true,
        nextAttemptAt: true,
        sentAt: true,
        createdAt: true,
        payload: true,
      },
    }),
  ]);
  return {
    total,
    rows: rows.map(({ endpoint, payload, ...row }) => ({ ...row, endpointName: endpoint.name, preview: previewOf(payload) })),
  };
}

export type TestOutcome = { ok: true } | { ok: false; error: string };

/**
 * Sends a test message to one endpoint now (through the delivery log, like any alert) and says
 * whether the robot accepted it. Audited as the creation of that delivery.
 */
export async function sendWebhookTest(user: SessionUser, id: string, meta?: RequestMeta, opts: DeliverOptions = {}): Promise<TestOutcome> {
  requirePermission(user, "config:edit");
  const endpoint = await currentRow(id, prisma);
  const at = clockNow();
  const payload = webhookPayload(endpoint.kind as WebhookKind, {
    title: t("alerts.webhookTestTitle"),
    text: t("alerts.webhookTestText", { name: endpoint.name, user: user.displayName }),
    level: "BLUE",
    levelLabel: t(warningLabelKey("BLUE")),
    footer: t("common.appName"),
  });
  const deliveryId = randomUUID();
  await prisma.$transaction(async (tx) => {
    await tx.webhookDelivery.create({
      data: { id: deliveryId, endpointId: id, dedupeKey: `TEST:${at.toISOString()}:${deliveryId.slice(0, 8)}`, payload: JSON.stringify(payload), nextAttemptAt: at, createdAt: at },
    });
    await writeAudit({ actor: user, action: "CREATE", entity: "WebhookDelivery", entityId: deliveryId, after: { endpointId: id, test: true }, detail: t("alerts.auditTestSent", { name: endpoint.name }), meta }, tx);
  }, WRITE_TX_OPTIONS);
  // A test is not retried: whatever the answer, the row is closed so the worker leaves it alone.
  await deliverNow(prisma, deliveryId, { ...opts, now: at });
  const row = await prisma.webhookDelivery.findUniqueOrThrow({ where: { id: deliveryId }, select: { status: true, lastError: true } });
  if (row.status === "SENT") return { ok: true };
  await prisma.webhookDelivery.updateMany({ where: { id: deliveryId, status: "PENDING" }, data: { status: "GAVE_UP", nextAttemptAt: null } });
  return { ok: false, error: row.lastError ?? "" };
}
