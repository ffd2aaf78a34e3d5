import { parseWithZod } from "@conform-to/zod";
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { GeneralErrorBoundary } from "#app/components/error-boundary";
import { ConfirmDialog } from "#app/components/ui/confirm-dialog";
import { EmptyState } from "#app/components/ui/list-controls";
import { fillFromDuplicate } from "#app/domain/company-fields";
import { parseCompanyTags, serializeCompanyTags } from "#app/domain/company-name";
import { t } from "#app/i18n";
import { getMergeCard, listDuplicateGroups, mergeCompanies, searchCompaniesForMerge, type MergeCard } from "#app/models/company.server";
import { MergeSchema } from "#app/schemas/company";
import { requireUser } from "#app/utils/auth.server";
import { sourceChannelLabel, tagLabels } from "#app/utils/company-display";
import { formatDateTime } from "#app/utils/datetime";
import { hasPermission } from "#app/utils/permissions.server";
import { requestMeta } from "#app/utils/request-meta.server";
import { VersionConflict } from "#app/utils/version-conflict.server";

export const meta: MetaFunction = () => [{ title: `${t("companies.mergeTitle")} - ${t("common.appName")}` }];

/** A company as the merge page lists it, every value as display text. */
function cardView(c: MergeCard) {
  return {
    id: c.id,
    name: c.name,
    version: c.version,
    uscc: c.uscc ?? "",
    chain: [c.chainName, c.linkName].filter(Boolean).join(" / "),
    tags: tagLabels(c.tags).join("、"),
    hq: [c.hqProvince, c.hqCity].filter(Boolean).join(" "),
    sourceChannel: sourceChannelLabel(c.sourceChannel),
    description: c.description ?? "",
    ownerRegionId: c.ownerRegionId,
    ownerRegionName: c.ownerRegionName,
    createdAt: formatDateTime(c.createdAt).slice(0, 10),
    projectCount: c.projectCount,
    contactCount: c.contactCount,
  };
}

/** The survivor as it will read after the merge: its own values, blanks filled from the duplicate. */
function mergedView(survivor: MergeCard, duplicate: MergeCard) {
  const patch = fillFromDuplicate({ ...survivor, tags: serializeCompanyTags(survivor.tags) }, { ...duplicate, tags: serializeCompanyTags(duplicate.tags) });
  const chainFromDuplicate = patch.chainId !== undefined;
  const linkFromDuplicate = patch.linkId !== undefined;
  return cardView({
    ...survivor,
    uscc: patch.uscc ?? survivor.uscc,
    hqProvince: patch.hqProvince ?? survivor.hqProvince,
    hqCity: patch.hqCity ?? survivor.hqCity,
    sourceChannel: patch.sourceChannel ?? survivor.sourceChannel,
    description: patch.description ?? survivor.description,
    chainName: chainFromDuplicate ? duplicate.chainName : survivor.chainName,
    linkName: linkFromDuplicate ? duplicate.linkName : survivor.linkName,
    tags: patch.tags ? parseCompanyTags(patch.tags) : survivor.tags,
    projectCount: survivor.projectCount + duplicate.projectCount,
    contactCount: survivor.contactCount + duplicate.contactCount,
  });
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "pipeline:assign" });
  const search = new URL(request.url).searchParams;
  const q = search.get("q")?.trim().slice(0, 64) ?? "";
  const survivorId = search.get("survivor") ?? "";
  const duplicateId = search.get("duplicate") ?? "";
  const [groups, results, survivor, duplicate] = await Promise.all([
    listDuplicateGroups(),
    searchCompaniesForMerge(q),
    survivorId ? getMergeCard(survivorId) : Promise.resolve(null),
    duplicateId ? getMergeCard(duplicateId) : Promise.resolve(null),
  ]);
  const preview =
    survivor && duplicate && survivor.id !== duplicate.id
      ? {
          survivor: cardView(survivor),
          duplicate: cardView(duplicate),
          merged: mergedView(survivor, duplicate),
          // 首报归属 defaults to whichever was registered first.
          defaultOwner: (duplicate.createdAt < survivor.createdAt ? duplicate : survivor).ownerRegionId,
          owners: [...new Map([survivor, duplicate].map((c) => [c.ownerRegionId, c.ownerRegionName])).entries()].map(([id, name]) => ({ id, name })),
        }
      : null;
  return json({
    q,
    groups: groups.map((g) => ({ key: g.normalizedName, companies: g.companies.map(cardView) })),
    results: results.map(cardView),
    preview,
    missing: (survivorId && !survivor) || (duplicateId && !duplicate) ? t("companies.mergeNotFound") : survivorId && survivorId === duplicateId ? t("companies.mergeSame") : null,
    notice: search.get("notice") === "merged" ? t("companies.noticeMerged") : null,
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { permission: "pipeline:assign" });
  const submission = parseWithZod(await request.formData(), { schema: MergeSchema });
  if (submission.status !== "success") {
    const first = Object.values(submission.error ?? {}).flat()[0];
    return json({ error: first ?? t("companies.mergeChooseBoth") }, { status: 400 });
  }
  try {
    const outcome = await mergeCompanies(user, submission.value, requestMeta(request));
    if (!outcome.ok) return json({ error: t(outcome.message, outcome.params) }, { status: 400 });
  } catch (error) {
    if (error instanceof VersionConflict) return json({ error: t("companies.mergeStale") }, { status: 409 });
    if (error instanceof Response && error.status === 404) return json({ error: t("companies.mergeNotFound") }, { status: 404 });
    throw error;
  }
  // Admins merge too, but read no company pages: they stay here.
  throw redirect(hasPermission(user, "pipeline:read") ? `/companies/${submission.value.survivorId}?notice=merged` : "/companies/merge?notice=merged");
}

type CardView = ReturnType<typeof cardView>;

const CARD_ROWS: [keyof CardView, Parameters<typeof t>[0]][] = [
  ["uscc", "companies.uscc"],
  ["chain", "companies.chain"],
  ["tags", "companies.tags"],
  ["hq", "companies.hq"],
  ["sourceChannel", "companies.sourceChannel"],
  ["ownerRegionName", "companies.ownerRegion"],
  ["createdAt", "companies.createdAt"],
  ["projectCount", "companies.projectCount"],
  ["contactCount", "companies.contactCount"],
  ["description", "companies.description"],
];

function CardTable({ title, card, tone }: { title: string; card: CardView; tone?: "keep" | "drop" | "result" }) {
  const border = tone === "drop" ? "border-red-200" : tone === "result" ? "border-green-300" : "border-gray-200";
  return (
    <div className={`rounded-lg border ${border} bg-white p-3`}>
      <p className="text-xs text-gray-500">{title}</p>
      <p className="font-medium break-words">{card.name}</p>
      <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
        {CARD_ROWS.map(([key, label]) => (
          <div key={key} className="contents">
            <dt className="text-gray-500">{t(label)}</dt>
            <dd className="break-words">{String(card[key] ?? "") || "—"}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

/** Links that put a company in one of the two slots, keeping the other and the search. */
function PickLinks({ id }: { id: string }) {
  const [params] = useSearchParams();
  const to = (slot: "survivor" | "duplicate") => {
    const next = new URLSearchParams(params);
    next.set(slot, id);
    next.delete("notice");
    return `?${next}`;
  };
  return (
    <span className="flex flex-wrap gap-2">
      <Link to={to("survivor")} className="btn-secondary px-2 py-0.5 text-xs">
        {t("companies.mergePickSurvivor")}
      </Link>
      <Link to={to("duplicate")} className="btn-secondary px-2 py-0.5 text-xs">
        {t("companies.mergePickDuplicate")}
      </Link>
    </span>
  );
}

function CandidateTable({ rows }: { rows: CardView[] }) {
  return (
    <div className="overflow-x-auto">
      <table className="data-table">
        <thead>
          <tr>
            <th scope="col">{t("companies.name")}</th>
            <th scope="col">{t("companies.uscc")}</th>
            <th scope="col">{t("companies.ownerRegion")}</th>
            <th scope="col">{t("companies.createdAt")}</th>
            <th scope="col">{t("companies.projectCount")}</th>
            <th scope="col">{t("common.actions")}</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-gray-100">
          {rows.map((c) => (
            <tr key={c.id}>
              <td>{c.name}</td>
              <td className="font-mono text-xs">{c.uscc || "—"}</td>
              <td className="whitespace-nowrap">{c.ownerRegionName}</td>
              <td className="whitespace-nowrap tabular-nums">{c.createdAt}</td>
              <td className="tabular-nums">{c.projectCount}</td>
              <td>
                <PickLinks id={c.id} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export default function MergePage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const preview = data.preview;
  return (
    <div className="mx-auto max-w-5xl space-y-4">
      <nav className="text-sm" aria-label="breadcrumb">
        <Link to="/companies" className="text-blue-700 hover:underline">
          {t("companies.listTitle")}
        </Link>
        <span className="mx-1 text-gray-400">/</span>
        <span>{t("companies.mergeTitle")}</span>
      </nav>
      <div>
        <h1 className="text-xl font-semibold">{t("companies.mergeTitle")}</h1>
        <p className="mt-1 text-sm text-gray-600">{t("companies.mergeIntro")}</p>
      </div>
      {data.notice ? (
        <p className="rounded-md bg-green-50 px-3 py-2 text-sm text-green-800" role="status" data-testid="notice">
          {data.notice}
        </p>
      ) : null}
      {actionData?.error || data.missing ? (
        <p className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700" role="alert" data-testid="merge-error">
          {actionData?.error ?? data.missing}
        </p>
      ) : null}

      {preview ? (
        <section className="card space-y-3" aria-labelledby="merge-preview">
          <h2 id="merge-preview" className="font-medium">
            {t("companies.mergePreview")}
          </h2>
          <div className="grid gap-3 md:grid-cols-3">
            <CardTable title={t("companies.mergeSurvivor")} card={preview.survivor} tone="keep" />
            <CardTable title={t("companies.mergeDuplicate")} card={preview.duplicate} tone="drop" />
            <CardTable title={t("companies.mergeResult")} card={preview.merged} tone="result" />
          </div>
          <ConfirmDialog
            label={t("companies.mergeConfirm")}
            title={t("companies.mergeConfirm")}
            message={t("companies.mergeConfirmBody", {
              survivor: preview.survivor.name,
              duplicate: preview.duplicate.name,
              projects: preview.duplicate.projectCount,
              contacts: preview.duplicate.contactCount,
            })}
            intent="merge"
            tone="danger"
            confirmLabel={t("companies.mergeConfirm")}
          >
            <input type="hidden" name="survivorId" value={preview.survivor.id} />
            <input type="hidden" name="survivorVersion" value={preview.survivor.version} />
            <input type="hidden" name="duplicateId" value={preview.duplicate.id} />
            <input type="hidden" name="duplicateVersion" value={preview.duplicate.version} />
            <div>
              <label htmlFor="merge-owner" className="label">
                {t("companies.mergeOwner")}
              </label>
              <select id="merge-owner" name="ownerRegionId" className="input" defaultValue={preview.defaultOwner}>
                {preview.owners.map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.name}
                  </option>
                ))}
              </select>
              <p className="mt-1 text-xs text-gray-500">{t("companies.mergeOwnerHint")}</p>
            </div>
          </ConfirmDialog>
        </section>
      ) : null}

      <section className="card space-y-3" aria-labelledby="merge-groups">
        <h2 id="merge-groups" className="font-medium">
          {t("companies.mergeCandidates")}
        </h2>
        {data.groups.length === 0 ? (
          <EmptyState>{t("companies.mergeNoCandidates")}</EmptyState>
        ) : (
          data.groups.map((g) => <CandidateTable key={g.key} rows={g.companies} />)
        )}
      </section>

      <section className="card space-y-3" aria-labelledby="merge-search">
        <h2 id="merge-search" className="font-medium">
          {t("companies.mergeSearch")}
        </h2>
        <Form method="get" className="flex flex-wrap items-end gap-2" role="search">
          <div className="min-w-48 flex-1">
            <label htmlFor="merge-q" className="label">
              {t("companies.mergeSearchHint")}
            </label>
            <input id="merge-q" name="q" type="search" className="input" defaultValue={data.q} />
          </div>
          {params.get("survivor") ? <input type="hidden" name="survivor" value={params.get("survivor") ?? ""} /> : null}
          {params.get("duplicate") ? <input type="hidden" name="duplicate" value={params.get("duplicate") ?? ""} /> : null}
          <button type="submit" className="btn-primary">
            {t("common.search")}
          </button>
        </Form>
        {data.q ? data.results.length ? <CandidateTable rows={data.results} /> : <EmptyState /> : null}
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
