// /cockpit/chains — 产业链图谱 (issue 5 item 4): per chain, its links with the scope's companies,
// landed companies, 链主 and projects by stage; links with no landed company marked 补链 with the
// companies to target. Server-rendered HTML and CSS only (no chart library, DESIGN §8's
// JavaScript budget), printable; every number links to the list behind it (app/models/chain-map.server.ts).
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { FigureLink, type FigureView } from "#app/components/cockpit/figure-link";
import { GeneralErrorBoundary } from "#app/components/error-boundary";
import { EmptyState } from "#app/components/ui/list-controls";
import { canonicalHalf, stageLabelKey } from "#app/domain/stages";
import { shanghaiDay } from "#app/domain/workdays";
import { t } from "#app/i18n";
import { chainMap } from "#app/models/chain-map.server";
import { requireUser } from "#app/utils/auth.server";
import { now } from "#app/utils/clock";

export const meta: MetaFunction = () => [{ title: `${t("chainMap.title")} - ${t("common.appName")}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "cockpit:read" });
  const at = now();
  const map = await chainMap(user, { now: at });
  return json({
    asOf: shanghaiDay(at),
    scopeName: map.scopeName,
    stages: map.stages.map((stage) => ({ stage, label: t(stageLabelKey(stage)), half: canonicalHalf(stage) })),
    chains: map.chains.map((chain) => ({
      ...chain,
      links: chain.links.map((link) => ({
        ...link,
        targets: link.targets.map((target) => ({ ...target, stageLabel: target.stage ? t(stageLabelKey(target.stage)) : t("chainMap.noProject") })),
      })),
    })),
  });
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;
type ChainView = Data["chains"][number];
type LinkView = ChainView["links"][number];

/** One count of a link; `of` names the link for screen readers ("创意设计 企业 10"). */
function Count({ label, of, f, unit }: { label: string; of: string; f: FigureView; unit: string }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs text-gray-600">{label}</dt>
      <dd className="text-lg font-semibold">
        <FigureLink figure={f} label={`${of} ${label}`} />
        <span className="ml-0.5 text-xs font-normal text-gray-600">{unit}</span>
      </dd>
    </div>
  );
}

function StageCounts({ link, stages }: { link: LinkView; stages: Data["stages"] }) {
  const halves = [
    { half: "NEGOTIATION", title: t("chainMap.negotiationHalf") },
    { half: "LANDING", title: t("chainMap.landingHalf") },
  ] as const;
  return (
    <div className="mt-2 space-y-1 text-xs">
      {halves.map(({ half, title }) => (
        <div key={half}>
          <p className="text-gray-500">{title}</p>
          <ol className="grid grid-cols-5 gap-1">
            {link.stages
              .filter((s) => stages.find((d) => d.stage === s.stage)?.half === half)
              .map((s) => {
                const label = stages.find((d) => d.stage === s.stage)?.label ?? s.stage;
                return (
                  <li key={s.stage} className={`rounded border px-1 py-0.5 text-center ${s.count.value > 0 ? "border-blue-200 bg-blue-50 [print-color-adjust:exact]" : "border-gray-100 text-gray-400"}`} data-stage={s.stage}>
                    <span className="block truncate">{label}</span>
                    <FigureLink figure={s.count} label={`${link.name} ${label}`} className={s.count.value > 0 ? "font-semibold" : "text-gray-400"} />
                  </li>
                );
              })}
          </ol>
        </div>
      ))}
    </div>
  );
}

function LinkCard({ link, stages }: { link: LinkView; stages: Data["stages"] }) {
  return (
    <li
      className={`flex flex-col rounded-md border p-3 break-inside-avoid ${link.gap ? "border-red-300 bg-red-50/40 [print-color-adjust:exact]" : "border-gray-200"}`}
      data-testid="chain-link"
      data-link-id={link.id}
      data-gap={link.gap ? "1" : "0"}
    >
      <div className="flex items-start justify-between gap-2">
        <h3 className="font-medium">{link.name}</h3>
        {link.gap ? (
          <span className="shrink-0 rounded bg-red-600 px-1.5 py-0.5 text-xs font-semibold text-white [print-color-adjust:exact]" title={t("chainMap.gapHint")} data-testid="gap-badge">
            {t("chainMap.gap")}
          </span>
        ) : null}
      </div>
      <dl className="mt-2 grid grid-cols-4 gap-1">
        <Count label={t("chainMap.companies")} of={link.name} f={link.companies} unit={t("chainMap.unitFirms")} />
        <Count label={t("chainMap.landed")} of={link.name} f={link.landed} unit={t("chainMap.unitFirms")} />
        <Count label={t("chainMap.leaders")} of={link.name} f={link.leaders} unit={t("chainMap.unitFirms")} />
        <Count label={t("chainMap.projects")} of={link.name} f={link.projects} unit={t("chainMap.unitGe")} />
      </dl>
      {link.leaderNames.length > 0 ? (
        <ul className="mt-2 flex flex-wrap gap-1 text-xs" aria-label={t("chainMap.leaders")}>
          {link.leaderNames.map((leader) => (
            <li key={leader.id}>
              <Link
                to={`/companies/${leader.id}`}
                className="inline-block rounded border border-amber-400 bg-amber-100 px-1.5 py-0.5 font-medium text-amber-900 hover:underline [print-color-adjust:exact]"
                data-testid="chain-leader"
              >
                ★ {leader.name}
                {leader.landed ? <span className="ml-1 text-green-800">· {t("chainMap.leaderLanded")}</span> : null}
              </Link>
            </li>
          ))}
          {link.leaders.value > link.leaderNames.length ? <li className="self-center text-gray-600">{t("chainMap.leaderMore")}</li> : null}
        </ul>
      ) : null}
      <StageCounts link={link} stages={stages} />
      {link.gap ? (
        <div className="mt-2 border-t border-red-200 pt-2 text-sm" data-testid="gap-targets">
          <p className="text-xs text-red-800">{t("chainMap.gapHint")}</p>
          {link.targets.length === 0 ? (
            <p className="mt-1 text-xs text-gray-600">{t("chainMap.gapNoCompany")}</p>
          ) : (
            <>
              <p className="mt-1 text-xs font-medium text-gray-700">{t("chainMap.targetsTitle")}</p>
              <ul className="mt-1 space-y-0.5">
                {link.targets.map((target) => (
                  <li key={target.id} className="flex flex-wrap items-baseline justify-between gap-x-2" data-testid="gap-target">
                    <Link to={`/companies/${target.id}`} className={`hover:underline ${target.chainLeader ? "font-semibold text-amber-900" : "text-blue-800"}`}>
                      {target.chainLeader ? "★ " : ""}
                      {target.name}
                    </Link>
                    <span className="text-xs text-gray-600">
                      {target.regionName} · {target.stageLabel}
                    </span>
                  </li>
                ))}
              </ul>
              {link.targetTotal ? (
                <p className="mt-1 text-right text-xs">
                  <Link to={link.targetTotal.href} className="text-blue-700 hover:underline print:text-gray-900" data-figure="" data-list-total={link.targetTotal.listTotal} data-testid="gap-targets-more">
                    {t("chainMap.targetsMore", { count: link.targetTotal.value })}
                  </Link>
                </p>
              ) : null}
            </>
          )}
        </div>
      ) : null}
    </li>
  );
}

function ChainSection({ chain, stages }: { chain: ChainView; stages: Data["stages"] }) {
  const headingId = `chain-${chain.id}`;
  return (
    <section className="card break-inside-avoid-page" aria-labelledby={headingId} data-testid="chain" data-chain-id={chain.id}>
      <div className="mb-3 flex flex-wrap items-baseline justify-between gap-2">
        <h2 id={headingId} className="text-lg font-semibold">
          {chain.name}
          {chain.isTarget ? <span className="ml-2 rounded bg-red-50 px-1 text-xs font-normal text-red-700">{t("chainMap.targetBadge")}</span> : null}
        </h2>
        <p className="text-sm text-gray-700">
          {t("chainMap.chainCompanies")} <FigureLink figure={chain.companies} label={`${chain.name} ${t("chainMap.chainCompanies")}`} /> {t("chainMap.unitFirms")}
          {" · "}
          {t("chainMap.chainProjects")} <FigureLink figure={chain.projects} label={`${chain.name} ${t("chainMap.chainProjects")}`} /> {t("chainMap.unitGe")}
          {chain.gapCount > 0 ? <span className="ml-2 font-medium text-red-700">{t("chainMap.chainGaps", { count: chain.gapCount })}</span> : null}
        </p>
      </div>
      {chain.links.length === 0 ? (
        <p className="text-sm text-gray-600">{t("chainMap.noLinks")}</p>
      ) : (
        <ol className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3 2xl:grid-cols-5 print:grid-cols-3">
          {chain.links.map((link) => (
            <LinkCard key={link.id} link={link} stages={stages} />
          ))}
        </ol>
      )}
    </section>
  );
}

export default function ChainMapPage() {
  const data = useLoaderData<typeof loader>();
  return (
    <div className="space-y-4 print:space-y-3" data-testid="chain-map">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-xl font-semibold">{t("chainMap.title")}</h1>
          <p className="mt-1 text-sm text-gray-600">{t("chainMap.subtitle", { scope: data.scopeName, date: data.asOf })}</p>
          <p className="mt-1 max-w-4xl text-xs text-gray-600">{t("chainMap.intro")}</p>
          <p className="max-w-4xl text-xs text-gray-500">{t("chainMap.rulesNote")}</p>
        </div>
        <div className="no-print flex flex-wrap gap-2">
          <button type="button" className="btn-secondary" onClick={() => window.print()}>
            {t("chainMap.print")}
          </button>
          <Link to="/cockpit" className="btn-secondary">
            {t("chainMap.backToCockpit")}
          </Link>
        </div>
      </div>
      {data.chains.length === 0 ? (
        <div className="card">
          <EmptyState>{t("chainMap.empty")}</EmptyState>
        </div>
      ) : (
        data.chains.map((chain) => <ChainSection key={chain.id} chain={chain} stages={data.stages} />)
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
