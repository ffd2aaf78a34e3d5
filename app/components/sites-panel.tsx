// The project's 选址 panel (DESIGN §4 SiteCandidate, §7.4): its needs, its candidate carriers with
// their status (推荐 → 踏勘 → 意向 → 确定 / 放弃), fit against the needs, reservation by other
// projects and 踏勘 visits, and the carriers suggested for it. Data from loadSitesForProject();
// every form posts to /projects/:id/sites through its own fetcher, so the page it sits in (the
// project page's 选址 tab or /projects/:id/sites) is revalidated and nothing typed elsewhere is
// lost. 确定, 放弃 and offers of a carrier held elsewhere ask in a dialog first.
import { Link, useFetcher } from "@remix-run/react";
import { useEffect, useId, useRef, type ReactNode } from "react";
import { EIA_CATEGORIES, SITE_KINDS } from "#app/domain/site-reservation";
import { t } from "#app/i18n";
import {
  eiaLabel,
  siteKindLabel,
  type CandidateView,
  type MoveOptionView,
  type ReservationView,
  type SiteSelectionAnswer,
  type SitesPanelData,
  type SiteSummaryView,
  type SuggestionView,
  type FitView,
} from "#app/utils/site-display";

export function sitesAction(projectId: string) {
  return `/projects/${projectId}/sites`;
}

type Props = {
  data: SitesPanelData;
  /** The action's answer when a form was posted without script (the standalone page). */
  pageAnswer?: SiteSelectionAnswer | null;
};

/** One fetcher for every offer of the panel: its answer outlives the suggestion it came from. */
function proposeKey(projectId: string) {
  return `site-propose-${projectId}`;
}
function moveKey(candidateId: string) {
  return `site-move-${candidateId}`;
}

export function SitesPanel({ data, pageAnswer }: Props) {
  const { project } = data;
  const proposed = useFetcher<SiteSelectionAnswer>({ key: proposeKey(project.id) }).data;
  return (
    <div className="space-y-4" data-testid="sites-panel">
      {pageAnswer ? <AnswerNote answer={pageAnswer} /> : null}
      {proposed?.ok ? <AnswerNote answer={proposed} /> : null}
      <p className="rounded-md border border-gray-200 bg-gray-50 px-3 py-2 text-sm" data-testid="project-site">
        {project.siteName ? t("sites.projectSiteIs", { name: project.siteName }) : t("sites.projectSiteNone")}
      </p>
      <NeedsCard data={data} />
      <section aria-labelledby="candidates-title" className="space-y-3">
        <h2 id="candidates-title" className="font-medium">
          {t("sites.candidatesTitle")}
        </h2>
        {data.candidates.length === 0 ? <p className="card text-sm text-gray-500">{t("sites.candidatesEmpty")}</p> : null}
        {data.candidates.map((c) => (
          <CandidateCard key={c.id} projectId={project.id} candidate={c} canWrite={data.canWrite} today={data.today} />
        ))}
      </section>
      <section aria-labelledby="suggestions-title" className="space-y-3">
        <h2 id="suggestions-title" className="font-medium">
          {t("sites.suggestionsTitle")}
        </h2>
        <p className="text-sm text-gray-600">{t("sites.suggestionsIntro")}</p>
        {data.suggestions.length === 0 ? <p className="card text-sm text-gray-500">{t("sites.suggestionsEmpty")}</p> : null}
        <ul className="grid gap-2 md:grid-cols-2">
          {data.suggestions.map((s) => (
            <SuggestionItem key={s.site.id} projectId={project.id} suggestion={s} canWrite={data.canWrite} />
          ))}
        </ul>
        {data.others.length ? (
          <details className="card">
            <summary className="min-h-11 cursor-pointer py-2 text-sm font-medium">{t("sites.othersTitle", { count: data.others.length })}</summary>
            <ul className="mt-2 grid gap-2 md:grid-cols-2">
              {data.others.map((s) => (
                <SuggestionItem key={s.site.id} projectId={project.id} suggestion={s} canWrite={data.canWrite} />
              ))}
            </ul>
          </details>
        ) : null}
      </section>
    </div>
  );
}

// ───────────────────────────── pieces ─────────────────────────────

function AnswerNote({ answer }: { answer: SiteSelectionAnswer }) {
  if (answer.ok) {
    return (
      <div className="space-y-1" data-testid="site-answer">
        {answer.notice ? (
          <p className="rounded-md bg-green-50 px-3 py-2 text-sm text-green-800" role="status">
            {answer.notice}
          </p>
        ) : null}
        {answer.warning ? (
          <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900" role="status">
            {answer.warning}
          </p>
        ) : null}
      </div>
    );
  }
  const lines = [answer.formError, ...Object.entries(answer.fieldErrors ?? {}).filter(([k]) => k !== "").flatMap(([, v]) => v)].filter(Boolean);
  return lines.length ? (
    <p className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700" role="alert" data-testid="site-answer">
      {lines.join("；")}
    </p>
  ) : null;
}

function FieldError({ id, errors }: { id: string; errors?: string[] }) {
  return errors?.length ? (
    <p id={id} className="field-error" role="alert">
      {errors.join("；")}
    </p>
  ) : null;
}

function SiteFacts({ site }: { site: SiteSummaryView }) {
  return (
    <p className="flex flex-wrap gap-x-3 gap-y-0.5 text-xs text-gray-600">
      <span>{site.kindLabel}</span>
      <span>{site.regionName}</span>
      <span>{site.area}</span>
      <span>{t("sites.powerShort", { value: site.power })}</span>
      <span>{t("sites.eiaShort", { value: site.eia })}</span>
    </p>
  );
}

function SiteName({ site }: { site: SiteSummaryView }) {
  return site.inScope && !site.deleted ? (
    <Link to={`/sites/${site.id}`} className="font-medium text-blue-700 hover:underline">
      {site.name}
    </Link>
  ) : (
    <span className="font-medium">
      {site.name}
      {site.deleted ? <span className="ml-1 text-xs text-gray-500">（{t("sites.siteDeleted")}）</span> : null}
    </span>
  );
}

function ReservationNote({ reservation }: { reservation: ReservationView }) {
  if (reservation.level === "NONE") return null;
  const names = reservation.holders.map((h) => `${h.code} ${h.name}`);
  if (reservation.heldByOthers) names.push(t("sites.heldByOther"));
  return (
    <p className={`rounded px-2 py-1 text-xs ${reservation.level === "SIGNED" ? "bg-red-50 text-red-800" : "bg-amber-50 text-amber-900"}`} data-testid="reservation" data-level={reservation.level}>
      {reservation.text}：{names.join("、")}
    </p>
  );
}

function FitNote({ fit }: { fit: FitView }) {
  return (
    <div className="text-xs" data-testid="fit" data-fits={fit.fits ? "1" : "0"}>
      {fit.fits && fit.checked ? <p className="text-green-800">{t("sites.fitOk")}</p> : null}
      {fit.misfits.length ? (
        <ul className="list-inside list-disc text-red-700">
          {fit.misfits.map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
      ) : null}
      {fit.unknown ? <p className="text-gray-500">{fit.unknown}</p> : null}
    </div>
  );
}

const STATUS_STYLE: Record<string, string> = {
  RECOMMENDED: "bg-gray-100 text-gray-800",
  VISITED: "bg-blue-50 text-blue-800",
  INTENDED: "bg-amber-100 text-amber-900",
  CONFIRMED: "bg-green-700 text-white",
  ABANDONED: "bg-gray-50 text-gray-500 line-through",
};

// ───────────────────────────── needs ─────────────────────────────

function NeedsCard({ data }: { data: SitesPanelData }) {
  const fetcher = useFetcher<SiteSelectionAnswer>({ key: `site-needs-${data.project.id}` });
  const answer = fetcher.data;
  const errors = answer && !answer.ok ? (answer.fieldErrors ?? {}) : {};
  const busy = fetcher.state !== "idle";
  const needs = data.needs;
  const id = useId();
  return (
    <section className="card space-y-3" aria-labelledby={`${id}-title`} data-testid="site-needs">
      <h2 id={`${id}-title`} className="font-medium">
        {t("sites.needsTitle")}
      </h2>
      {needs.summary.length ? (
        <ul className="flex flex-wrap gap-1.5 text-sm">
          {needs.summary.map((line) => (
            <li key={line} className="rounded-full border border-gray-200 px-2 py-0.5">
              {line}
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-sm text-gray-500">{t("sites.needsEmpty")}</p>
      )}
      {needs.notes ? <p className="text-sm whitespace-pre-line text-gray-700">{needs.notes}</p> : null}
      {answer ? <AnswerNote answer={answer} /> : null}
      {data.canWrite ? (
        <details open={!!answer && !answer.ok}>
          <summary className="btn-secondary min-h-11 cursor-pointer list-none">{t("sites.needsEdit")}</summary>
          <fetcher.Form method="post" action={sitesAction(data.project.id)} className="mt-3 space-y-3" key={`needs-${needs.version}`}>
            <input type="hidden" name="intent" value="saveNeeds" />
            <input type="hidden" name="version" value={needs.version} />
            <div className="grid gap-3 sm:grid-cols-3">
              <NumberInput name="landMu" label={t("sites.needLandLabel")} defaultValue={needs.landMu} errors={errors.landMu} />
              <NumberInput name="floorSqm" label={t("sites.needFloorLabel")} defaultValue={needs.floorSqm} errors={errors.floorSqm} />
              <NumberInput name="powerKva" label={t("sites.needPowerLabel")} defaultValue={needs.powerKva} errors={errors.powerKva} />
            </div>
            <div>
              <label htmlFor={`${id}-eia`} className="label">
                {t("sites.needEiaLabel")}
              </label>
              <select id={`${id}-eia`} name="eiaCategory" className="input" defaultValue={needs.eiaCategory ?? ""}>
                <option value="">{t("sites.eiaAny")}</option>
                {EIA_CATEGORIES.map((c) => (
                  <option key={c} value={c}>
                    {eiaLabel(c)}
                  </option>
                ))}
              </select>
              <FieldError id={`${id}-eia-error`} errors={errors.eiaCategory} />
            </div>
            <fieldset>
              <legend className="label">{t("sites.needKindsLabel")}</legend>
              <div className="flex flex-wrap gap-x-4 gap-y-1">
                {SITE_KINDS.map((k) => (
                  <label key={k} className="flex min-h-9 items-center gap-2 text-sm">
                    <input type="checkbox" name="siteKinds" value={k} defaultChecked={needs.siteKinds.includes(k)} />
                    {siteKindLabel(k)}
                  </label>
                ))}
              </div>
              <p className="mt-1 text-xs text-gray-500">{t("sites.needKindsHint")}</p>
            </fieldset>
            <fieldset>
              <legend className="label">{t("sites.needRegionsLabel")}</legend>
              <div className="grid grid-cols-2 gap-x-4 gap-y-1 sm:grid-cols-4">
                {data.regions.map((r) => (
                  <label key={r.id} className="flex min-h-9 items-center gap-2 text-sm">
                    <input type="checkbox" name="regionIds" value={r.id} defaultChecked={needs.regionIds.includes(r.id)} />
                    {r.name}
                  </label>
                ))}
              </div>
              <p className="mt-1 text-xs text-gray-500">{t("sites.needRegionsHint")}</p>
              <FieldError id={`${id}-regions-error`} errors={errors.regionIds} />
            </fieldset>
            <div>
              <label htmlFor={`${id}-notes`} className="label">
                {t("sites.needNotesLabel")}
              </label>
              <textarea id={`${id}-notes`} name="notes" rows={2} className="input" defaultValue={needs.notes ?? ""} maxLength={1000} />
            </div>
            <button type="submit" className="btn-primary min-h-11" disabled={busy}>
              {busy ? t("common.saving") : t("common.save")}
            </button>
          </fetcher.Form>
        </details>
      ) : null}
    </section>
  );
}

function NumberInput({ name, label, defaultValue, errors }: { name: string; label: string; defaultValue: number | null; errors?: string[] }) {
  const id = useId();
  return (
    <div>
      <label htmlFor={id} className="label">
        {label}
      </label>
      <input
        id={id}
        name={name}
        type="number"
        inputMode="decimal"
        min={0}
        step="any"
        className="input"
        defaultValue={defaultValue ?? ""}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={errors?.length ? `${id}-error` : undefined}
      />
      <FieldError id={`${id}-error`} errors={errors} />
    </div>
  );
}

// ───────────────────────────── candidates ─────────────────────────────

function CandidateCard({ projectId, candidate: c, canWrite, today }: { projectId: string; candidate: CandidateView; canWrite: boolean; today: string }) {
  const moved = useFetcher<SiteSelectionAnswer>({ key: moveKey(c.id) }).data;
  return (
    <article className={`card space-y-2 ${c.open ? "" : "opacity-75"}`} data-testid="candidate" data-status={c.status} data-site={c.site.id}>
      <header className="flex flex-wrap items-center gap-2">
        <SiteName site={c.site} />
        <span className={`rounded px-1.5 py-0.5 text-xs font-medium ${STATUS_STYLE[c.status] ?? ""}`} data-testid="candidate-status">
          {c.statusLabel}
        </span>
        <span className="text-xs text-gray-500">{t("sites.statusSince", { date: c.statusAt })}</span>
      </header>
      <SiteFacts site={c.site} />
      {c.open ? <ReservationNote reservation={c.reservation} /> : null}
      <FitNote fit={c.fit} />
      {c.overrideReason ? <p className="text-xs text-gray-700">{t("sites.overrideReasonLine", { reason: c.overrideReason })}</p> : null}
      {c.statusReason ? <p className="text-xs text-gray-700">{t("sites.statusReasonLine", { reason: c.statusReason })}</p> : null}
      {c.proposedBy ? <p className="text-xs text-gray-500">{t("sites.proposedByLine", { name: c.proposedBy })}</p> : null}
      {moved?.ok ? <AnswerNote answer={moved} /> : null}
      {canWrite && c.moves.length ? (
        <div className="flex flex-wrap gap-2" role="group" aria-label={t("sites.movesLabel")}>
          {c.moves.map((m) => (
            <MoveDialog key={m.to} projectId={projectId} candidate={c} move={m} />
          ))}
        </div>
      ) : null}
      {c.visits.length ? (
        <div>
          <h3 className="text-sm font-medium">{t("sites.visitsTitle")}</h3>
          <ol className="mt-1 space-y-1.5" data-testid="visits">
            {c.visits.map((v) => (
              <li key={v.id} className="border-l-2 border-blue-200 pl-2 text-sm">
                <p className="text-xs text-gray-500">
                  {v.visitedAt} · {v.participants}
                  {v.author ? ` · ${t("sites.visitAuthor", { name: v.author })}` : ""}
                </p>
                {v.impressions ? <p className="break-words whitespace-pre-line">{v.impressions}</p> : null}
              </li>
            ))}
          </ol>
        </div>
      ) : null}
      {canWrite && c.open ? <VisitForm projectId={projectId} candidate={c} today={today} /> : null}
    </article>
  );
}

/** A dialog that asks before a move and takes the reason the rules ask for. */
function MoveDialog({ projectId, candidate, move }: { projectId: string; candidate: CandidateView; move: MoveOptionView }) {
  const fetcher = useFetcher<SiteSelectionAnswer>({ key: moveKey(candidate.id) });
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  // The candidate's dialogs share one fetcher; this one shows only answers to its own move.
  const answer = fetcher.data && fetcher.data.move === move.to ? fetcher.data : undefined;
  const busy = fetcher.state !== "idle";
  useEffect(() => {
    if (fetcher.state === "idle" && answer?.ok) ref.current?.close();
  }, [fetcher.state, answer]);
  const buttonClass = move.tone === "danger" ? "btn-danger" : move.tone === "primary" ? "btn-primary" : "btn-secondary";
  const errors = answer && !answer.ok ? answer.fieldErrors ?? {} : {};
  return (
    <>
      <button
        type="button"
        className={`${buttonClass} min-h-11`}
        disabled={!!move.refused}
        title={move.refused ?? undefined}
        onClick={() => ref.current?.showModal()}
        data-testid={`move-${move.to}`}
      >
        {move.label}
      </button>
      {move.refused ? <span className="self-center text-xs text-gray-500">{move.refused}</span> : null}
      <dialog ref={ref} aria-labelledby={`${id}-title`} className="m-auto w-full max-w-md rounded-lg p-0 shadow-xl backdrop:bg-black/40">
        <fetcher.Form method="post" action={sitesAction(projectId)} className="space-y-4 p-5">
          <h2 id={`${id}-title`} className="text-lg font-semibold">
            {move.label}：{candidate.site.name}
          </h2>
          <p className="text-sm text-gray-700">{move.confirmText}</p>
          {move.reasonHint ? <p className="rounded bg-amber-50 px-2 py-1 text-sm text-amber-900">{move.reasonHint}</p> : null}
          <input type="hidden" name="intent" value="move" />
          <input type="hidden" name="candidateId" value={candidate.id} />
          <input type="hidden" name="to" value={move.to} />
          <input type="hidden" name="version" value={candidate.version} />
          <div>
            <label htmlFor={`${id}-reason`} className="label">
              {move.needsReason ? t("sites.reasonRequiredLabel") : t("sites.reasonOptionalLabel")}
            </label>
            <textarea
              id={`${id}-reason`}
              name="reason"
              rows={3}
              className="input"
              required={move.needsReason}
              maxLength={500}
              aria-invalid={errors.reason?.length ? true : undefined}
              aria-describedby={errors.reason?.length ? `${id}-reason-error` : undefined}
            />
            <FieldError id={`${id}-reason-error`} errors={errors.reason} />
          </div>
          {answer && !answer.ok ? <AnswerNote answer={{ ...answer, fieldErrors: { ...errors, reason: [] } }} /> : null}
          <div className="flex justify-end gap-2">
            <button type="button" className="btn-secondary min-h-11" onClick={() => ref.current?.close()}>
              {t("common.cancel")}
            </button>
            <button type="submit" className={`${move.tone === "danger" ? "btn-danger" : "btn-primary"} min-h-11`} disabled={busy}>
              {busy ? t("common.saving") : t("common.confirm")}
            </button>
          </div>
        </fetcher.Form>
      </dialog>
    </>
  );
}

function VisitForm({ projectId, candidate, today }: { projectId: string; candidate: CandidateView; today: string }) {
  const fetcher = useFetcher<SiteSelectionAnswer>({ key: `site-visit-${candidate.id}` });
  const answer = fetcher.data;
  const errors = answer && !answer.ok ? (answer.fieldErrors ?? {}) : {};
  const busy = fetcher.state !== "idle";
  const id = useId();
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (fetcher.state === "idle" && answer?.ok) formRef.current?.reset();
  }, [fetcher.state, answer]);
  return (
    <details open={!!answer && !answer.ok}>
      <summary className="min-h-11 cursor-pointer py-2 text-sm font-medium text-blue-700">{t("sites.visitLog")}</summary>
      <fetcher.Form ref={formRef} method="post" action={sitesAction(projectId)} className="space-y-3">
        <input type="hidden" name="intent" value="visit" />
        <input type="hidden" name="candidateId" value={candidate.id} />
        <div className="grid gap-3 sm:grid-cols-[10rem_1fr]">
          <div>
            <label htmlFor={`${id}-date`} className="label">
              {t("sites.visitDate")}
            </label>
            <input id={`${id}-date`} name="visitedAt" type="date" className="input" defaultValue={today} max={today} required aria-describedby={errors.visitedAt?.length ? `${id}-date-error` : undefined} />
            <FieldError id={`${id}-date-error`} errors={errors.visitedAt} />
          </div>
          <div>
            <label htmlFor={`${id}-who`} className="label">
              {t("sites.visitParticipants")}
            </label>
            <input id={`${id}-who`} name="participants" type="text" className="input" required maxLength={200} placeholder={t("sites.visitParticipantsHint")} aria-describedby={errors.participants?.length ? `${id}-who-error` : undefined} />
            <FieldError id={`${id}-who-error`} errors={errors.participants} />
          </div>
        </div>
        <div>
          <label htmlFor={`${id}-impressions`} className="label">
            {t("sites.visitImpressions")}
          </label>
          <textarea id={`${id}-impressions`} name="impressions" rows={3} className="input" maxLength={2000} />
        </div>
        {answer && !answer.ok && answer.formError ? <AnswerNote answer={{ ...answer, fieldErrors: {} }} /> : null}
        <button type="submit" className="btn-primary min-h-11" disabled={busy}>
          {busy ? t("common.saving") : t("sites.visitSave")}
        </button>
      </fetcher.Form>
      {answer?.ok ? <AnswerNote answer={answer} /> : null}
    </details>
  );
}

// ───────────────────────────── suggestions ─────────────────────────────

function SuggestionItem({ projectId, suggestion: s, canWrite }: { projectId: string; suggestion: SuggestionView; canWrite: boolean }) {
  return (
    <li className="card space-y-1.5" data-testid="suggestion" data-site={s.site.id} data-level={s.reservation.level}>
      <div className="flex flex-wrap items-center gap-2">
        <SiteName site={s.site} />
        <span className="rounded bg-gray-100 px-1.5 py-0.5 text-xs">{s.site.statusLabel}</span>
      </div>
      <SiteFacts site={s.site} />
      <ReservationNote reservation={s.reservation} />
      <FitNote fit={s.fit} />
      {canWrite ? <ProposeControl projectId={projectId} suggestion={s} /> : null}
    </li>
  );
}

/** 推荐: at once for a free carrier; through a dialog asking the reason for one held elsewhere. */
function ProposeControl({ projectId, suggestion: s }: { projectId: string; suggestion: SuggestionView }) {
  const fetcher = useFetcher<SiteSelectionAnswer>({ key: proposeKey(projectId) });
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  const answer = fetcher.data && fetcher.data.target === s.site.id ? fetcher.data : undefined;
  const busy = fetcher.state !== "idle";
  const held = s.reservation.level !== "NONE";
  useEffect(() => {
    if (fetcher.state === "idle" && answer?.ok) ref.current?.close();
  }, [fetcher.state, answer]);
  const errors = answer && !answer.ok ? (answer.fieldErrors ?? {}) : {};
  const hidden = (
    <>
      <input type="hidden" name="intent" value="propose" />
      <input type="hidden" name="siteId" value={s.site.id} />
    </>
  );
  let control: ReactNode;
  if (!held) {
    control = (
      <fetcher.Form method="post" action={sitesAction(projectId)}>
        {hidden}
        <button type="submit" className="btn-secondary min-h-11" disabled={busy} data-testid="propose">
          {t("sites.propose")}
        </button>
      </fetcher.Form>
    );
  } else {
    control = (
      <>
        <button type="button" className="btn-secondary min-h-11" onClick={() => ref.current?.showModal()} data-testid="propose">
          {t("sites.proposeHeld")}
        </button>
        <dialog ref={ref} aria-labelledby={`${id}-title`} className="m-auto w-full max-w-md rounded-lg p-0 shadow-xl backdrop:bg-black/40">
          <fetcher.Form method="post" action={sitesAction(projectId)} className="space-y-4 p-5">
            <h2 id={`${id}-title`} className="text-lg font-semibold">
              {t("sites.proposeHeldTitle", { name: s.site.name })}
            </h2>
            <ReservationNote reservation={s.reservation} />
            <p className="text-sm text-gray-700">{t("sites.proposeHeldBody")}</p>
            {hidden}
            <div>
              <label htmlFor={`${id}-reason`} className="label">
                {t("sites.reasonRequiredLabel")}
              </label>
              <textarea id={`${id}-reason`} name="reason" rows={3} className="input" required maxLength={500} aria-describedby={errors.reason?.length ? `${id}-reason-error` : undefined} />
              <FieldError id={`${id}-reason-error`} errors={errors.reason} />
            </div>
            {answer && !answer.ok && answer.formError ? <AnswerNote answer={{ ...answer, fieldErrors: {} }} /> : null}
            <div className="flex justify-end gap-2">
              <button type="button" className="btn-secondary min-h-11" onClick={() => ref.current?.close()}>
                {t("common.cancel")}
              </button>
              <button type="submit" className="btn-primary min-h-11" disabled={busy}>
                {busy ? t("common.saving") : t("sites.propose")}
              </button>
            </div>
          </fetcher.Form>
        </dialog>
      </>
    );
  }
  return (
    <div className="space-y-1">
      {control}
      {answer && !answer.ok && !held ? <AnswerNote answer={answer} /> : null}
    </div>
  );
}
