import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { t } from "#app/i18n";
import { requireUser } from "#app/utils/auth.server";
import { prisma } from "#app/utils/db.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const region = user.regionId ? await prisma.region.findUnique({ where: { id: user.regionId }, select: { name: true, level: true } }) : null;
  const department = user.departmentId ? await prisma.department.findUnique({ where: { id: user.departmentId }, select: { name: true } }) : null;
  const intro =
    user.role === "ADMIN" ? t("shell.homeAdminIntro") : user.role === "AUDITOR" ? t("shell.homeAuditorIntro") : user.role === "DEPT_STAFF" ? t("shell.homeDeptIntro") : null;
  const scope = department
    ? department.name
    : user.role === "CITY_OFFICER" || region?.level === "CITY"
      ? t("shell.wholeCity")
      : user.role === "ADMIN" || user.role === "AUDITOR"
        ? t("shell.systemScope")
        : (region?.name ?? t("shell.noRegion"));
  return json({
    greeting: t("shell.homeGreeting", { name: user.displayName }),
    roleScope: t("shell.homeRoleScope", { role: t(`roles.${user.role}`), scope }),
    intro,
  });
}

export default function Home() {
  const data = useLoaderData<typeof loader>();
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">{t("shell.homeTitle")}</h1>
        <p className="mt-1 text-gray-600" data-testid="home-greeting">
          {data.greeting} · <span data-testid="home-role">{data.roleScope}</span>
        </p>
      </div>
      {data.intro ? <p className="card text-gray-700">{data.intro}</p> : null}
    </div>
  );
}
