// 群机器人 /admin/webhooks (config:edit): outbound alerts to 企业微信 and 钉钉 group robots per
// region or department — the endpoints (URL and 加签 secret shown only masked), a test message,
// and the delivery log with status, attempts and the last error.
import { getCollectionProps, getFormProps, getInputProps, getSelectProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation, useNavigation, useSearchParams } from "@remix-run/react";
import { GeneralErrorBoundary } from "#app/components/error-boundary";
import { ConfirmDialog } from "#app/components/ui/confirm-dialog";
import { Field } from "#app/components/ui/field";
import { EmptyState, Pager, ResultCount } from "#app/components/ui/list-controls";
import { SelectField } from "#app/components/ui/select-field";
import { ALERT_KINDS, alertKindLabelKey, type AlertKind } from "#app/domain/alert-rules";
import { WEBHOOK_KINDS, WEBHOOK_LEVELS } from "#app/domain/webhook-payloads";
import { warningLabelKey } from "#app/domain/warnings";
import { t, type MessageKey } from "#app/i18n";
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  listWebhookDeliveries,
  listWebhookEndpoints,
  sendWebhookTest,
  updateWebhookEndpoint,
  webhookFormOptions,
  type EndpointView,
} from "#app/models/webhook.server";
import { WebhookEndpointSchema } from "#app/schemas/alerts";
import { requireUser } from "#app/utils/auth.server";
import { formatDateTime } from "#app/utils/datetime";
import { readListParams, withParams } from "#app/utils/list-params";
import { requestMeta } from "#app/utils/request-meta.server";
import { VersionConflict } from "#app/utils/version-conflict.server";

export const meta: MetaFunction = () => [{ title: `${t("alerts.webhooksTitle")} - ${t("common.appName")}` }];

const NOTICES = {
  created: "alerts.noticeWebhookCreated",
  saved: "alerts.noticeWebhookSaved",
  deleted: "alerts.noticeWebhookDeleted",
  testOk: "alerts.noticeTestOk",
} as const satisfies Record<string, MessageKey>;

const DELIVERY_STATUSES = ["PENDING", "SENT", "GAVE_UP"] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "config:edit" });
  const params = new URL(request.url).searchParams;
  const list = readListParams(params, ["createdAt"] as const, { sort: "createdAt", dir: "desc", pageSize: 30 });
  const endpointFilter = params.get("endpoint") || null;
  const statusParam = params.get("status");
  const statusFilter = (DELIVERY_STATUSES as readonly string[]).includes(statusParam ?? "") ? statusParam : null;
  const [endpoints, options, log] = await Promise.all([
    listWebhookEndpoints(user),
    webhookFormOptions(),
    listWebhookDeliveries(user, { endpointId: endpointFilter, status: statusFilter, skip: list.skip, take: list.pageSize }),
  ]);
  const notice = params.get("notice") ?? "";
  const editId = params.get("edit");
  return json({
    endpoints,
    options,
    editing: editId ? (endpoints.find((e) => e.id === editId) ?? null) : null,
    notice: notice in NOTICES ? t(NOTICES[notice as keyof typeof NOTICES]) : null,
    log: {
      total: log.total,
      page: list.page,
      pageSize: list.pageSize,
      endpoint: endpointFilter ?? "",
      status: statusFilter ?? "",
      rows: log.rows.map((r) => ({
        ...r,
        createdAt: formatDateTime(r.createdAt),
        sentAt: formatDateTime(r.sentAt),
        nextAttemptAt: r.status === "PENDING" ? formatDateTime(r.nextAttemptAt) : "",
      })),
    },
  });
}

type ActionData =
  | { intent: "save"; id: string | null; result: SubmissionResult<string[]>; conflict?: string }
  | { intent: "test"; id: string; error: string }
  | { intent: "delete"; id: string; conflict: string };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { permission: "config:edit" });
  const formData = await request.formData();
  const intent = String(formData.get("intent") ?? "");
  const id = String(formData.get("id") ?? "") || null;
  const meta = requestMeta(request);
  const version = Number(formData.get("version"));

  if (intent === "create" || intent === "update") {
    const submission = parseWithZod(formData, { schema: WebhookEndpointSchema });
    if (submission.status !== "success") return json<ActionData>({ intent: "save", id, result: submission.reply({ hideFields: ["url", "secret"] }) }, { status: 400 });
    try {
      const outcome =
        intent === "create" || !id
          ? await createWebhookEndpoint(user, submission.value, meta)
          : await updateWebhookEndpoint(user, id, submission.value.version ?? 0, submission.value, meta);
      if (!outcome.ok) return json<ActionData>({ intent: "save", id, result: submission.reply({ fieldErrors: outcome.errors, hideFields: ["url", "secret"] }) }, { status: 400 });
      return redirect(`/admin/webhooks?notice=${intent === "create" ? "created" : "saved"}`);
    } catch (error) {
      if (error instanceof VersionConflict) {
        return json<ActionData>({ intent: "save", id, result: submission.reply({ hideFields: ["url", "secret"] }), conflict: t("alerts.webhookConflict") }, { status: 409 });
      }
      throw error;
    }
  }
  if (!id) throw new Response(t("common.badRequestTitle"), { status: 400 });
  if (intent === "delete") {
    try {
      await deleteWebhookEndpoint(user, id, version, meta);
    } catch (error) {
      if (error instanceof VersionConflict) return json<ActionData>({ intent: "delete", id, conflict: t("alerts.webhookConflict") }, { status: 409 });
      throw error;
    }
    return redirect("/admin/webhooks?notice=deleted");
  }
  if (intent === "test") {
    const outcome = await sendWebhookTest(user, id, meta);
    if (outcome.ok) return redirect(`/admin/webhooks?notice=testOk&endpoint=${encodeURIComponent(id)}`);
    return json<ActionData>({ intent: "test", id, error: t("alerts.testFailed", { error: outcome.error }) }, { status: 502 });
  }
  throw new Response(t("common.badRequestTitle"), { status: 400 });
}

type Options = ReturnType<typeof useLoaderData<typeof loader>>["options"];

function kindLabel(kind: string): string {
  return kind === "WECOM" || kind === "DINGTALK" ? t(`alerts.webhookKind_${kind}`) : kind;
}

function levelLabel(level: string): string {
  return level === "BLUE" || level === "YELLOW" || level === "RED" ? t(warningLabelKey(level)) : level;
}

function EndpointForm({ editing, options, lastResult, conflict }: { editing: EndpointView | null; options: Options; lastResult?: SubmissionResult<string[]>; conflict?: string }) {
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useForm({
    id: editing ? `webhook-${editing.id}` : "webhook-new",
    lastResult,
    defaultValue: editing
      ? {
          name: editing.name,
          kind: editing.kind,
          regionId: editing.regionId ?? "",
          departmentId: editing.departmentId ?? "",
          alertKinds: editing.alertKinds,
          minLevel: editing.minLevel,
          enabled: editing.enabled ? "on" : undefined,
          version: String(editing.version),
        }
      : { kind: "WECOM", minLevel: "YELLOW", enabled: "on", alertKinds: [] },
    constraint: getZodConstraint(WebhookEndpointSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: WebhookEndpointSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  const kind = typeof fields.kind.value === "string" ? fields.kind.value : "WECOM";
  const formErrors = form.errors?.filter(Boolean) ?? [];
  return (
    <Form method="post" className="card space-y-4" {...getFormProps(form)} data-testid="webhook-form">
      <h2 className="text-base font-semibold">{editing ? t("alerts.webhookEdit", { name: editing.name }) : t("alerts.webhookNew")}</h2>
      <input type="hidden" name="intent" value={editing ? "update" : "create"} />
      {editing ? <input type="hidden" name="id" value={editing.id} /> : null}
      {editing ? <input {...getInputProps(fields.version, { type: "hidden" })} /> : null}
      {conflict || formErrors.length ? (
        <p className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700" role="alert">
          {conflict ?? formErrors.join("；")}
        </p>
      ) : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label={t("alerts.webhookName")} errors={fields.name.errors} inputProps={getInputProps(fields.name, { type: "text" })} />
        <SelectField
          label={t("alerts.webhookKind")}
          options={WEBHOOK_KINDS.map((k) => ({ value: k, label: kindLabel(k) }))}
          errors={fields.kind.errors}
          selectProps={getSelectProps(fields.kind)}
        />
      </div>
      <Field
        label={t("alerts.webhookUrl")}
        hint={editing ? t("alerts.webhookUrlKeep", { masked: editing.maskedUrl }) : t(kind === "DINGTALK" ? "alerts.webhookUrlHintDingtalk" : "alerts.webhookUrlHintWecom")}
        errors={fields.url.errors}
        inputProps={{ ...getInputProps(fields.url, { type: "url" }), autoComplete: "off", spellCheck: false, className: "font-mono", placeholder: kind === "DINGTALK" ? "https://oapi.dingtalk.com/robot/send?access_token=…" : "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…" }}
      />
      {kind === "DINGTALK" ? (
        <div className="space-y-2">
          <Field
            label={t("alerts.webhookSecret")}
            hint={editing?.secretSet ? t("alerts.webhookSecretKeep") : t("alerts.webhookSecretHint")}
            errors={fields.secret.errors}
            inputProps={{ ...getInputProps(fields.secret, { type: "password" }), autoComplete: "new-password", spellCheck: false }}
          />
          {editing?.secretSet ? (
            <label className="flex items-center gap-2 text-sm">
              <input {...getInputProps(fields.clearSecret, { type: "checkbox" })} />
              {t("alerts.webhookSecretClear")}
            </label>
          ) : null}
        </div>
      ) : null}
      <div className="grid gap-4 sm:grid-cols-3">
        <SelectField
          label={t("alerts.webhookRegion")}
          placeholder={t("alerts.choose")}
          options={options.regions.map((r) => ({ value: r.id, label: r.name }))}
          errors={fields.regionId.errors}
          hint={t("alerts.webhookScopeHint")}
          selectProps={getSelectProps(fields.regionId)}
        />
        <SelectField
          label={t("alerts.webhookDepartment")}
          placeholder={t("alerts.choose")}
          options={options.departments.map((d) => ({ value: d.id, label: d.name }))}
          errors={fields.departmentId.errors}
          selectProps={getSelectProps(fields.departmentId)}
        />
        <SelectField
          label={t("alerts.webhookMinLevel")}
          options={WEBHOOK_LEVELS.map((l) => ({ value: l, label: levelLabel(l) }))}
          errors={fields.minLevel.errors}
          selectProps={getSelectProps(fields.minLevel)}
        />
      </div>
      <fieldset>
        <legend className="label">{t("alerts.webhookAlertKinds")}</legend>
        <p className="mb-2 text-xs text-gray-500">{t("alerts.webhookAlertKindsHint")}</p>
        <div className="grid gap-x-5 gap-y-2 sm:grid-cols-3">
          {getCollectionProps(fields.alertKinds, { type: "checkbox", options: [...ALERT_KINDS] }).map((props) => (
            <label key={props.key} className="flex items-center gap-2 text-sm">
              <input {...props} key={props.key} />
              {t(alertKindLabelKey(props.value as AlertKind))}
            </label>
          ))}
        </div>
      </fieldset>
      <label className="flex items-center gap-2 text-sm">
        <input {...getInputProps(fields.enabled, { type: "checkbox" })} />
        {t("alerts.webhookEnabled")}
      </label>
      <div className="flex flex-wrap gap-2">
        <button type="submit" className="btn-primary" disabled={busy}>
          {busy ? t("common.saving") : t("common.save")}
        </button>
        {editing ? (
          <Link to="/admin/webhooks" className="btn-secondary">
            {t("common.cancel")}
          </Link>
        ) : null}
      </div>
    </Form>
  );
}

const STATUS_STYLE: Record<string, string> = { SENT: "text-green-700", PENDING: "text-amber-700", GAVE_UP: "text-red-700" };

export default function WebhooksAdminPage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const [searchParams] = useSearchParams();
  const { key } = useLocation();
  const saveFailure = actionData?.intent === "save" ? actionData : undefined;
  return (
    <div key={key} className="space-y-6">
      <div>
        <h1 className="text-xl font-semibold">{t("alerts.webhooksTitle")}</h1>
        <p className="mt-1 max-w-3xl text-sm text-gray-600">{t("alerts.webhooksIntro")}</p>
      </div>
      {data.notice ? (
        <p className="rounded-md bg-green-50 px-3 py-2 text-sm text-green-800" role="status">
          {data.notice}
        </p>
      ) : null}
      {actionData && actionData.intent !== "save" ? (
        <p className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700" role="alert" data-testid="webhook-error">
          {actionData.intent === "test" ? actionData.error : actionData.conflict}
        </p>
      ) : null}

      <section className="card overflow-x-auto p-0" aria-labelledby="endpoints-title">
        <h2 id="endpoints-title" className="px-4 pt-4 text-base font-semibold">
          {t("alerts.webhookList")}
        </h2>
        {data.endpoints.length === 0 ? (
          <EmptyState>{t("alerts.webhookNone")}</EmptyState>
        ) : (
          <table className="data-table mt-2">
            <thead>
              <tr>
                <th scope="col">{t("alerts.webhookName")}</th>
                <th scope="col">{t("alerts.webhookKind")}</th>
                <th scope="col">{t("alerts.webhookScope")}</th>
                <th scope="col">{t("alerts.webhookUrl")}</th>
                <th scope="col">{t("alerts.webhookFilter")}</th>
                <th scope="col">{t("alerts.webhookDeliveries")}</th>
                <th scope="col">{t("common.actions")}</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-gray-100">
              {data.endpoints.map((e) => (
                <tr key={e.id} data-testid="webhook-row">
                  <td>
                    {e.name}
                    {e.enabled ? null : <span className="ml-1 rounded bg-gray-100 px-1.5 text-xs text-gray-600">{t("alerts.webhookDisabled")}</span>}
                  </td>
                  <td>{kindLabel(e.kind)}</td>
                  <td>{e.scopeName}</td>
                  <td>
                    <code className="break-all text-xs" data-testid="webhook-masked-url">
                      {e.maskedUrl}
                    </code>
                    {e.kind === "DINGTALK" ? <p className="text-xs text-gray-500">{e.secretSet ? t("alerts.webhookSecretSet") : t("alerts.webhookSecretUnset")}</p> : null}
                  </td>
                  <td className="text-xs">
                    <p>{t("alerts.webhookMinLevelIs", { level: levelLabel(e.minLevel) })}</p>
                    <p className="text-gray-500">{e.alertKinds.length ? e.alertKinds.map((k) => t(alertKindLabelKey(k as AlertKind))).join("、") : t("alerts.webhookAllKinds")}</p>
                  </td>
                  <td className="text-xs whitespace-nowrap">
                    <Link to={withParams(searchParams, { endpoint: e.id })} className="text-blue-700 hover:underline">
                      {t("alerts.webhookCounts", e.deliveries)}
                    </Link>
                  </td>
                  <td>
                    <div className="flex flex-wrap gap-2">
                      <Link to={`?edit=${e.id}`} className="btn-secondary">
                        {t("common.edit")}
                      </Link>
                      <Form method="post">
                        <input type="hidden" name="id" value={e.id} />
                        <button type="submit" name="intent" value="test" className="btn-secondary" disabled={!e.enabled}>
                          {t("alerts.webhookSendTest")}
                        </button>
                      </Form>
                      <ConfirmDialog
                        label={t("common.delete")}
                        title={t("alerts.webhookDeleteTitle")}
                        message={t("alerts.webhookDeleteConfirm", { name: e.name })}
                        intent="delete"
                        tone="danger"
                      >
                        <input type="hidden" name="id" value={e.id} />
                        <input type="hidden" name="version" value={e.version} />
                      </ConfirmDialog>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <EndpointForm
        key={data.editing?.id ?? "new"}
        editing={data.editing}
        options={data.options}
        lastResult={saveFailure && saveFailure.id === (data.editing?.id ?? null) ? saveFailure.result : undefined}
        conflict={saveFailure?.conflict}
      />

      <section className="space-y-3" aria-labelledby="log-title">
        <h2 id="log-title" className="text-base font-semibold">
          {t("alerts.deliveryLog")}
        </h2>
        <Form method="get" className="flex flex-wrap items-end gap-3" role="search" aria-label={t("common.filter")}>
          <div>
            <label htmlFor="log-endpoint" className="label">
              {t("alerts.webhookName")}
            </label>
            <select id="log-endpoint" name="endpoint" className="input" defaultValue={data.log.endpoint}>
              <option value="">{t("alerts.allEndpoints")}</option>
              {data.endpoints.map((e) => (
                <option key={e.id} value={e.id}>
                  {e.name}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="log-status" className="label">
              {t("alerts.deliveryStatus")}
            </label>
            <select id="log-status" name="status" className="input" defaultValue={data.log.status}>
              <option value="">{t("alerts.allStatuses")}</option>
              {DELIVERY_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`alerts.deliveryStatus_${s}`)}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="btn-secondary">
            {t("common.filter")}
          </button>
        </Form>
        <div className="card overflow-x-auto p-0">
          {data.log.rows.length === 0 ? (
            <EmptyState>{t("alerts.deliveryNone")}</EmptyState>
          ) : (
            <table className="data-table" data-testid="delivery-log">
              <thead>
                <tr>
                  <th scope="col">{t("alerts.deliveryCreated")}</th>
                  <th scope="col">{t("alerts.webhookName")}</th>
                  <th scope="col">{t("alerts.deliveryMessage")}</th>
                  <th scope="col">{t("alerts.deliveryStatus")}</th>
                  <th scope="col">{t("alerts.deliveryAttempts")}</th>
                  <th scope="col">{t("alerts.deliveryLastError")}</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-gray-100">
                {data.log.rows.map((r) => (
                  <tr key={r.id}>
                    <td className="whitespace-nowrap text-xs">{r.createdAt}</td>
                    <td className="text-xs">{r.endpointName}</td>
                    <td className="max-w-md text-xs">{r.preview}</td>
                    <td className={`whitespace-nowrap text-xs ${STATUS_STYLE[r.status] ?? ""}`}>
                      {t(`alerts.deliveryStatus_${r.status as (typeof DELIVERY_STATUSES)[number]}`)}
                      {r.sentAt ? <p className="text-gray-500">{r.sentAt}</p> : null}
                      {r.nextAttemptAt ? <p className="text-gray-500">{t("alerts.deliveryNext", { at: r.nextAttemptAt })}</p> : null}
                    </td>
                    <td className="text-xs">
                      {r.attempts}
                      {r.lastStatusCode ? <span className="text-gray-500">（HTTP {r.lastStatusCode}）</span> : null}
                    </td>
                    <td className="max-w-xs break-all text-xs text-red-700">{r.lastError ?? ""}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
        <div className="flex flex-wrap items-center justify-between gap-3">
          <ResultCount total={data.log.total} />
          <Pager total={data.log.total} page={data.log.page} pageSize={data.log.pageSize} />
        </div>
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
