// /sites/new — 新增载体: a carrier in a county or park of the user's scope (县区专员: their own).
import { parseWithZod } from "@conform-to/zod";
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "#app/components/error-boundary";
import { SiteForm } from "#app/components/site-form";
import { t } from "#app/i18n";
import { createSite, siteFormOptions } from "#app/models/site.server";
import { SiteCreateSchema } from "#app/schemas/site";
import { requireUser } from "#app/utils/auth.server";
import { requestMeta } from "#app/utils/request-meta.server";

export const meta: MetaFunction = () => [{ title: `${t("sites.newTitle")} - ${t("common.appName")}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "pipeline:write" });
  return json(await siteFormOptions(user));
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { permission: "pipeline:write" });
  const submission = parseWithZod(await request.formData(), { schema: SiteCreateSchema });
  if (submission.status !== "success") return json({ result: submission.reply() }, { status: 400 });
  const outcome = await createSite(user, submission.value, requestMeta(request));
  if (!outcome.ok) return json({ result: submission.reply({ fieldErrors: outcome.errors }) }, { status: 400 });
  throw redirect(`/sites/${outcome.id}?notice=created`);
}

export default function NewSitePage() {
  const { regions, fixedRegion } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="mx-auto max-w-3xl space-y-4">
      <nav className="text-sm" aria-label="breadcrumb">
        <Link to="/sites" className="text-blue-700 hover:underline">
          {t("sites.listTitle")}
        </Link>
        <span className="mx-1 text-gray-400">/</span>
        <span>{t("sites.newTitle")}</span>
      </nav>
      <h1 className="text-xl font-semibold">{t("sites.newTitle")}</h1>
      <SiteForm mode="create" lastResult={actionData?.result} defaultValue={{}} regions={regions} fixedRegion={fixedRegion} cancelTo="/sites" />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
