import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { GeneralErrorBoundary } from "#app/components/error-boundary";
import { PagedTable, SortHeader } from "#app/components/ui/list-controls";
import { ROLES, isRole } from "#app/domain/roles";
import { t, type MessageKey } from "#app/i18n";
import { USER_SORT_KEYS, listUsers, userFormOptions } from "#app/models/user.server";
import { USER_STATUSES, readUserFilters, type UserStatus } from "#app/schemas/admin-users";
import { requireUser } from "#app/utils/auth.server";
import { formatDateTime, formatDateTimeShort } from "#app/utils/datetime";
import { readListParams } from "#app/utils/list-params";

export const meta: MetaFunction = () => [{ title: `${t("admin.usersTitle")} - ${t("common.appName")}` }];

const STATUS_LABEL: Record<UserStatus, MessageKey> = {
  active: "admin.statusActive",
  disabled: "admin.statusDisabled",
  locked: "admin.statusLocked",
};

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "user:manage" });
  const params = new URL(request.url).searchParams;
  const filters = readUserFilters(params);
  const list = readListParams(params, USER_SORT_KEYS, { sort: "username", dir: "asc" });
  const [{ total, users }, { regions }] = await Promise.all([listUsers(filters, list), userFormOptions()]);
  return json({
    total,
    page: list.page,
    pageSize: list.pageSize,
    sort: list.sort,
    dir: list.dir,
    regions: regions.map((r) => ({ value: r.id, label: r.name })),
    users: users.map((u) => ({
      id: u.id,
      username: u.username,
      displayName: u.displayName,
      title: u.title,
      role: isRole(u.role) ? t(`roles.${u.role}`) : u.role,
      placement: u.departmentName ?? u.regionName ?? "",
      status: u.status,
      statusText: u.status === "locked" && u.lockedUntil ? t("admin.statusLockedUntil", { until: formatDateTimeShort(u.lockedUntil) }) : t(STATUS_LABEL[u.status]),
      totpEnabled: u.totpEnabled,
      lastLogin: u.lastLoginAt ? formatDateTime(u.lastLoginAt) : null,
    })),
  });
}

const STATUS_STYLE: Record<UserStatus, string> = {
  active: "bg-green-50 text-green-800",
  disabled: "bg-gray-100 text-gray-700",
  locked: "bg-amber-50 text-amber-800",
};

export default function UsersPage() {
  const data = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-xl font-semibold">{t("admin.usersTitle")}</h1>
          <p className="mt-1 text-sm text-gray-600">{t("admin.usersIntro")}</p>
        </div>
        <Link to="/admin/users/new" className="btn-primary">
          {t("admin.newUser")}
        </Link>
      </div>

      <Form method="get" className="card flex flex-wrap items-end gap-3" role="search" aria-label={t("common.filter")}>
        <div className="min-w-48 flex-1">
          <label htmlFor="filter-q" className="label">
            {t("admin.searchLabel")}
          </label>
          <input id="filter-q" name="q" type="search" className="input" defaultValue={searchParams.get("q") ?? ""} placeholder={t("admin.searchPlaceholder")} />
        </div>
        <div>
          <label htmlFor="filter-role" className="label">
            {t("admin.role")}
          </label>
          <select id="filter-role" name="role" className="input" defaultValue={searchParams.get("role") ?? ""}>
            <option value="">{t("admin.allRoles")}</option>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`roles.${r}`)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="filter-region" className="label">
            {t("admin.region")}
          </label>
          <select id="filter-region" name="region" className="input" defaultValue={searchParams.get("region") ?? ""}>
            <option value="">{t("admin.allRegions")}</option>
            {data.regions.map((r) => (
              <option key={r.value} value={r.value}>
                {r.label}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="filter-status" className="label">
            {t("admin.status")}
          </label>
          <select id="filter-status" name="status" className="input" defaultValue={searchParams.get("status") ?? ""}>
            <option value="">{t("admin.allStatuses")}</option>
            {USER_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(STATUS_LABEL[s])}
              </option>
            ))}
          </select>
        </div>
        {/* Sorting survives a new filter; the page goes back to 1. */}
        {searchParams.get("sort") ? <input type="hidden" name="sort" value={data.sort} /> : null}
        {searchParams.get("dir") ? <input type="hidden" name="dir" value={data.dir} /> : null}
        <div className="flex gap-2">
          <button type="submit" className="btn-primary">
            {t("common.filter")}
          </button>
          <Link to="/admin/users" className="btn-secondary">
            {t("common.reset")}
          </Link>
        </div>
      </Form>

      <PagedTable
        list={data}
        rowCount={data.users.length}
        caption={t("admin.usersTableCaption")}
        testId="users-table"
        head={
          <>
            <SortHeader column="username">{t("admin.username")}</SortHeader>
            <SortHeader column="displayName">{t("admin.displayName")}</SortHeader>
            <SortHeader column="role">{t("admin.role")}</SortHeader>
            <SortHeader column="region">{t("admin.placement")}</SortHeader>
            <th scope="col">{t("admin.status")}</th>
            <th scope="col">{t("admin.twoFactor")}</th>
            <th scope="col">{t("admin.lastLogin")}</th>
          </>
        }
      >
        {data.users.map((u) => (
          <tr key={u.id} className="hover:bg-gray-50">
            <td className="font-mono">
              <Link to={`/admin/users/${u.id}`} className="text-blue-700 hover:underline">
                {u.username}
              </Link>
            </td>
            <td>
              {u.displayName}
              {u.title ? <span className="ml-1 text-gray-500">{u.title}</span> : null}
            </td>
            <td className="whitespace-nowrap">{u.role}</td>
            <td>{u.placement}</td>
            <td>
              <span className={`inline-block rounded px-2 py-0.5 text-xs whitespace-nowrap ${STATUS_STYLE[u.status]}`}>{u.statusText}</span>
            </td>
            <td className="whitespace-nowrap">{u.totpEnabled ? t("admin.totpOn") : t("admin.totpOff")}</td>
            <td className="whitespace-nowrap tabular-nums">{u.lastLogin ?? <span className="text-gray-400">{t("admin.neverLoggedIn")}</span>}</td>
          </tr>
        ))}
      </PagedTable>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
