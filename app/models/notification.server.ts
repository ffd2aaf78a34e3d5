// 站内消息 (issue 4 §10): the in-app inbox and the one way notifications are written.
// A notification is stored as a dictionary key and its parameters and rendered when read, so
// the wording (or the locale) can change after it was sent. The database keeps it once per
// recipient and dedupeKey (unique userId+dedupeKey): writes are INSERT … ON CONFLICT DO
// NOTHING, so the alerts run, a change hook and a retry can all deliver the same alert and each
// person is told once — even when the calls race, and without failing a caller's transaction.
//
// Two entry points:
//   deliverAlerts(tx, [{alert, people}])  alerts from app/domain/alert-rules.ts, with the people
//                                         of their record; recipients resolved from the
//                                         mechanism's recipient kinds (used by the models and
//                                         the alerts run, app/models/alerts.server.ts)
//   notify(db, {userIds, kind, …})        a notification to named accounts
// Both queue the alert for the group robots (app/utils/webhooks.server.ts).
import { randomUUID } from "node:crypto";
import { alertPath } from "#app/domain/alert-links";
import { alertKindLabelKey, type Alert, type AlertKind, type AlertSubject, type RecipientKind } from "#app/domain/alert-rules";
import { hasMessage, t, type MessageKey, type MessageParams } from "#app/i18n";
import { now as clockNow } from "#app/utils/clock";
import { num, Prisma, prisma, type DbTx } from "#app/utils/db.server";
import { type SessionUser } from "#app/utils/permissions.server";
import { enqueueWebhookDeliveries, type EndpointForRouting, type RegionParent } from "#app/utils/webhooks.server";

export type NotifyInput = {
  /** Accounts to tell; disabled accounts and duplicates are dropped. May be empty (webhooks only). */
  userIds: readonly string[];
  kind: AlertKind;
  level: "BLUE" | "YELLOW" | "RED";
  /** Same key, same notification: a recipient who has it already is not told again. */
  dedupeKey: string;
  /** A dictionary key (e.g. landing.alert_PROBLEM_ASSIGNED) and its parameters. */
  message: { key: MessageKey; params: MessageParams };
  /** What it is about; the inbox links to it. */
  subject: AlertSubject;
  /** Where the record belongs, for group robots: its project's region, a problem's department. */
  regionId?: string | null;
  departmentId?: string | null;
};

export type NotifyResult = { created: number; deliveries: number };

/** Caches a caller that notifies many times in a row (the alerts run) may share between calls. */
export type NotifyCache = {
  endpoints?: EndpointForRouting[];
  regions?: RegionParent[];
  /** Department staff by department, and the city bureau's officers (enabled accounts). */
  departmentStaff?: Map<string, string[]>;
  cityOfficers?: string[];
  /** Project id → region id, for routing alerts to the robots of the project's region. */
  projectRegions?: Map<string, string | null>;
};

type Recipient = { id: string; regionId: string | null; departmentId: string | null };

/**
 * Writes the notification for each recipient who does not have it yet and queues it for the
 * group robots of the record's region (and the regions above it), the record's department, and
 * the recipients' own regions and departments. Robots get an alert once (unique
 * endpointId+dedupeKey), and only when someone was newly told or nobody is to be told in-app,
 * so a robot added later is not flooded with old alerts.
 *
 * Safe inside a transaction on both databases (no statement fails on a duplicate). Pass the
 * transaction to make the notification part of the change that causes it.
 */
export async function notify(db: DbTx, input: NotifyInput, cache: NotifyCache = {}): Promise<NotifyResult> {
  const ids = [...new Set(input.userIds)];
  const users = ids.length
    ? await db.user.findMany({ where: { id: { in: ids }, disabled: false }, select: { id: true, regionId: true, departmentId: true } })
    : [];
  return writeNotification(db, input, users, cache);
}

async function writeNotification(db: DbTx, input: Omit<NotifyInput, "userIds">, users: readonly Recipient[], cache: NotifyCache): Promise<NotifyResult> {
  const at = clockNow();
  let created = 0;
  if (users.length > 0) {
    const params = JSON.stringify(input.message.params);
    const rows = users.map(
      (user) =>
        Prisma.sql`(${randomUUID()}, ${user.id}, ${input.kind}, ${input.level}, ${input.dedupeKey}, ${input.message.key}, ${params}, ${input.subject.type}, ${input.subject.id}, ${input.subject.projectId}, ${at})`,
    );
    created = await db.$executeRaw`INSERT INTO "Notification" ("id", "userId", "kind", "level", "dedupeKey", "messageKey", "params", "subjectType", "subjectId", "projectId", "createdAt")
      VALUES ${Prisma.join(rows)} ON CONFLICT ("userId", "dedupeKey") DO NOTHING`;
    if (created === 0) return { created: 0, deliveries: 0 };
  }
  const deliveries = await enqueueWebhookDeliveries(
    db,
    input,
    {
      regionId: input.regionId ?? null,
      departmentId: input.departmentId ?? null,
      recipientRegionIds: users.map((u) => u.regionId),
      recipientDepartmentIds: users.map((u) => u.departmentId),
    },
    cache,
    at,
  );
  return { created, deliveries };
}

// ───────────────────────────── alerts with their people ─────────────────────────────

/** The people of the record an alert is about; alert-rules' recipient kinds are resolved against them. */
export type AlertPeople = {
  /** ASSIGNEE: the problem's handler. */
  assigneeId?: string | null;
  /** DEPARTMENT: the problem's department (its enabled staff are told). */
  departmentId?: string | null;
  /** REPORTER: who reported the problem. */
  reporterId?: string | null;
  /** PROJECT_OFFICER and LEAD_LEADER: the project's officer and 包抓领导. */
  officerId?: string | null;
  leadLeaderId?: string | null;
  /** INSTRUCTION_LEADER: the leader who wrote the 批示. */
  instructionLeaderId?: string | null;
  /** The project's region, for the robots; looked up from alert.subject.projectId when absent. */
  regionId?: string | null;
};

export type AlertDelivery = { alert: Alert; people: AlertPeople };

function directIds(kind: RecipientKind, alert: Alert, people: AlertPeople): (string | null | undefined)[] {
  switch (kind) {
    case "ASSIGNEE":
      return [people.assigneeId];
    case "REPORTER":
      return [people.reporterId];
    case "PROJECT_OFFICER":
      return [people.officerId];
    case "LEAD_LEADER":
      return [people.leadLeaderId];
    case "INSTRUCTION_LEADER":
      return [people.instructionLeaderId];
    case "INSTRUCTION_RECIPIENTS":
      return alert.recipientIds ?? [];
    default:
      return [];
  }
}

/**
 * Tells each alert's people (as the mechanism's recipient kinds name them) and queues it for
 * the group robots. Recipients who already have an alert's dedupeKey are skipped with one query
 * for the whole batch, so a scheduled run over thousands of open items writes only what is new.
 * Returns the number of notifications written.
 */
export async function deliverAlerts(db: DbTx, deliveries: readonly AlertDelivery[], cache: NotifyCache = {}): Promise<number> {
  if (deliveries.length === 0) return 0;
  const kinds = new Set(deliveries.flatMap((d) => d.alert.recipients));

  if (kinds.has("DEPARTMENT")) {
    const staff = (cache.departmentStaff ??= new Map());
    const missing = [...new Set(deliveries.map((d) => d.people.departmentId).filter((id): id is string => !!id && !staff.has(id)))];
    if (missing.length) {
      const rows = await db.user.findMany({ where: { departmentId: { in: missing }, role: "DEPT_STAFF", disabled: false }, select: { id: true, departmentId: true } });
      for (const id of missing) staff.set(id, rows.filter((r) => r.departmentId === id).map((r) => r.id));
    }
  }
  if (kinds.has("CITY") && !cache.cityOfficers) {
    cache.cityOfficers = (await db.user.findMany({ where: { role: "CITY_OFFICER", disabled: false }, select: { id: true } })).map((u) => u.id);
  }

  const wanted = deliveries.map(({ alert, people }) => {
    const ids = new Set<string>();
    for (const kind of alert.recipients) {
      const found =
        kind === "DEPARTMENT"
          ? people.departmentId
            ? (cache.departmentStaff?.get(people.departmentId) ?? [])
            : []
          : kind === "CITY"
            ? (cache.cityOfficers ?? [])
            : directIds(kind, alert, people);
      for (const id of found) if (id) ids.add(id);
    }
    return [...ids];
  });

  const allIds = [...new Set(wanted.flat())];
  const users = new Map<string, Recipient>();
  if (allIds.length) {
    for (const user of await db.user.findMany({ where: { id: { in: allIds }, disabled: false }, select: { id: true, regionId: true, departmentId: true } })) {
      users.set(user.id, user);
    }
  }
  const keys = [...new Set(deliveries.map((d) => d.alert.dedupeKey))];
  const had = new Set<string>();
  if (users.size) {
    const existing = await db.notification.findMany({ where: { userId: { in: [...users.keys()] }, dedupeKey: { in: keys } }, select: { userId: true, dedupeKey: true } });
    for (const row of existing) had.add(`${row.userId}\u0000${row.dedupeKey}`);
  }

  const needRegion = [
    ...new Set(
      deliveries
        .filter((d) => d.people.regionId === undefined && d.alert.subject.projectId)
        .map((d) => d.alert.subject.projectId as string)
        .filter((id) => !cache.projectRegions?.has(id)),
    ),
  ];
  if (needRegion.length) {
    const regions = (cache.projectRegions ??= new Map());
    const rows = await db.project.findMany({ where: { id: { in: needRegion } }, select: { id: true, regionId: true } });
    for (const id of needRegion) regions.set(id, rows.find((r) => r.id === id)?.regionId ?? null);
  }

  let created = 0;
  for (const [index, { alert, people }] of deliveries.entries()) {
    const recipients = (wanted[index] ?? []).map((id) => users.get(id)).filter((u): u is Recipient => !!u);
    const fresh = recipients.filter((u) => !had.has(`${u.id}\u0000${alert.dedupeKey}`));
    if (recipients.length > 0 && fresh.length === 0) continue;
    const regionId = people.regionId !== undefined ? people.regionId : alert.subject.projectId ? (cache.projectRegions?.get(alert.subject.projectId) ?? null) : null;
    const result = await writeNotification(
      db,
      { kind: alert.kind, level: alert.level, dedupeKey: alert.dedupeKey, message: alert.message, subject: alert.subject, regionId, departmentId: people.departmentId ?? null },
      fresh,
      cache,
    );
    created += result.created;
  }
  return created;
}

// ───────────────────────────── the inbox ─────────────────────────────

/**
 * A user's unread notifications as an SQL expression, for a user id or a column holding one: one
 * count on the (userId, readAt) index. The header's badge on every page reads it with the
 * session (auth.server), the inbox through unreadNotificationCount.
 */
export function unreadCountSql(userId: string | Prisma.Sql): Prisma.Sql {
  return Prisma.sql`(SELECT COUNT(*) FROM "Notification" n WHERE n."userId" = ${userId} AND n."readAt" IS NULL)`;
}

export async function unreadNotificationCount(userId: string, db: DbTx = prisma): Promise<number> {
  const [row] = await db.$queryRaw<{ n: bigint }[]>`SELECT ${unreadCountSql(userId)} AS "n"`;
  return num(row?.n);
}

export type InboxItem = {
  id: string;
  kind: string;
  kindLabel: string;
  level: string;
  text: string;
  href: string;
  createdAt: Date;
  readAt: Date | null;
};

function render(messageKey: string, params: string): string {
  let values: MessageParams = {};
  try {
    const parsed = JSON.parse(params) as unknown;
    if (parsed && typeof parsed === "object") values = parsed as MessageParams;
  } catch {
    // A row written by hand with bad JSON still shows its template.
  }
  return hasMessage(messageKey) ? t(messageKey, values) : messageKey;
}

export type InboxQuery = { unreadFirst?: boolean; unreadOnly?: boolean; skip?: number; take?: number };

/** The user's own notifications, newest first (or unread first), a page at a time. */
export async function listInbox(user: Pick<SessionUser, "id">, query: InboxQuery = {}, db: DbTx = prisma): Promise<{ total: number; unread: number; items: InboxItem[] }> {
  const where: Prisma.NotificationWhereInput = query.unreadOnly ? { userId: user.id, readAt: null } : { userId: user.id };
  const orderBy: Prisma.NotificationOrderByWithRelationInput[] = query.unreadFirst
    ? [{ readAt: { sort: "asc", nulls: "first" } }, { createdAt: "desc" }, { id: "desc" }]
    : [{ createdAt: "desc" }, { id: "desc" }];
  const [total, unread, rows] = await Promise.all([
    db.notification.count({ where }),
    unreadNotificationCount(user.id, db),
    db.notification.findMany({
      where,
      orderBy,
      skip: query.skip ?? 0,
      take: query.take ?? 50,
      select: { id: true, kind: true, level: true, messageKey: true, params: true, subjectType: true, subjectId: true, projectId: true, createdAt: true, readAt: true },
    }),
  ]);
  return {
    total,
    unread,
    items: rows.map((row) => ({
      id: row.id,
      kind: row.kind,
      kindLabel: hasMessage(`landing.alertKind_${row.kind}`) ? t(alertKindLabelKey(row.kind as AlertKind)) : row.kind,
      level: row.level,
      text: render(row.messageKey, row.params),
      href: alertPath({ subjectType: row.subjectType, subjectId: row.subjectId, projectId: row.projectId, kind: row.kind }),
      createdAt: row.createdAt,
      readAt: row.readAt,
    })),
  };
}

/**
 * Marks some of the user's notifications read. Ids that are not the user's are ignored (the
 * userId is in the `where`), so nobody can touch another person's inbox. Not audited: reading
 * one's own messages changes no business record (see the inbox route).
 */
export async function markNotificationsRead(user: Pick<SessionUser, "id">, ids: readonly string[], db: DbTx = prisma): Promise<number> {
  if (ids.length === 0) return 0;
  const { count } = await db.notification.updateMany({ where: { userId: user.id, id: { in: [...ids] }, readAt: null }, data: { readAt: clockNow() } });
  return count;
}

export async function markAllNotificationsRead(user: Pick<SessionUser, "id">, db: DbTx = prisma): Promise<number> {
  const { count } = await db.notification.updateMany({ where: { userId: user.id, readAt: null }, data: { readAt: clockNow() } });
  return count;
}
