// 消息 /inbox: the signed-in user's notifications (newest first, or unread first), a page at a
// time; open one (marks it read and goes to its record), mark one or all read. Every role has
// an inbox. Marking read is not audited: it changes no business record, only the reader's own
// view, and the AuditLog is for changes to the bureau's data and for security events.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { GeneralErrorBoundary } from "#app/components/error-boundary";
import { EmptyState, Pager, ResultCount } from "#app/components/ui/list-controls";
import { WarningDot } from "#app/components/warning-dot";
import { type WarningLevel } from "#app/domain/warnings";
import { t } from "#app/i18n";
import { listInbox, markAllNotificationsRead, markNotificationsRead } from "#app/models/notification.server";
import { requireUser } from "#app/utils/auth.server";
import { formatDateTimeShort } from "#app/utils/datetime";
import { prisma } from "#app/utils/db.server";
import { readListParams, withParams } from "#app/utils/list-params";
import { alertPath } from "#app/domain/alert-links";

export const meta: MetaFunction = () => [{ title: `${t("alerts.inboxTitle")} - ${t("common.appName")}` }];

const PAGE_SIZE = 30;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const params = new URL(request.url).searchParams;
  const list = readListParams(params, ["createdAt"] as const, { sort: "createdAt", dir: "desc", pageSize: PAGE_SIZE });
  const unreadFirst = params.get("order") === "unread";
  const unreadOnly = params.get("show") === "unread";
  const inbox = await listInbox(user, { unreadFirst, unreadOnly, skip: list.skip, take: list.pageSize });
  return json({
    total: inbox.total,
    unread: inbox.unread,
    page: list.page,
    pageSize: list.pageSize,
    unreadFirst,
    unreadOnly,
    items: inbox.items.map((item) => ({ ...item, createdAt: formatDateTimeShort(item.createdAt), read: item.readAt !== null })),
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const back = safeBack(String(form.get("back") ?? ""));
  switch (intent) {
    case "open": {
      // The link comes from the stored notification, never from the form: no open redirect.
      const id = String(form.get("id") ?? "");
      const row = await prisma.notification.findFirst({ where: { id, userId: user.id }, select: { kind: true, subjectType: true, subjectId: true, projectId: true } });
      if (!row) throw new Response(t("common.notFoundBody"), { status: 404 });
      await markNotificationsRead(user, [id]);
      return redirect(alertPath(row));
    }
    case "read":
      await markNotificationsRead(user, form.getAll("id").map(String).slice(0, 200));
      return redirect(back);
    case "readAll":
      await markAllNotificationsRead(user);
      return redirect(back);
    default:
      throw new Response(t("common.badRequestTitle"), { status: 400 });
  }
}

/** Back to the inbox page the form was on; only /inbox query strings are accepted. */
function safeBack(search: string): string {
  return /^\?[\w=&%.-]*$/.test(search) ? `/inbox${search}` : "/inbox";
}

const LEVEL_TEXT: Record<string, string> = { RED: "text-red-700", YELLOW: "text-amber-700", BLUE: "text-blue-700" };

export default function InboxPage() {
  const data = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const search = searchParams.toString() ? `?${searchParams.toString()}` : "";
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-xl font-semibold">{t("alerts.inboxTitle")}</h1>
          <p className="mt-1 text-sm text-gray-600" data-testid="inbox-unread">
            {t("alerts.inboxUnread", { count: data.unread })}
          </p>
        </div>
        <div className="flex flex-wrap items-center gap-2">
          <Link className="btn-secondary" to={withParams(searchParams, { order: data.unreadFirst ? null : "unread" })} aria-pressed={data.unreadFirst}>
            {data.unreadFirst ? t("alerts.inboxNewestFirst") : t("alerts.inboxUnreadFirst")}
          </Link>
          <Link className="btn-secondary" to={withParams(searchParams, { show: data.unreadOnly ? null : "unread" })} aria-pressed={data.unreadOnly}>
            {data.unreadOnly ? t("alerts.inboxShowAll") : t("alerts.inboxShowUnread")}
          </Link>
          <Form method="post">
            <input type="hidden" name="back" value={search} />
            <button type="submit" name="intent" value="readAll" className="btn-primary" disabled={data.unread === 0}>
              {t("alerts.inboxMarkAllRead")}
            </button>
          </Form>
        </div>
      </div>

      <div className="card p-0">
        {data.items.length === 0 ? (
          <EmptyState>{t("alerts.inboxEmpty")}</EmptyState>
        ) : (
          <ul className="divide-y divide-gray-100" data-testid="inbox-list">
            {data.items.map((item) => (
              <li key={item.id} className={`flex flex-wrap items-start gap-3 px-4 py-3 ${item.read ? "" : "bg-red-50/40"}`} data-read={item.read}>
                <WarningDot level={item.level as WarningLevel} className="mt-1.5" />
                <div className="min-w-0 flex-1">
                  <p className="text-sm">
                    <span className={`mr-2 font-medium ${LEVEL_TEXT[item.level] ?? ""}`}>{item.kindLabel}</span>
                    {item.read ? null : <span className="mr-2 rounded bg-red-700 px-1.5 py-0.5 text-xs text-white">{t("alerts.inboxNew")}</span>}
                  </p>
                  <p className={`mt-0.5 text-sm ${item.read ? "text-gray-600" : "text-gray-900"}`}>{item.text}</p>
                  <p className="mt-0.5 text-xs text-gray-500">{item.createdAt}</p>
                </div>
                <div className="flex shrink-0 items-center gap-2">
                  <Form method="post">
                    <input type="hidden" name="id" value={item.id} />
                    <button type="submit" name="intent" value="open" className="btn-secondary">
                      {t("alerts.inboxOpen")}
                    </button>
                  </Form>
                  {item.read ? null : (
                    <Form method="post">
                      <input type="hidden" name="id" value={item.id} />
                      <input type="hidden" name="back" value={search} />
                      <button type="submit" name="intent" value="read" className="btn-secondary">
                        {t("alerts.inboxMarkRead")}
                      </button>
                    </Form>
                  )}
                </div>
              </li>
            ))}
          </ul>
        )}
      </div>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <ResultCount total={data.total} />
        <Pager total={data.total} page={data.page} pageSize={data.pageSize} />
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
