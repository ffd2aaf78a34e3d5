import { getFormProps, getInputProps, getTextareaProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation, useNavigation } from "@remix-run/react";
import { ConflictNotice, type CompanyConflictView } from "#app/components/company-form";
import { GeneralErrorBoundary } from "#app/components/error-boundary";
import { ConfirmDialog } from "#app/components/ui/confirm-dialog";
import { EmptyState } from "#app/components/ui/list-controls";
import { Field } from "#app/components/ui/field";
import { formatNumber } from "#app/domain/money";
import { hasMessage, t, type MessageKey } from "#app/i18n";
import {
  changesSince,
  companyHistory,
  contactCompanyId,
  createContact,
  deleteCompany,
  deleteContact,
  getCompanyForUser,
  listCompanyProjects,
  listContacts,
  restoreCompany,
  updateContact,
} from "#app/models/company.server";
import { ContactEditSchema, ContactSchema } from "#app/schemas/company";
import { requireUser } from "#app/utils/auth.server";
import { companyFieldLabel, companyValueText, sourceChannelLabel, tagLabels } from "#app/utils/company-display";
import { formatDateTime } from "#app/utils/datetime";
import { hasPermission, notFound } from "#app/utils/permissions.server";
import { requestMeta } from "#app/utils/request-meta.server";
import { VersionConflict } from "#app/utils/version-conflict.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.company.name ?? t("companies.listTitle")} - ${t("common.appName")}` }];

const TABS = ["projects", "contacts", "changes"] as const;
type Tab = (typeof TABS)[number];
const TAB_LABEL: Record<Tab, MessageKey> = { projects: "companies.tabProjects", contacts: "companies.tabContacts", changes: "companies.tabChanges" };

const NOTICES = {
  created: "companies.noticeCreated",
  saved: "companies.noticeSaved",
  deleted: "companies.noticeDeleted",
  restored: "companies.noticeRestored",
  merged: "companies.noticeMerged",
  contactAdded: "companies.noticeContactAdded",
  contactSaved: "companies.noticeContactSaved",
  contactDeleted: "companies.noticeContactDeleted",
} as const satisfies Record<string, MessageKey>;

/** A code's label from the dictionary, or the code itself when there is none. */
function label(key: string, fallback: string) {
  return hasMessage(key) ? t(key) : fallback;
}

function stageLabel(stage: string) {
  return label(`pipeline.stage_${stage}`, stage);
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "pipeline:read" });
  const companyId = params.companyId ?? "";
  const view = await getCompanyForUser(user, companyId);
  if (!view) throw notFound();
  const search = new URL(request.url).searchParams;
  const notice = search.get("notice") ?? "";
  const noticeText = notice in NOTICES ? t(NOTICES[notice as keyof typeof NOTICES]) : null;
  const card = {
    id: view.company.id,
    name: view.company.name,
    chainName: view.company.chainName,
    linkName: view.company.linkName,
    tags: tagLabels(view.company.tags),
    ownerRegionName: view.company.ownerRegionName,
  };
  if (view.access === "public") {
    return json({ company: card, notice: noticeText, full: null });
  }
  const c = view.company;
  const tabParam = search.get("tab");
  const deleted = c.deletedAt !== null;
  // A deleted company (in the 回收站) shows only its history.
  const tab: Tab = deleted ? "changes" : (TABS as readonly string[]).includes(tabParam ?? "") ? (tabParam as Tab) : "projects";
  const [projects, contacts, history] = await Promise.all([
    tab === "projects" && !deleted ? listCompanyProjects(user, c.id) : Promise.resolve([]),
    tab === "contacts" && !deleted ? listContacts(user, c.id) : Promise.resolve([]),
    tab === "changes" ? companyHistory(user, c.id) : Promise.resolve([]),
  ]);
  return json({
    company: card,
    notice: noticeText,
    full: {
      tab,
      canWrite: hasPermission(user, "pipeline:write"),
      details: {
        uscc: c.uscc,
        hq: [c.hqProvince, c.hqCity].filter(Boolean).join(" "),
        sourceChannel: sourceChannelLabel(c.sourceChannel),
        description: c.description,
        createdByName: c.createdByName,
        createdAt: formatDateTime(c.createdAt),
        updatedAt: formatDateTime(c.updatedAt),
        deleted,
        deletedAt: c.deletedAt ? formatDateTime(c.deletedAt) : null,
        version: c.version,
      },
      projects: projects.map((p) => ({ ...p, stage: stageLabel(p.stage), plannedInvestment: formatNumber(p.plannedInvestment, 3), updatedAt: formatDateTime(p.updatedAt) })),
      contacts,
      history: history.map((h) => ({
        id: h.id,
        at: formatDateTime(h.at),
        actorName: h.actorName ?? "",
        what: `${label(`companies.entity_${h.entity}`, h.entity)}${h.subject ? `“${h.subject}”` : ""}`,
        action: label(`companies.action_${h.action}`, h.action),
        note: h.detail?.startsWith("mergedFrom=") ? t("companies.mergedFrom") : h.detail?.startsWith("mergedInto=") ? t("companies.mergedInto") : null,
        changes: h.changes.map((ch) => ({ field: companyFieldLabel(ch.field), from: companyValueText(ch.field, ch.from), to: companyValueText(ch.field, ch.to) })),
      })),
    },
  });
}

type ContactConflict = CompanyConflictView;

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { permission: "pipeline:write" });
  const companyId = params.companyId ?? "";
  const formData = await request.formData();
  const intent = String(formData.get("intent") ?? "");
  const meta = requestMeta(request);
  const back = (notice: keyof typeof NOTICES, tab?: Tab) => redirect(`/companies/${companyId}?${tab ? `tab=${tab}&` : ""}notice=${notice}`);
  const versionOf = () => Number.parseInt(String(formData.get("version") ?? ""), 10);
  /** A contact named in the form must belong to this company (and be in scope): else 404. */
  const contactOfThisCompany = async () => {
    const contactId = String(formData.get("contactId") ?? "");
    if ((await contactCompanyId(user, contactId)) !== companyId) throw notFound();
    return contactId;
  };
  const conflictOf = async (entity: "Company" | "Contact", id: string, version: number, error: VersionConflict): Promise<ContactConflict> => {
    const report = await changesSince(entity, id, version, error.current);
    return { ...report, changedAt: report.changedAt ? formatDateTime(report.changedAt) : null };
  };

  switch (intent) {
    case "addContact": {
      const submission = parseWithZod(formData, { schema: ContactSchema });
      if (submission.status !== "success") return json({ intent, contactId: "", result: submission.reply(), conflict: null, error: null }, { status: 400 });
      await createContact(user, companyId, submission.value, meta);
      throw back("contactAdded", "contacts");
    }
    case "editContact": {
      const contactId = await contactOfThisCompany();
      const submission = parseWithZod(formData, { schema: ContactEditSchema });
      if (submission.status !== "success") return json({ intent, contactId, result: submission.reply(), conflict: null, error: null }, { status: 400 });
      const { version, contactId: _id, ...input } = submission.value;
      try {
        await updateContact(user, contactId, version, input, meta);
      } catch (error) {
        if (!(error instanceof VersionConflict)) throw error;
        const conflict = await conflictOf("Contact", contactId, version, error);
        return json({ intent, contactId, result: submission.reply({ formErrors: [t("common.conflictBody")] }), conflict, error: null }, { status: 409 });
      }
      throw back("contactSaved", "contacts");
    }
    case "deleteContact": {
      const contactId = await contactOfThisCompany();
      try {
        await deleteContact(user, contactId, versionOf(), meta);
      } catch (error) {
        if (!(error instanceof VersionConflict)) throw error;
        return json({ intent, contactId, result: null, conflict: await conflictOf("Contact", contactId, versionOf(), error), error: null }, { status: 409 });
      }
      throw back("contactDeleted", "contacts");
    }
    case "deleteCompany": {
      try {
        const outcome = await deleteCompany(user, companyId, versionOf(), meta);
        if (!outcome.ok) return json({ intent, contactId: "", result: null, conflict: null, error: t(outcome.message, outcome.params) }, { status: 400 });
      } catch (error) {
        if (!(error instanceof VersionConflict)) throw error;
        return json({ intent, contactId: "", result: null, conflict: await conflictOf("Company", companyId, versionOf(), error), error: null }, { status: 409 });
      }
      throw back("deleted");
    }
    case "restoreCompany": {
      const outcome = await restoreCompany(user, companyId, meta);
      if (!outcome.ok) return json({ intent, contactId: "", result: null, conflict: null, error: t(outcome.message, outcome.params) }, { status: 400 });
      throw back("restored");
    }
    default:
      throw new Response(t("common.badRequestTitle"), { status: 400 });
  }
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;
type ActionData = ReturnType<typeof useActionData<typeof action>>;
type FullData = NonNullable<LoaderData["full"]>;
type ContactRow = FullData["contacts"][number];

function ContactForm({ contact, actionData }: { contact?: ContactRow; actionData: ActionData }) {
  const intent = contact ? "editContact" : "addContact";
  const mine = actionData && actionData.intent === intent && actionData.contactId === (contact?.id ?? "") ? actionData : undefined;
  const schema = contact ? ContactEditSchema : ContactSchema;
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useForm({
    id: `contact-${contact?.id ?? "new"}`,
    lastResult: (mine?.result ?? undefined) as SubmissionResult<string[]> | undefined,
    defaultValue: contact ? { name: contact.name, title: contact.title ?? "", phone: contact.phone ?? "", email: contact.email ?? "", notes: contact.notes ?? "" } : undefined,
    constraint: getZodConstraint(schema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  return (
    <Form method="post" className="space-y-3" {...getFormProps(form)}>
      <input type="hidden" name="intent" value={intent} />
      {contact ? (
        <>
          <input type="hidden" name="contactId" value={contact.id} />
          <input type="hidden" name="version" value={mine?.conflict?.version ?? contact.version} />
        </>
      ) : null}
      {mine?.conflict ? <ConflictNotice conflict={mine.conflict} /> : null}
      <div className="grid gap-3 sm:grid-cols-2">
        <Field label={t("companies.contactName")} errors={fields.name.errors} inputProps={{ ...getInputProps(fields.name, { type: "text" }), autoComplete: "off" }} />
        <Field label={t("companies.contactTitle")} errors={fields.title.errors} inputProps={getInputProps(fields.title, { type: "text" })} />
        <Field label={t("companies.contactPhone")} errors={fields.phone.errors} inputProps={{ ...getInputProps(fields.phone, { type: "tel" }), autoComplete: "off" }} />
        <Field label={t("companies.contactEmail")} errors={fields.email.errors} inputProps={{ ...getInputProps(fields.email, { type: "email" }), autoComplete: "off" }} />
      </div>
      <div>
        <label htmlFor={fields.notes.id} className="label">
          {t("companies.contactNotes")}
        </label>
        <textarea {...getTextareaProps(fields.notes)} rows={2} className="input" />
        {fields.notes.errors?.length ? (
          <p className="field-error" role="alert">
            {fields.notes.errors.join("；")}
          </p>
        ) : null}
      </div>
      <button type="submit" className="btn-primary" disabled={busy}>
        {contact ? t("companies.saveContact") : t("companies.addContact")}
      </button>
    </Form>
  );
}

function ContactsTab({ contacts, canWrite, actionData }: { contacts: ContactRow[]; canWrite: boolean; actionData: ActionData }) {
  const deleteConflict = actionData?.intent === "deleteContact" ? actionData : undefined;
  return (
    <div className="space-y-4">
      {deleteConflict?.conflict ? <ConflictNotice conflict={deleteConflict.conflict} /> : null}
      {contacts.length === 0 ? (
        <EmptyState>{t("companies.noContacts")}</EmptyState>
      ) : (
        <ul className="divide-y divide-gray-100" aria-label={t("companies.contactsCaption")} data-testid="contacts">
          {contacts.map((c) => {
            const editing = actionData?.intent === "editContact" && actionData.contactId === c.id;
            return (
              <li key={c.id} className="space-y-2 py-3">
                <div className="flex flex-wrap items-baseline gap-x-4 gap-y-1 text-sm">
                  <span className="font-medium">{c.name}</span>
                  {c.title ? <span className="text-gray-600">{c.title}</span> : null}
                  {c.phone ? (
                    <a href={`tel:${c.phone.replace(/[^0-9+]/g, "")}`} className="text-blue-700 tabular-nums hover:underline">
                      {c.phone}
                    </a>
                  ) : null}
                  {c.email ? (
                    <a href={`mailto:${c.email}`} className="text-blue-700 hover:underline">
                      {c.email}
                    </a>
                  ) : null}
                  {canWrite ? (
                    <span className="ml-auto">
                      <ConfirmDialog label={t("companies.deleteContact")} title={t("companies.deleteContact")} message={t("companies.deleteContactConfirm", { name: c.name })} intent="deleteContact" tone="danger">
                        <input type="hidden" name="contactId" value={c.id} />
                        <input type="hidden" name="version" value={c.version} />
                      </ConfirmDialog>
                    </span>
                  ) : null}
                </div>
                {c.notes ? <p className="text-sm whitespace-pre-line text-gray-600">{c.notes}</p> : null}
                {canWrite ? (
                  <details open={editing}>
                    <summary className="cursor-pointer text-sm text-blue-700">{t("companies.editContact")}</summary>
                    <div className="mt-2 rounded border border-gray-100 p-3">
                      <ContactForm contact={c} actionData={actionData} />
                    </div>
                  </details>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
      {canWrite ? (
        <section className="rounded border border-gray-200 p-3" aria-labelledby="add-contact">
          <h3 id="add-contact" className="mb-2 font-medium">
            {t("companies.addContact")}
          </h3>
          <ContactForm actionData={actionData} />
        </section>
      ) : null}
    </div>
  );
}

function ProjectsTab({ projects, companyId, canWrite }: { projects: FullData["projects"]; companyId: string; canWrite: boolean }) {
  return (
    <div className="space-y-3">
      {canWrite ? (
        <Link to={`/projects/new?companyId=${companyId}`} className="btn-secondary">
          {t("companies.newProject")}
        </Link>
      ) : null}
      {projects.length === 0 ? (
        <EmptyState>{t("companies.noProjects")}</EmptyState>
      ) : (
        <div className="overflow-x-auto">
          <table className="data-table" data-testid="company-projects">
            <thead>
              <tr>
                <th scope="col">{t("companies.projectCode")}</th>
                <th scope="col">{t("companies.projectName")}</th>
                <th scope="col">{t("companies.projectStage")}</th>
                <th scope="col">{t("companies.projectRegion")}</th>
                <th scope="col" className="text-right">
                  {t("companies.projectAmount")}
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-gray-100">
              {projects.map((p) => (
                <tr key={p.id}>
                  <td className="font-mono whitespace-nowrap">{p.code}</td>
                  <td>
                    <Link to={`/projects/${p.id}`} className="text-blue-700 hover:underline">
                      {p.name}
                    </Link>
                  </td>
                  <td className="whitespace-nowrap">{p.stage}</td>
                  <td className="whitespace-nowrap">{p.regionName}</td>
                  <td className="text-right tabular-nums">{p.plannedInvestment}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

function ChangesTab({ history }: { history: FullData["history"] }) {
  if (history.length === 0) return <EmptyState>{t("companies.noChanges")}</EmptyState>;
  return (
    <div className="overflow-x-auto">
      <table className="data-table" data-testid="change-log">
        <thead>
          <tr>
            <th scope="col">{t("companies.changeAt")}</th>
            <th scope="col">{t("companies.changeBy")}</th>
            <th scope="col">{t("companies.changeAction")}</th>
            <th scope="col">{t("companies.changeDetail")}</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-gray-100">
          {history.map((h) => (
            <tr key={h.id}>
              <td className="whitespace-nowrap tabular-nums">{h.at}</td>
              <td className="whitespace-nowrap">{h.actorName}</td>
              <td className="whitespace-nowrap">
                {h.action} · {h.what}
              </td>
              <td>
                {h.note ? <p className="text-gray-600">{h.note}</p> : null}
                {h.changes.length ? (
                  <ul className="space-y-0.5">
                    {h.changes.map((ch) => (
                      <li key={ch.field}>
                        <span className="text-gray-500">{ch.field}：</span>
                        <span className="text-gray-500 line-through">{ch.from}</span> → <span>{ch.to}</span>
                      </li>
                    ))}
                  </ul>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export default function CompanyPage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { company, full } = data;
  // A saved contact redirects to a new location: a fresh key empties the add form.
  const { key } = useLocation();
  const details = full?.details;
  const companyError = actionData && (actionData.intent === "deleteCompany" || actionData.intent === "restoreCompany") ? actionData : undefined;

  return (
    <div className="mx-auto max-w-5xl space-y-4">
      <nav className="text-sm" aria-label="breadcrumb">
        <Link to="/companies" className="text-blue-700 hover:underline">
          {t("companies.listTitle")}
        </Link>
        <span className="mx-1 text-gray-400">/</span>
        <span>{company.name}</span>
      </nav>
      {data.notice ? (
        <p className="rounded-md bg-green-50 px-3 py-2 text-sm text-green-800" role="status" data-testid="notice">
          {data.notice}
        </p>
      ) : null}
      {details?.deleted ? (
        <p className="rounded-md bg-gray-100 px-3 py-2 text-sm text-gray-800" role="status" data-testid="deleted-banner">
          {t("companies.deletedBanner")}
          {details.deletedAt ? `（${t("common.deletedAt")}：${details.deletedAt}）` : null}
        </p>
      ) : null}
      {companyError?.error ? (
        <p className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700" role="alert" data-testid="action-error">
          {companyError.error}
        </p>
      ) : null}
      {companyError?.conflict ? <ConflictNotice conflict={companyError.conflict} /> : null}

      <section className="card space-y-3" aria-labelledby="company-name">
        <div className="flex flex-wrap items-start gap-3">
          <div className="min-w-0 flex-1">
            <h1 id="company-name" className="text-xl font-semibold break-words">
              {company.name}
            </h1>
            <div className="mt-1 flex flex-wrap gap-1">
              {company.tags.map((tag) => (
                <span key={tag} className="rounded bg-red-50 px-2 py-0.5 text-xs text-red-800">
                  {tag}
                </span>
              ))}
            </div>
          </div>
          {full?.canWrite ? (
            <div className="flex flex-wrap gap-2">
              {details?.deleted ? (
                <ConfirmDialog label={t("companies.restoreCompany")} title={t("companies.restoreCompany")} message={t("companies.restoreCompanyConfirm", { name: company.name })} intent="restoreCompany" />
              ) : (
                <>
                  <Link to={`/companies/${company.id}/edit`} className="btn-primary">
                    {t("common.edit")}
                  </Link>
                  <ConfirmDialog label={t("companies.deleteCompany")} title={t("companies.deleteCompany")} message={t("companies.deleteCompanyConfirm", { name: company.name })} intent="deleteCompany" tone="danger">
                    <input type="hidden" name="version" value={details?.version} />
                  </ConfirmDialog>
                </>
              )}
            </div>
          ) : null}
        </div>
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm sm:grid-cols-[auto_1fr_auto_1fr]">
          <dt className="text-gray-500">{t("companies.chain")}</dt>
          <dd>{company.chainName ?? t("companies.notSet")}</dd>
          <dt className="text-gray-500">{t("companies.link")}</dt>
          <dd>{company.linkName ?? t("companies.notSet")}</dd>
          <dt className="text-gray-500">{t("companies.ownerRegion")}</dt>
          <dd data-testid="owner-region">{company.ownerRegionName}</dd>
          {details ? (
            <>
              <dt className="text-gray-500">{t("companies.uscc")}</dt>
              <dd className="font-mono" data-testid="uscc">
                {details.uscc ?? t("companies.notSet")}
              </dd>
              <dt className="text-gray-500">{t("companies.hq")}</dt>
              <dd>{details.hq || t("companies.notSet")}</dd>
              <dt className="text-gray-500">{t("companies.sourceChannel")}</dt>
              <dd>{details.sourceChannel || t("companies.notSet")}</dd>
              <dt className="text-gray-500">{t("companies.createdBy")}</dt>
              <dd>
                {details.createdByName ?? "—"} · <span className="tabular-nums">{details.createdAt}</span>
              </dd>
              <dt className="text-gray-500">{t("companies.updatedAt")}</dt>
              <dd className="tabular-nums">{details.updatedAt}</dd>
            </>
          ) : null}
        </dl>
        {details?.description ? <p className="text-sm whitespace-pre-line text-gray-700">{details.description}</p> : null}
        {!full ? (
          <p className="rounded-md bg-blue-50 px-3 py-2 text-sm text-blue-900" data-testid="public-note">
            {t("companies.publicNote", { region: company.ownerRegionName })}
          </p>
        ) : null}
      </section>

      {full ? (
        <section key={key} className="card space-y-4">
          <nav aria-label={t("companies.tabsLabel")} className="-mx-4 -mt-4 flex overflow-x-auto border-b border-gray-200 px-2">
            {(details?.deleted ? (["changes"] as const) : TABS).map((tab) => (
              <Link
                key={tab}
                to={`?tab=${tab}`}
                preventScrollReset
                aria-current={full.tab === tab ? "page" : undefined}
                className={`px-3 py-2 text-sm whitespace-nowrap ${full.tab === tab ? "border-b-2 border-red-700 font-medium text-red-800" : "text-gray-600 hover:text-gray-900"}`}
              >
                {t(TAB_LABEL[tab])}
              </Link>
            ))}
          </nav>
          {full.tab === "projects" && !details?.deleted ? <ProjectsTab projects={full.projects} companyId={company.id} canWrite={full.canWrite} /> : null}
          {full.tab === "contacts" && !details?.deleted ? <ContactsTab contacts={full.contacts} canWrite={full.canWrite} actionData={actionData} /> : null}
          {full.tab === "changes" ? <ChangesTab history={full.history} /> : null}
        </section>
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
