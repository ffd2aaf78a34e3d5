// /projects/:id/sites — the project's 选址 (site selection). POST with `intent`:
//   saveNeeds  the project's needs (land 亩, floor ㎡, power kVA, 环评类别, kinds, regions)
//   propose    offer a carrier (推荐); a carrier another project holds needs a reason
//   move       a candidate 推荐 → 踏勘 → 意向 → 确定 / 放弃 (reasons where the rules ask)
//   visit      log a 踏勘 visit
// and answers JSON (SiteSelectionAnswer) for the SitesPanel's fetchers: 400 with field errors,
// 409 with a Chinese message when another officer's save got there first. On GET it shows the
// panel on its own page (the project page embeds the same panel as its 选址 tab).
import { parseWithZod } from "@conform-to/zod";
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "#app/components/error-boundary";
import { SitesPanel } from "#app/components/sites-panel";
import { t } from "#app/i18n";
import { loadSitesForProject, logSiteVisit, moveCandidate, proposeSite, saveSiteNeeds, SiteSelectionConflict, type FieldErrors } from "#app/models/site.server";
import { getProjectForUser } from "#app/models/project.server";
import { SiteSelectionSchemas, SITE_SELECTION_INTENTS, type SiteSelectionIntent } from "#app/schemas/site";
import { requireUser } from "#app/utils/auth.server";
import { requestMeta } from "#app/utils/request-meta.server";
import { type SiteSelectionAnswer } from "#app/utils/site-display";
import { VersionConflict } from "#app/utils/version-conflict.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${t("sites.panelTitle")}：${data?.project.name ?? ""} - ${t("common.appName")}` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "pipeline:read" });
  return json(await loadSitesForProject(user, params.projectId ?? ""));
}

function answer(body: SiteSelectionAnswer, status = 200) {
  return json(body, { status });
}

function isIntent(value: unknown): value is SiteSelectionIntent {
  return typeof value === "string" && (SITE_SELECTION_INTENTS as readonly string[]).includes(value);
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { permission: "pipeline:write" });
  const projectId = params.projectId ?? "";
  await getProjectForUser(user, projectId);
  const formData = await request.formData();
  const intent = formData.get("intent");
  if (!isIntent(intent)) throw new Response(t("common.badRequestTitle"), { status: 400 });
  const meta = requestMeta(request);
  const target = String(formData.get("candidateId") ?? formData.get("siteId") ?? "") || null;
  const move = intent === "move" ? String(formData.get("to") ?? "") || null : null;
  const refused = (errors: Record<string, string[] | null>) => {
    const fieldErrors: FieldErrors = Object.fromEntries(Object.entries(errors).filter((e): e is [string, string[]] => !!e[1]?.length));
    return answer({ intent, ok: false, target, move, fieldErrors, formError: fieldErrors[""]?.join("；") ?? null }, 400);
  };

  try {
    switch (intent) {
      case "saveNeeds": {
        const submission = parseWithZod(formData, { schema: SiteSelectionSchemas.saveNeeds });
        if (submission.status !== "success") return refused(submission.error ?? {});
        const { version, intent: _, ...input } = submission.value;
        const outcome = await saveSiteNeeds(user, projectId, version, input, meta);
        if (!outcome.ok) return refused(outcome.errors);
        return answer({ intent, ok: true, target, notice: t("sites.noticeNeedsSaved") });
      }
      case "propose": {
        const submission = parseWithZod(formData, { schema: SiteSelectionSchemas.propose });
        if (submission.status !== "success") return refused(submission.error ?? {});
        const outcome = await proposeSite(user, projectId, submission.value, meta);
        if (!outcome.ok) return refused(outcome.errors);
        return answer({ intent, ok: true, target, notice: t("sites.noticeProposed"), warning: outcome.warning });
      }
      case "move": {
        const submission = parseWithZod(formData, { schema: SiteSelectionSchemas.move });
        if (submission.status !== "success") return refused(submission.error ?? {});
        const outcome = await moveCandidate(user, projectId, submission.value, meta);
        if (!outcome.ok) return refused(outcome.errors);
        return answer({ intent, ok: true, target, move, notice: t("sites.noticeMoved", { status: t(`landing.candidateStatus_${submission.value.to}`) }), warning: outcome.warning });
      }
      case "visit": {
        const submission = parseWithZod(formData, { schema: SiteSelectionSchemas.visit });
        if (submission.status !== "success") return refused(submission.error ?? {});
        const outcome = await logSiteVisit(user, projectId, submission.value, meta);
        if (!outcome.ok) return refused(outcome.errors);
        return answer({ intent, ok: true, target, notice: t("sites.noticeVisitLogged") });
      }
    }
  } catch (error) {
    if (error instanceof SiteSelectionConflict) return answer({ intent, ok: false, target, move, formError: error.message }, 409);
    if (error instanceof VersionConflict) return answer({ intent, ok: false, target, formError: t("sites.needsConflict") }, 409);
    throw error;
  }
}

export default function ProjectSitesPage() {
  const data = useLoaderData<typeof loader>();
  const pageAnswer = useActionData<typeof action>();
  return (
    <div className="mx-auto max-w-5xl space-y-4">
      <nav className="text-sm" aria-label="breadcrumb">
        <Link to={`/projects/${data.project.id}`} className="text-blue-700 hover:underline">
          {data.project.code} {data.project.name}
        </Link>
        <span className="mx-1 text-gray-400">/</span>
        <span>{t("sites.panelTitle")}</span>
      </nav>
      <h1 className="text-xl font-semibold">
        {t("sites.panelTitle")}：{data.project.name}
      </h1>
      <SitesPanel data={data} pageAnswer={pageAnswer ?? null} />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
