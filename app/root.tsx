import { json, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, Links, Meta, NavLink, Outlet, Scripts, ScrollRestoration, useLoaderData, useNavigation } from "@remix-run/react";
import { type ReactNode } from "react";
import { NAV_ITEMS } from "#app/components/nav";
import { useClientNavigation } from "#app/components/ui/plain-link";
import { GeneralErrorBoundary } from "#app/components/error-boundary";
import { t } from "#app/i18n";
import { regionNames } from "#app/models/project-list.server";
import { getUserWithUnread } from "#app/utils/auth.server";
import { prisma } from "#app/utils/db.server";
import { useNonce } from "#app/utils/nonce";
import { hasPermission } from "#app/utils/permissions.server";
import stylesheet from "./tailwind.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [{ title: t("common.appName") }];

export async function loader({ request }: LoaderFunctionArgs) {
  const signedIn = await getUserWithUnread(request);
  if (!signedIn) return json({ user: null, nav: [], unread: 0 });
  const { user, unread } = signedIn;
  const place = user.regionId
    ? { name: (await regionNames()).get(user.regionId) ?? null }
    : user.departmentId
      ? await prisma.department.findUnique({ where: { id: user.departmentId }, select: { name: true } })
      : null;
  const nav = NAV_ITEMS.filter((item) => !item.permission || hasPermission(user, item.permission)).map(({ to, label }) => ({ to, label: t(label) }));
  return json({
    user: { displayName: user.displayName, username: user.username, role: t(`roles.${user.role}`), place: place?.name ?? null },
    nav,
    unread,
  });
}

function Document({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  return (
    <html lang="zh-CN" className="h-full bg-gray-50">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body className="h-full text-gray-900">
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

function ProgressBar() {
  const navigation = useNavigation();
  if (navigation.state === "idle") return null;
  return <div className="fixed inset-x-0 top-0 z-50 h-0.5 animate-pulse bg-blue-500" role="progressbar" aria-label={t("common.loading")} />;
}

export default function App() {
  const { user, nav, unread } = useLoaderData<typeof loader>();
  useClientNavigation();
  return (
    <Document>
      <ProgressBar />
      <a href="#main" className="sr-only focus:not-sr-only">
        {t("shell.skipToContent")}
      </a>
      {user ? (
        <header className="no-print border-b border-red-900 bg-red-800 text-white">
          <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-2">
            <Link to="/" className="text-lg font-semibold tracking-wide">
              {t("common.appName")}
            </Link>
            <nav className="flex flex-wrap gap-1 text-sm" aria-label={t("shell.mainNav")}>
              {nav.map((item) => (
                <NavLink
                  key={item.to}
                  to={item.to}
                  end={item.to === "/"}
                  className={({ isActive }) => `rounded px-2 py-1 ${isActive ? "bg-red-950/40" : "hover:bg-red-900/60"}`}
                >
                  {item.label}
                </NavLink>
              ))}
            </nav>
            <div className="ml-auto flex items-center gap-3 text-sm">
              {/* Global search needs pipeline:read, as 招商项目 does. */}
              {nav.some((item) => item.to === "/projects") ? (
                <Form method="get" action="/search" role="search" aria-label={t("lists.searchLabel")}>
                  <input
                    type="search"
                    name="q"
                    aria-label={t("lists.searchLabel")}
                    placeholder={t("lists.searchShortPlaceholder")}
                    className="w-40 rounded border border-red-200/50 bg-red-900/40 px-2 py-0.5 text-white placeholder:text-red-100 focus:bg-white focus:text-gray-900"
                  />
                </Form>
              ) : null}
              {unread > 0 ? (
                <Link
                  to="/inbox?order=unread"
                  className="rounded-full bg-amber-400 px-2 py-0.5 text-xs font-semibold text-red-950 hover:bg-amber-300"
                  aria-label={t("alerts.headerUnread", { count: unread })}
                  title={t("alerts.headerUnread", { count: unread })}
                  data-testid="inbox-badge"
                >
                  {unread > 99 ? "99+" : unread}
                </Link>
              ) : null}
              <span data-testid="current-user">
                {user.displayName}
                <span className="ml-1 text-red-100">
                  （{user.role}
                  {user.place ? ` · ${user.place}` : ""}）
                </span>
              </span>
              <Link to="/account/password" className="hover:underline">
                {t("shell.changePassword")}
              </Link>
              <Form method="post" action="/logout">
                <button type="submit" className="rounded border border-red-200/50 px-2 py-0.5 hover:bg-red-900">
                  {t("auth.logout")}
                </button>
              </Form>
            </div>
          </div>
        </header>
      ) : null}
      <main id="main" className="mx-auto max-w-7xl px-4 py-6">
        <Outlet />
      </main>
    </Document>
  );
}

export function ErrorBoundary() {
  return (
    <Document>
      <main id="main" className="mx-auto max-w-7xl px-4 py-6">
        <GeneralErrorBoundary />
      </main>
    </Document>
  );
}
