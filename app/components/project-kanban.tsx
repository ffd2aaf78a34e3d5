// 看板: one column per stage. Moving a card (drag and drop, or the "移至…" button and its stage
// list for keyboard and touch users) posts to the project's stage-move action, which applies the
// ladder's rules; when the move needs more (签约 needs its date, amount and contract type; going
// back needs a reason), the server names the fields and a dialog asks for exactly those, then
// resubmits.
import { Link, useFetcher, useRevalidator } from "@remix-run/react";
import { useEffect, useId, useRef, useState, type DragEvent, type FormEvent } from "react";
import { STAGE_FIELD_KINDS, fieldLabelKey, stageLabelKey, type StageCode, type StageField } from "#app/domain/stages";
import { type WarningLevel } from "#app/domain/warnings";
import { t } from "#app/i18n";
import { type Option } from "./project-filters";
import { PlainLink } from "./ui/plain-link";
import { WarningDot } from "./warning-dot";

export type KanbanCardView = {
  id: string;
  code: string;
  name: string;
  version: number;
  stage: string;
  regionName: string;
  amount: string;
  isKey: boolean;
  warning: WarningLevel;
  daysInStage: number;
};

export type KanbanColumnView = { stage: StageCode; total: number; cards: KanbanCardView[]; listQuery: string };

export type KanbanDialogOptions = {
  chains: Option[];
  leaders: Option[];
  officers: Option[];
  contractTypes: Option[];
  natures: Option[];
};

type MoveAnswer = { ok: true } | { errors: Record<string, string[]> } | { errors: Record<string, string[]>; conflict: { message?: string } };

type Move = { card: KanbanCardView; to: StageCode };

const DRAG_TYPE = "application/x-project-id";

function isStageField(field: string): field is StageField {
  return field in STAGE_FIELD_KINDS;
}

/** Fields the dialog can ask for; other errors (the move itself refused) are only shown. */
function isAskable(field: string): field is StageField | "reason" {
  return field === "reason" || isStageField(field);
}

export function ProjectKanban({
  columns,
  canWrite,
  moveTargets,
  options,
}: {
  columns: KanbanColumnView[];
  canWrite: boolean;
  /** Stages a card may be sent to with "移至…" (the columns plus 终止). */
  moveTargets: StageCode[];
  options: KanbanDialogOptions;
}) {
  const fetcher = useFetcher<MoveAnswer>({ key: "kanban-move" });
  const revalidator = useRevalidator();
  const [move, setMove] = useState<Move | null>(null);
  const [askFor, setAskFor] = useState<Record<string, string[]> | null>(null);
  // Every field the dialog has asked for during this move: a later refusal may name fewer
  // (those now filled are fine), but their inputs stay so what was typed is sent again.
  const [asked, setAsked] = useState<string[]>([]);
  // The first refusal of a move only names what to ask for; messages show once the dialog's
  // own submission was refused too.
  const [fromDialog, setFromDialog] = useState(false);
  const [message, setMessage] = useState<{ tone: "ok" | "error"; text: string } | null>(null);
  const [dropTarget, setDropTarget] = useState<StageCode | null>(null);
  const cards = new Map(columns.flatMap((c) => c.cards.map((card) => [card.id, card] as const)));

  function submit(next: Move, extra?: FormData) {
    const form = extra ?? new FormData();
    setFromDialog(!!extra);
    form.set("to", next.to);
    form.set("version", String(next.card.version));
    setMove(next);
    setMessage(null);
    fetcher.submit(form, { method: "post", action: `/projects/${next.card.id}/stage` });
  }

  function start(card: KanbanCardView, to: StageCode) {
    if (!canWrite || card.stage === to) return;
    setAskFor(null);
    setAsked([]);
    submit({ card, to });
  }

  // React to the server's answer once per answer.
  const handled = useRef<unknown>(null);
  useEffect(() => {
    const answer = fetcher.data;
    if (fetcher.state !== "idle" || !answer || handled.current === answer || !move) return;
    handled.current = answer;
    if ("ok" in answer && answer.ok) {
      setAskFor(null);
      setMessage({ tone: "ok", text: t("lists.kanbanMoved", { name: move.card.name, stage: t(stageLabelKey(move.to)) }) });
      setMove(null);
    } else if ("conflict" in answer) {
      // 409: someone moved or edited the project meanwhile; show the board as it is now.
      setAskFor(null);
      const serverMessage = answer.errors.version?.[0];
      setMessage({ tone: "error", text: serverMessage ? `${serverMessage}${t("lists.kanbanRefreshed")}` : t("lists.kanbanConflict") });
      setMove(null);
      revalidator.revalidate();
    } else if ("errors" in answer) {
      setAskFor(answer.errors);
      setAsked((previous) => [...new Set([...previous, ...Object.keys(answer.errors).filter(isAskable)])]);
    } else {
      setAskFor(null);
      setMessage({ tone: "error", text: t("lists.kanbanFailed") });
      setMove(null);
    }
  }, [fetcher.state, fetcher.data, move, revalidator]);

  const busyId = fetcher.state !== "idle" ? move?.card.id : undefined;

  function onDrop(event: DragEvent, stage: StageCode) {
    event.preventDefault();
    setDropTarget(null);
    const card = cards.get(event.dataTransfer.getData(DRAG_TYPE));
    if (card) start(card, stage);
  }

  return (
    <div className="space-y-3">
      <p className="no-print text-sm text-gray-600">{canWrite ? t("lists.kanbanHint") : t("lists.kanbanReadOnly")}</p>
      <div aria-live="polite" className="min-h-6 text-sm">
        {busyId ? <span className="text-gray-600">{t("lists.kanbanMoving")}</span> : null}
        {message && !busyId ? (
          <span className={message.tone === "ok" ? "text-green-700" : "text-red-700"} role={message.tone === "error" ? "alert" : undefined}>
            {message.text}
          </span>
        ) : null}
      </div>
      <div className="flex gap-3 overflow-x-auto pb-4" role="list" aria-label={t("lists.kanbanCaption")} data-testid="kanban">
        {columns.map((column) => (
          <section
            key={column.stage}
            role="listitem"
            aria-labelledby={`kanban-col-${column.stage}`}
            data-stage={column.stage}
            className={`flex w-64 shrink-0 flex-col rounded-lg border bg-gray-100 ${dropTarget === column.stage ? "border-blue-500 ring-2 ring-blue-300" : "border-gray-200"}`}
            onDragOver={
              canWrite
                ? (event) => {
                    if (!event.dataTransfer.types.includes(DRAG_TYPE)) return;
                    event.preventDefault();
                    event.dataTransfer.dropEffect = "move";
                    setDropTarget(column.stage);
                  }
                : undefined
            }
            onDragLeave={() => setDropTarget((current) => (current === column.stage ? null : current))}
            onDrop={canWrite ? (event) => onDrop(event, column.stage) : undefined}
          >
            <h2 id={`kanban-col-${column.stage}`} className="flex items-center justify-between px-3 py-2 text-sm font-semibold text-gray-800">
              <span>{t(stageLabelKey(column.stage))}</span>
              <span className="rounded-full bg-white px-2 text-xs font-normal text-gray-600">{t("lists.kanbanColumnCount", { count: column.total })}</span>
            </h2>
            <ul className="flex flex-1 flex-col gap-2 px-2 pb-2">
              {column.cards.length === 0 ? <li className="px-1 py-4 text-center text-xs text-gray-500">{t("lists.kanbanEmpty")}</li> : null}
              {column.cards.map((card) => (
                <KanbanCard key={card.id} card={card} canWrite={canWrite} busy={busyId === card.id} targets={moveTargets} onMove={(to) => start(card, to)} />
              ))}
            </ul>
            {column.total > column.cards.length ? (
              <Link to={`/projects?${column.listQuery}`} className="block border-t border-gray-200 px-3 py-2 text-center text-sm text-blue-700 hover:underline">
                {t("lists.kanbanShowAll", { count: column.total })}
              </Link>
            ) : null}
          </section>
        ))}
      </div>
      {move && askFor ? (
        <RequiredFieldsDialog
          move={move}
          errors={askFor}
          fields={asked}
          showMessages={fromDialog}
          options={options}
          busy={fetcher.state !== "idle"}
          onCancel={() => {
            setAskFor(null);
            setMove(null);
          }}
          onSubmit={(form) => submit(move, form)}
        />
      ) : null}
    </div>
  );
}

function KanbanCard({ card, canWrite, busy, targets, onMove }: { card: KanbanCardView; canWrite: boolean; busy: boolean; targets: StageCode[]; onMove: (to: StageCode) => void }) {
  const selectId = useId();
  // The stage list is drawn for the card being moved only: a board of 500 cards, each with its
  // own 12-option list, was 780 KB of HTML and 30 ms to render (docs/benchmarks.md).
  const [choosing, setChoosing] = useState(false);
  return (
    <li
      className={`rounded-md border border-gray-200 bg-white p-2 text-sm shadow-sm ${busy ? "opacity-50" : ""} ${canWrite ? "cursor-grab active:cursor-grabbing" : ""}`}
      draggable={canWrite}
      onDragStart={(event) => {
        event.dataTransfer.setData(DRAG_TYPE, card.id);
        event.dataTransfer.setData("text/plain", card.code);
        event.dataTransfer.effectAllowed = "move";
      }}
      data-testid="kanban-card"
      data-project-id={card.id}
    >
      <div className="flex items-start gap-2">
        <WarningDot level={card.warning} className="mt-1" />
        <div className="min-w-0 flex-1">
          <PlainLink to={`/projects/${card.id}`} className="block font-medium text-blue-800 hover:underline">
            {card.name}
          </PlainLink>
          <p className="font-mono text-xs text-gray-500">{card.code}</p>
          <p className="mt-1 flex flex-wrap gap-x-2 text-xs text-gray-600">
            <span>{card.regionName}</span>
            <span className="tabular-nums">{card.amount}</span>
            {card.isKey ? <span className="rounded bg-red-50 px-1 text-red-700">{t("lists.keyBadge")}</span> : null}
          </p>
        </div>
      </div>
      {canWrite ? (
        <div className="no-print mt-2">
          {choosing ? (
            <>
              <label htmlFor={selectId} className="sr-only">
                {t("lists.kanbanMoveLabel", { name: card.name })}
              </label>
              <select
                id={selectId}
                className="input py-0.5 text-xs"
                value=""
                disabled={busy}
                // Opened by the button below: the keyboard goes straight on into the list.
                autoFocus
                onBlur={() => setChoosing(false)}
                onKeyDown={(event) => {
                  if (event.key === "Escape") setChoosing(false);
                }}
                onChange={(event) => {
                  const to = event.target.value as StageCode;
                  setChoosing(false);
                  if (to) onMove(to);
                }}
              >
                <option value="">{t("lists.kanbanMoveTo")}</option>
                {targets
                  .filter((stage) => stage !== card.stage)
                  .map((stage) => (
                    <option key={stage} value={stage}>
                      {t(stageLabelKey(stage))}
                    </option>
                  ))}
              </select>
            </>
          ) : (
            <button
              type="button"
              className="rounded border border-gray-300 px-2 py-0.5 text-xs text-gray-700 hover:bg-gray-50 disabled:opacity-50"
              disabled={busy}
              aria-label={t("lists.kanbanMoveLabel", { name: card.name })}
              onClick={() => setChoosing(true)}
            >
              {t("lists.kanbanMoveTo")}
            </button>
          )}
        </div>
      ) : null}
    </li>
  );
}

function fieldOptions(field: StageField, options: KanbanDialogOptions): Option[] | null {
  switch (field) {
    case "contractType":
      return options.contractTypes;
    case "nature":
      return options.natures;
    case "chainId":
      return options.chains;
    case "leadLeaderId":
      return options.leaders;
    case "officerId":
      return options.officers;
    default:
      return null;
  }
}

/** Asks for exactly the fields the server said the move lacks, with its messages beneath. */
function RequiredFieldsDialog({
  move,
  errors,
  fields,
  showMessages,
  options,
  busy,
  onCancel,
  onSubmit,
}: {
  move: Move;
  errors: Record<string, string[]>;
  fields: string[];
  showMessages: boolean;
  options: KanbanDialogOptions;
  busy: boolean;
  onCancel: () => void;
  onSubmit: (form: FormData) => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const askable = fields.filter(isAskable);
  // Errors the dialog cannot fix by asking (the move itself refused, the version …).
  const general = Object.entries(errors)
    .filter(([field]) => !isAskable(field))
    .flatMap(([, messages]) => messages);

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    onSubmit(new FormData(event.currentTarget));
  }

  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      className="m-auto w-full max-w-md rounded-lg p-0 shadow-xl backdrop:bg-black/40"
      onCancel={onCancel}
      data-testid="kanban-dialog"
    >
      <form method="post" className="space-y-4 p-5" onSubmit={handleSubmit} noValidate>
        <h2 id={titleId} className="text-lg font-semibold">
          {t("lists.kanbanDialogTitle", { name: move.card.name, stage: t(stageLabelKey(move.to)) })}
        </h2>
        {general.length > 0 ? (
          <p className="field-error" role="alert">
            {general.join("；")}
          </p>
        ) : null}
        {askable.length > 0 ? <p className="text-sm text-gray-700">{t("lists.kanbanDialogIntro")}</p> : null}
        {askable.map((field, i) => (
          <DialogField key={field} field={field} messages={showMessages ? (errors[field] ?? []) : []} options={options} autoFocus={i === 0} />
        ))}
        <div className="flex justify-end gap-2">
          <button type="button" className="btn-secondary" onClick={onCancel}>
            {t("common.cancel")}
          </button>
          {askable.length > 0 ? (
            <button type="submit" className="btn-primary" disabled={busy}>
              {busy ? t("common.saving") : t("lists.kanbanDialogSubmit")}
            </button>
          ) : null}
        </div>
      </form>
    </dialog>
  );
}

function DialogField({ field, messages, options, autoFocus }: { field: StageField | "reason"; messages: string[]; options: KanbanDialogOptions; autoFocus: boolean }) {
  const id = useId();
  const errorId = `${id}-error`;
  const invalid = messages.length > 0;
  const common = {
    id,
    name: field,
    autoFocus,
    required: true,
    "aria-invalid": invalid ? (true as const) : undefined,
    "aria-describedby": invalid ? errorId : undefined,
  };
  const choices = field === "reason" ? null : fieldOptions(field, options);
  const kind = field === "reason" ? "reason" : STAGE_FIELD_KINDS[field];
  return (
    <div>
      <label htmlFor={id} className="label">
        {t(fieldLabelKey(field))}
      </label>
      {kind === "reason" ? (
        <textarea {...common} className="input" rows={3} maxLength={500} />
      ) : choices ? (
        <select {...common} className="input" defaultValue="">
          <option value="">{t("lists.kanbanChoose")}</option>
          {choices.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      ) : kind === "date" ? (
        <input {...common} className="input" type="date" />
      ) : kind === "number" ? (
        <input {...common} className="input" type="number" step="any" min={0} inputMode="decimal" />
      ) : (
        <input {...common} className="input" type="text" maxLength={200} />
      )}
      {invalid ? (
        <p id={errorId} className="field-error" role="alert">
          {messages.join("；")}
        </p>
      ) : null}
    </div>
  );
}
