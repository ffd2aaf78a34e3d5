import { parseWithZod } from "@conform-to/zod";
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation, useNavigation } from "@remix-run/react";
import { type ReactNode, useId } from "react";
import { GeneralErrorBoundary } from "#app/components/error-boundary";
import { ConfirmDialog } from "#app/components/ui/confirm-dialog";
import { t, type MessageKey } from "#app/i18n";
import {
  createChain,
  createLink,
  listChainsForAdmin,
  moveChain,
  moveLink,
  renameLink,
  setChainRetired,
  setLinkRetired,
  updateChain,
  type ChainOutcome,
} from "#app/models/chain.server";
import { ChainSchema, LinkSchema } from "#app/schemas/company";
import { requireUser } from "#app/utils/auth.server";
import { hasPermission } from "#app/utils/permissions.server";
import { requestMeta } from "#app/utils/request-meta.server";

export const meta: MetaFunction = () => [{ title: `${t("companies.chainsTitle")} - ${t("common.appName")}` }];

const NOTICES = {
  chainSaved: "companies.noticeChainSaved",
  linkSaved: "companies.noticeLinkSaved",
  order: "companies.noticeOrderSaved",
  retired: "companies.noticeRetired",
  reinstated: "companies.noticeReinstated",
} as const satisfies Record<string, MessageKey>;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "config:edit" });
  const notice = new URL(request.url).searchParams.get("notice") ?? "";
  const chains = await listChainsForAdmin();
  return json({
    canMerge: hasPermission(user, "pipeline:assign"),
    chains: chains.map((c) => ({ ...c, retired: c.deletedAt !== null, links: c.links.map((l) => ({ id: l.id, name: l.name, retired: l.deletedAt !== null })) })),
    notice: notice in NOTICES ? t(NOTICES[notice as keyof typeof NOTICES]) : null,
  });
}

type Failure = { intent: string; targetId: string; error: string; name: string };

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireUser(request, { permission: "config:edit" });
  const formData = await request.formData();
  const intent = String(formData.get("intent") ?? "");
  const id = String(formData.get("id") ?? "");
  const direction = formData.get("direction") === "up" ? "up" : "down";
  const meta = requestMeta(request);
  const done = (notice: keyof typeof NOTICES) => redirect(`/admin/chains?notice=${notice}`);
  const fail = (error: string) => json<Failure>({ intent, targetId: id, error, name: String(formData.get("name") ?? "") }, { status: 400 });
  const answer = (outcome: ChainOutcome, notice: keyof typeof NOTICES) => {
    if (outcome.ok) return done(notice);
    if (outcome.field === "id") throw new Response(t("common.notFoundBody"), { status: 404 });
    return fail(t(outcome.message));
  };
  const firstError = (errors: Record<string, string[] | null> | undefined) => Object.values(errors ?? {}).flat()[0] ?? t("common.badRequestTitle");

  switch (intent) {
    case "createChain":
    case "updateChain": {
      const submission = parseWithZod(formData, { schema: ChainSchema });
      if (submission.status !== "success") return fail(firstError(submission.error as Record<string, string[] | null>));
      const outcome = intent === "createChain" ? await createChain(actor, submission.value, meta) : await updateChain(actor, id, submission.value, meta);
      return answer(outcome, "chainSaved");
    }
    case "createLink":
    case "renameLink": {
      const submission = parseWithZod(formData, { schema: LinkSchema });
      if (submission.status !== "success") return fail(firstError(submission.error as Record<string, string[] | null>));
      const outcome = intent === "createLink" ? await createLink(actor, id, submission.value, meta) : await renameLink(actor, id, submission.value, meta);
      return answer(outcome, "linkSaved");
    }
    case "moveChain":
      await moveChain(actor, id, direction, meta);
      return done("order");
    case "moveLink":
      await moveLink(actor, id, direction, meta);
      return done("order");
    case "retireChain":
    case "reinstateChain":
      if (!(await setChainRetired(actor, id, intent === "retireChain", meta))) throw new Response(t("common.notFoundBody"), { status: 404 });
      return done(intent === "retireChain" ? "retired" : "reinstated");
    case "retireLink":
    case "reinstateLink":
      if (!(await setLinkRetired(actor, id, intent === "retireLink", meta))) throw new Response(t("common.notFoundBody"), { status: 404 });
      return done(intent === "retireLink" ? "retired" : "reinstated");
    default:
      throw new Response(t("common.badRequestTitle"), { status: 400 });
  }
}

type Chain = ReturnType<typeof useLoaderData<typeof loader>>["chains"][number];

function failureFor(failure: Failure | undefined, intent: string, targetId: string) {
  return failure && failure.intent === intent && failure.targetId === targetId ? failure : undefined;
}

/** A one-field form (name) with its error beneath; used for new and renamed entries. */
function NameForm({ intent, id, label, defaultName, failure, submitLabel, children }: { intent: string; id: string; label: string; defaultName: string; failure?: Failure; submitLabel: string; children?: ReactNode }) {
  const inputId = useId();
  const errorId = `${inputId}-error`;
  const busy = useNavigation().state === "submitting";
  return (
    <Form method="post" className="flex flex-wrap items-end gap-2">
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="id" value={id} />
      <div className="min-w-40 flex-1">
        <label htmlFor={inputId} className="label">
          {label}
        </label>
        <input
          id={inputId}
          name="name"
          className="input"
          required
          maxLength={30}
          defaultValue={failure?.name ?? defaultName}
          aria-invalid={failure ? true : undefined}
          aria-describedby={failure ? errorId : undefined}
        />
        {failure ? (
          <p id={errorId} className="field-error" role="alert">
            {failure.error}
          </p>
        ) : null}
      </div>
      {children}
      <button type="submit" className="btn-primary" disabled={busy}>
        {submitLabel}
      </button>
    </Form>
  );
}

function MoveButtons({ intent, id, name, first, last }: { intent: string; id: string; name: string; first: boolean; last: boolean }) {
  return (
    <span className="inline-flex gap-1">
      {(["up", "down"] as const).map((direction) => (
        <Form method="post" key={direction}>
          <input type="hidden" name="intent" value={intent} />
          <input type="hidden" name="id" value={id} />
          <input type="hidden" name="direction" value={direction} />
          <button
            type="submit"
            className="btn-secondary px-2"
            disabled={direction === "up" ? first : last}
            aria-label={t(direction === "up" ? "companies.moveUpNamed" : "companies.moveDownNamed", { name })}
            title={t(direction === "up" ? "companies.moveUp" : "companies.moveDown")}
          >
            {direction === "up" ? "↑" : "↓"}
          </button>
        </Form>
      ))}
    </span>
  );
}

function ChainCard({ chain, first, last, failure }: { chain: Chain; first: boolean; last: boolean; failure?: Failure }) {
  const liveLinks = chain.links.filter((l) => !l.retired);
  const retiredLinks = chain.links.filter((l) => l.retired);
  const renameFailure = failureFor(failure, "updateChain", chain.id);
  return (
    <section className="card space-y-3" aria-labelledby={`chain-${chain.id}`} data-testid="chain-card">
      <div className="flex flex-wrap items-center gap-2">
        <h2 id={`chain-${chain.id}`} className="text-base font-semibold">
          {chain.name}
        </h2>
        {chain.isTarget ? <span className="rounded bg-red-50 px-2 py-0.5 text-xs text-red-800">{t("companies.targetBadge")}</span> : null}
        <span className="text-xs text-gray-500">{t("companies.companiesUsing", { count: chain.companyCount })}</span>
        <span className="ml-auto flex flex-wrap items-center gap-2">
          <MoveButtons intent="moveChain" id={chain.id} name={chain.name} first={first} last={last} />
          <ConfirmDialog
            label={t("companies.retire")}
            title={t("companies.retire")}
            message={t("companies.retireChainConfirm", { name: chain.name })}
            intent="retireChain"
            tone="danger"
          >
            <input type="hidden" name="id" value={chain.id} />
          </ConfirmDialog>
        </span>
      </div>
      <details open={!!renameFailure}>
        <summary className="cursor-pointer text-sm text-blue-700">{t("companies.rename")}</summary>
        <div className="mt-2">
          <NameForm intent="updateChain" id={chain.id} label={t("companies.chainName")} defaultName={chain.name} failure={renameFailure} submitLabel={t("common.save")}>
            <label className="flex items-center gap-2 pb-2 text-sm">
              <input type="checkbox" name="isTarget" defaultChecked={chain.isTarget} />
              {t("companies.chainIsTarget")}
            </label>
          </NameForm>
        </div>
      </details>
      {liveLinks.length === 0 ? (
        <p className="text-sm text-gray-500">{t("companies.noLinks")}</p>
      ) : (
        <ol className="divide-y divide-gray-100 rounded border border-gray-100">
          {liveLinks.map((link, i) => {
            const linkFailure = failureFor(failure, "renameLink", link.id);
            return (
              <li key={link.id} className="space-y-2 px-3 py-2" data-testid="chain-link">
                <div className="flex flex-wrap items-center gap-2">
                  <span className="text-sm">{link.name}</span>
                  <span className="ml-auto flex flex-wrap items-center gap-2">
                    <MoveButtons intent="moveLink" id={link.id} name={link.name} first={i === 0} last={i === liveLinks.length - 1} />
                    <ConfirmDialog label={t("companies.retire")} title={t("companies.retire")} message={t("companies.retireLinkConfirm", { name: link.name })} intent="retireLink" tone="danger">
                      <input type="hidden" name="id" value={link.id} />
                    </ConfirmDialog>
                  </span>
                </div>
                <details open={!!linkFailure}>
                  <summary className="cursor-pointer text-xs text-blue-700">{t("companies.rename")}</summary>
                  <div className="mt-2">
                    <NameForm intent="renameLink" id={link.id} label={t("companies.linkName")} defaultName={link.name} failure={linkFailure} submitLabel={t("common.save")} />
                  </div>
                </details>
              </li>
            );
          })}
        </ol>
      )}
      {retiredLinks.length > 0 ? (
        <ul className="flex flex-wrap gap-2 text-sm">
          {retiredLinks.map((link) => (
            <li key={link.id} className="flex items-center gap-1 rounded border border-dashed border-gray-300 px-2 py-1 text-gray-500">
              <span className="line-through">{link.name}</span>
              <span className="text-xs">（{t("companies.retired")}）</span>
              <Form method="post">
                <input type="hidden" name="intent" value="reinstateLink" />
                <input type="hidden" name="id" value={link.id} />
                <button type="submit" className="text-blue-700 hover:underline">
                  {t("companies.reinstate")}
                </button>
              </Form>
            </li>
          ))}
        </ul>
      ) : null}
      <NameForm intent="createLink" id={chain.id} label={t("companies.addLink")} defaultName="" failure={failureFor(failure, "createLink", chain.id)} submitLabel={t("companies.addLink")} />
    </section>
  );
}

export default function ChainsAdminPage() {
  const { chains, notice, canMerge } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  // Each successful edit redirects to a new location: a fresh key empties the forms it used.
  const { key } = useLocation();
  const live = chains.filter((c) => !c.retired);
  const retired = chains.filter((c) => c.retired);
  return (
    <div key={key} className="mx-auto max-w-4xl space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-xl font-semibold">{t("companies.chainsTitle")}</h1>
          <p className="mt-1 text-sm text-gray-600">{t("companies.chainsIntro")}</p>
        </div>
        {/* Admins merge duplicate companies too (pipeline:assign) but have no company list. */}
        {canMerge ? (
          <Link to="/companies/merge" className="btn-secondary">
            {t("companies.mergeLink")}
          </Link>
        ) : null}
      </div>
      {notice ? (
        <p className="rounded-md bg-green-50 px-3 py-2 text-sm text-green-800" role="status" data-testid="notice">
          {notice}
        </p>
      ) : null}
      <section className="card" aria-label={t("companies.addChain")}>
        <NameForm intent="createChain" id="" label={t("companies.addChain")} defaultName="" failure={failureFor(failure, "createChain", "")} submitLabel={t("companies.addChain")}>
          <label className="flex items-center gap-2 pb-2 text-sm">
            <input type="checkbox" name="isTarget" defaultChecked />
            {t("companies.chainIsTarget")}
          </label>
        </NameForm>
      </section>
      {live.map((chain, i) => (
        <ChainCard key={chain.id} chain={chain} first={i === 0} last={i === live.length - 1} failure={failure} />
      ))}
      {retired.length > 0 ? (
        <section className="card space-y-2" aria-labelledby="retired-chains">
          <h2 id="retired-chains" className="font-medium">
            {t("companies.retiredSection")}
          </h2>
          <ul className="divide-y divide-gray-100">
            {retired.map((chain) => (
              <li key={chain.id} className="flex items-center gap-3 py-2 text-sm">
                <span className="text-gray-500 line-through">{chain.name}</span>
                <span className="text-xs text-gray-500">{t("companies.companiesUsing", { count: chain.companyCount })}</span>
                <Form method="post" className="ml-auto">
                  <input type="hidden" name="intent" value="reinstateChain" />
                  <input type="hidden" name="id" value={chain.id} />
                  <button type="submit" className="btn-secondary">
                    {t("companies.reinstate")}
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
