// /sites/:id/edit — edits a carrier from the version it was opened at; a stale save gets 409
// with the other officer's values beside the ones typed here (kept in the form).
import { parseWithZod } from "@conform-to/zod";
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "#app/components/error-boundary";
import { SiteForm, type SiteConflictView, type SiteFormDefaults } from "#app/components/site-form";
import { t } from "#app/i18n";
import { getSiteForEdit, regionNames, siteFormOptions, updateSite, type SiteImage } from "#app/models/site.server";
import { SITE_FORM_FIELDS, SiteEditSchema } from "#app/schemas/site";
import { requireUser } from "#app/utils/auth.server";
import { requestMeta } from "#app/utils/request-meta.server";
import { siteFieldLabel, siteValueText } from "#app/utils/site-display";
import { VersionConflict } from "#app/utils/version-conflict.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${t("sites.editTitle")}：${data?.site.name ?? ""} - ${t("common.appName")}` }];

function defaultsOf(site: SiteImage): SiteFormDefaults {
  const s = (v: string | number | null) => (v === null ? undefined : String(v));
  return {
    name: site.name,
    kind: site.kind,
    regionId: site.regionId,
    address: s(site.address),
    areaSqm: s(site.areaSqm),
    areaMu: s(site.areaMu),
    floors: s(site.floors),
    powerKva: s(site.powerKva),
    waterTonsPerDay: s(site.waterTonsPerDay),
    maxEiaCategory: s(site.maxEiaCategory),
    landPriceWanPerMu: s(site.landPriceWanPerMu),
    rentYuanPerSqmMonth: s(site.rentYuanPerSqmMonth),
    notes: s(site.notes),
    occupied: site.status === "OCCUPIED" ? "on" : undefined,
    occupantName: s(site.occupantName),
  };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "pipeline:write" });
  const site = await getSiteForEdit(user, params.siteId ?? "");
  const options = await siteFormOptions(user);
  // A carrier already under a region the user may not choose (e.g. a park of the county) keeps it.
  const regions = options.regions.some((r) => r.id === site.regionId) ? options.regions : [...options.regions, { id: site.regionId, name: (await regionNames([site.regionId]))[site.regionId] ?? "" }];
  return json({
    site: { id: site.id, name: site.name, version: site.version, heldByConfirmed: site.status === "SIGNED_OUT" || (site.status === "OCCUPIED" && site.holderProjectId !== null) },
    defaults: defaultsOf(site),
    regions,
    fixedRegion: options.fixedRegion && options.fixedRegion.id === site.regionId ? options.fixedRegion : null,
  });
}

const CONFLICT_FIELDS = [...SITE_FORM_FIELDS, "occupantName"] as const;

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { permission: "pipeline:write" });
  const siteId = params.siteId ?? "";
  // Scope first: another county's carrier is 404 whatever was posted.
  await getSiteForEdit(user, siteId);
  const submission = parseWithZod(await request.formData(), { schema: SiteEditSchema });
  if (submission.status !== "success") return json({ result: submission.reply(), conflict: null as SiteConflictView | null }, { status: 400 });
  const { version, ...value } = submission.value;
  try {
    const outcome = await updateSite(user, siteId, version, value, requestMeta(request));
    if (!outcome.ok) return json({ result: submission.reply({ fieldErrors: outcome.errors }), conflict: null }, { status: 400 });
  } catch (error) {
    if (!(error instanceof VersionConflict) || !error.current) throw error;
    // 409 (DESIGN §8): the other save's values beside this user's, which stay in the form.
    const current = error.current as SiteImage;
    const yours: Record<string, unknown> = { ...value, regionId: value.regionId || current.regionId };
    const names = await regionNames([current.regionId, String(yours.regionId)]);
    const text = (field: string, v: unknown) => (field === "regionId" ? (names[String(v)] ?? String(v ?? "")) : siteValueText(field, v ?? null));
    const diff = CONFLICT_FIELDS.flatMap((field) => {
      const theirs = text(field, (current as Record<string, unknown>)[field]);
      const mine = text(field, yours[field]);
      return theirs === mine ? [] : [{ field, label: siteFieldLabel(field), theirs, yours: mine }];
    });
    return json({ result: submission.reply({ formErrors: [t("common.conflictBody")] }), conflict: { version: current.version, diff } }, { status: 409 });
  }
  throw redirect(`/sites/${siteId}?notice=saved`);
}

export default function EditSitePage() {
  const { site, defaults, regions, fixedRegion } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="mx-auto max-w-3xl space-y-4">
      <nav className="text-sm" aria-label="breadcrumb">
        <Link to="/sites" className="text-blue-700 hover:underline">
          {t("sites.listTitle")}
        </Link>
        <span className="mx-1 text-gray-400">/</span>
        <Link to={`/sites/${site.id}`} className="text-blue-700 hover:underline">
          {site.name}
        </Link>
        <span className="mx-1 text-gray-400">/</span>
        <span>{t("sites.editTitle")}</span>
      </nav>
      <h1 className="text-xl font-semibold">
        {t("sites.editTitle")}：{site.name}
      </h1>
      <SiteForm
        mode="edit"
        lastResult={actionData?.result}
        defaultValue={defaults}
        regions={regions}
        fixedRegion={fixedRegion}
        version={site.version}
        conflict={actionData?.conflict ?? null}
        heldByConfirmed={site.heldByConfirmed}
        cancelTo={`/sites/${site.id}`}
      />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
