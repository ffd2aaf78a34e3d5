import { getFormProps, getInputProps, getSelectProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { GeneralErrorBoundary } from "#app/components/error-boundary";
import { ConfirmDialog } from "#app/components/ui/confirm-dialog";
import { Field } from "#app/components/ui/field";
import { SelectField } from "#app/components/ui/select-field";
import { UserAssignmentFields, roleOptions } from "#app/components/user-assignment-fields";
import { isRole } from "#app/domain/roles";
import { t, type MessageKey } from "#app/i18n";
import {
  endSessionsFor,
  resetUserTotp,
  getUserForAdmin,
  resetUserPassword,
  setUserDisabled,
  unlockUser,
  updateUser,
  userFormOptions,
  type AdminUserView,
} from "#app/models/user.server";
import { ResetPasswordSchema, UserEditSchema } from "#app/schemas/admin-users";
import { requireUser } from "#app/utils/auth.server";
import { formatDateTime, formatDateTimeShort } from "#app/utils/datetime";
import { notFound } from "#app/utils/permissions.server";
import { requestMeta } from "#app/utils/request-meta.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.user.username ?? t("admin.editUser")} - ${t("admin.usersTitle")} - ${t("common.appName")}` },
];

// What the page says after an action succeeded (?notice=…); anything else is ignored.
const NOTICES = {
  created: "admin.userCreated",
  saved: "admin.userSaved",
  disabled: "admin.noticeDisabled",
  enabled: "admin.noticeEnabled",
  unlocked: "admin.noticeUnlocked",
  passwordReset: "admin.noticePasswordReset",
  sessionsEnded: "admin.noticeSessionsEnded",
  totpReset: "admin.noticeTotpReset",
} as const satisfies Record<string, MessageKey>;

function roleLabel(role: string) {
  return isRole(role) ? t(`roles.${role}`) : role;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireUser(request, { permission: "user:manage" });
  const user = await getUserForAdmin(params.userId ?? "");
  if (!user) throw notFound();
  const notice = new URL(request.url).searchParams.get("notice") ?? "";
  return json({
    user: {
      id: user.id,
      username: user.username,
      displayName: user.displayName,
      title: user.title ?? "",
      role: user.role,
      regionId: user.regionId ?? "",
      departmentId: user.departmentId ?? "",
      version: user.version,
      status: user.status,
      lockedUntil: user.lockedUntil ? formatDateTimeShort(user.lockedUntil) : null,
      totpEnabled: user.totpEnabled,
      lastLogin: user.lastLoginAt ? formatDateTime(user.lastLoginAt) : null,
      createdAt: formatDateTime(user.createdAt),
      activeSessions: user.activeSessions,
    },
    isSelf: actor.id === user.id,
    options: await userFormOptions(),
    notice: notice in NOTICES ? t(NOTICES[notice as keyof typeof NOTICES]) : null,
  });
}

type Options = Awaited<ReturnType<typeof userFormOptions>>;

/** A user's assignment in words, for the side-by-side view of a version conflict. */
function describe(v: { displayName: string; title?: string | null; role: string; regionId?: string | null; departmentId?: string | null }, options: Options) {
  return {
    displayName: v.displayName,
    title: v.title ?? "",
    role: roleLabel(v.role),
    region: options.regions.find((r) => r.id === v.regionId)?.name ?? "",
    department: options.departments.find((d) => d.id === v.departmentId)?.name ?? "",
  };
}

function conflictOf(current: AdminUserView, submitted: Parameters<typeof describe>[0], options: Options) {
  return { version: current.version, theirs: describe(current, options), yours: describe(submitted, options) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireUser(request, { permission: "user:manage" });
  const userId = params.userId ?? "";
  const target = await getUserForAdmin(userId);
  if (!target) throw notFound();
  const formData = await request.formData();
  const intent = String(formData.get("intent") ?? "");
  const meta = requestMeta(request);
  const done = (notice: keyof typeof NOTICES) => redirect(`/admin/users/${userId}?notice=${notice}`);
  const refused = (message: MessageKey, status = 400) => json({ intent, error: t(message) } as const, { status });

  switch (intent) {
    case "save": {
      const submission = parseWithZod(formData, { schema: UserEditSchema });
      if (submission.status !== "success") return json({ intent, result: submission.reply(), conflict: null }, { status: 400 });
      const { version, ...input } = submission.value;
      const outcome = await updateUser(actor, userId, version, input, meta);
      if (outcome.ok) throw done("saved");
      if (outcome.field === "version") {
        if (!outcome.current) throw notFound();
        // 409 with both versions; the form keeps what the admin typed (DESIGN §8 no lost update).
        const conflict = conflictOf(outcome.current, input, await userFormOptions());
        return json({ intent, result: submission.reply({ formErrors: [t("common.conflictBody")] }), conflict }, { status: 409 });
      }
      return json({ intent, result: submission.reply({ fieldErrors: { [outcome.field]: [t(outcome.message)] } }), conflict: null }, { status: 400 });
    }
    case "disable":
    case "enable": {
      const outcome = await setUserDisabled(actor, userId, intent === "disable", meta);
      if (!outcome.ok) return refused(outcome.message);
      throw done(intent === "disable" ? "disabled" : "enabled");
    }
    case "unlock": {
      await unlockUser(actor, userId, meta);
      throw done("unlocked");
    }
    case "resetPassword": {
      const parsed = ResetPasswordSchema.safeParse(Object.fromEntries(formData));
      if (!parsed.success) return refused("admin.passwordRequired");
      const outcome = await resetUserPassword(actor, userId, parsed.data.password, meta);
      if (!outcome.ok) return refused(outcome.message);
      throw done("passwordReset");
    }
    case "resetTotp": {
      await resetUserTotp(actor, userId, meta);
      throw done("totpReset");
    }
    case "endSessions": {
      await endSessionsFor(actor, userId, meta);
      throw done("sessionsEnded");
    }
    default:
      throw new Response(t("common.badRequestTitle"), { status: 400 });
  }
}

const STATUS_TEXT: Record<string, MessageKey> = { active: "admin.statusActive", disabled: "admin.statusDisabled", locked: "admin.statusLocked" };

export default function EditUserPage() {
  const { user, isSelf, options, notice } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const saveData = actionData && "result" in actionData ? actionData : undefined;
  const actionError = actionData && "error" in actionData ? actionData : undefined;
  const conflict = saveData?.conflict ?? null;
  const [form, fields] = useForm({
    id: `user-edit-${user.id}`,
    lastResult: saveData?.result,
    defaultValue: { displayName: user.displayName, title: user.title, role: user.role, regionId: user.regionId, departmentId: user.departmentId },
    constraint: getZodConstraint(UserEditSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: UserEditSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  const statusText = user.status === "locked" && user.lockedUntil ? t("admin.statusLockedUntil", { until: user.lockedUntil }) : t(STATUS_TEXT[user.status] ?? "admin.statusActive");
  const name = `${user.displayName}（${user.username}）`;

  return (
    <div className="mx-auto max-w-3xl space-y-4">
      <nav className="text-sm" aria-label="breadcrumb">
        <Link to="/admin/users" className="text-blue-700 hover:underline">
          {t("admin.usersTitle")}
        </Link>
        <span className="mx-1 text-gray-400">/</span>
        <span>{user.username}</span>
      </nav>
      <h1 className="text-xl font-semibold">
        {t("admin.editUser")}：{name}
      </h1>
      {notice ? (
        <p className="rounded-md bg-green-50 px-3 py-2 text-sm text-green-800" role="status" data-testid="notice">
          {notice}
        </p>
      ) : null}

      <section className="card" aria-labelledby="account-info">
        <h2 id="account-info" className="mb-3 font-medium">
          {t("admin.accountInfo")}
        </h2>
        <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-1 text-sm sm:grid-cols-[auto_1fr_auto_1fr]">
          <dt className="text-gray-500">{t("admin.username")}</dt>
          <dd className="font-mono">{user.username}</dd>
          <dt className="text-gray-500">{t("admin.status")}</dt>
          <dd data-testid="user-status">{statusText}</dd>
          <dt className="text-gray-500">{t("admin.twoFactor")}</dt>
          <dd>{user.totpEnabled ? t("admin.totpOn") : t("admin.totpOff")}</dd>
          <dt className="text-gray-500">{t("admin.lastLogin")}</dt>
          <dd className="tabular-nums">{user.lastLogin ?? t("admin.neverLoggedIn")}</dd>
          <dt className="text-gray-500">{t("admin.createdAt")}</dt>
          <dd className="tabular-nums">{user.createdAt}</dd>
          <dt className="text-gray-500">{t("admin.activeSessions")}</dt>
          <dd data-testid="active-sessions">{t("admin.sessionCount", { count: user.activeSessions })}</dd>
        </dl>
      </section>

      <Form method="post" className="card space-y-4" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="save" />
        {/* After a conflict the admin has seen the other save; saving again overrides it knowingly. */}
        <input type="hidden" name="version" value={conflict?.version ?? user.version} />
        {form.errors?.length ? (
          <div className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900" role="alert" data-testid="conflict">
            <p className="font-medium">{conflict ? t("common.conflictTitle") : form.errors.join("；")}</p>
            {conflict ? (
              <>
                <p className="mt-1">{form.errors.join("；")}</p>
                <div className="mt-3 grid gap-3 sm:grid-cols-2">
                  {(
                    [
                      ["common.conflictTheirs", conflict.theirs],
                      ["common.conflictYours", conflict.yours],
                    ] as const
                  ).map(([heading, v]) => (
                    <div key={heading} className="rounded border border-amber-200 bg-white p-2">
                      <p className="mb-1 font-medium">{t(heading)}</p>
                      <dl className="grid grid-cols-[auto_1fr] gap-x-3">
                        <dt className="text-gray-500">{t("admin.displayName")}</dt>
                        <dd>{v.displayName}</dd>
                        <dt className="text-gray-500">{t("admin.title")}</dt>
                        <dd>{v.title || "—"}</dd>
                        <dt className="text-gray-500">{t("admin.role")}</dt>
                        <dd>{v.role}</dd>
                        <dt className="text-gray-500">{t("admin.region")}</dt>
                        <dd>{v.region || "—"}</dd>
                        <dt className="text-gray-500">{t("admin.department")}</dt>
                        <dd>{v.department || "—"}</dd>
                      </dl>
                    </div>
                  ))}
                </div>
              </>
            ) : null}
          </div>
        ) : null}
        <Field label={t("admin.displayName")} errors={fields.displayName.errors} inputProps={getInputProps(fields.displayName, { type: "text" })} />
        <Field label={t("admin.title")} hint={t("admin.titleHint")} errors={fields.title.errors} inputProps={getInputProps(fields.title, { type: "text" })} />
        <SelectField
          label={t("admin.role")}
          options={roleOptions()}
          errors={fields.role.errors}
          hint={isSelf ? t("admin.cannotDemoteSelf") : undefined}
          selectProps={{ ...getSelectProps(fields.role), disabled: isSelf }}
        />
        {/* A disabled select is not submitted; the admin's own role travels unchanged. */}
        {isSelf ? <input type="hidden" name="role" value={user.role} /> : null}
        <UserAssignmentFields role={fields.role.value} regionField={fields.regionId} departmentField={fields.departmentId} options={options} />
        <button type="submit" className="btn-primary" disabled={busy}>
          {busy ? t("common.saving") : t("common.save")}
        </button>
      </Form>

      {/* Every account action bumps the version: remounting clears the dialogs' inputs. */}
      <section key={user.version} className="card space-y-3" aria-labelledby="account-actions">
        <h2 id="account-actions" className="font-medium">
          {t("admin.accountActions")}
        </h2>
        {actionError && actionError.intent !== "resetPassword" ? (
          <p className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700" role="alert" data-testid="action-error">
            {actionError.error}
          </p>
        ) : null}
        <div className="flex flex-wrap gap-2">
          {user.status === "disabled" ? (
            <ConfirmDialog label={t("admin.enable")} title={t("admin.enable")} message={t("admin.confirmEnable", { name })} intent="enable" />
          ) : (
            <ConfirmDialog
              label={t("admin.disable")}
              title={t("admin.disable")}
              message={t("admin.confirmDisable", { name })}
              intent="disable"
              tone="danger"
              disabled={isSelf}
            />
          )}
          <ConfirmDialog label={t("admin.unlock")} title={t("admin.unlock")} message={t("admin.confirmUnlock", { name })} intent="unlock" disabled={user.status !== "locked"} />
          <ConfirmDialog
            label={t("admin.resetPassword")}
            title={t("admin.resetPassword")}
            message={t("admin.confirmResetPassword", { name })}
            intent="resetPassword"
            tone="danger"
            reopen={actionError?.intent === "resetPassword"}
          >
            <Field
              label={t("admin.newPassword")}
              hint={t("auth.passwordRuleHint")}
              errors={actionError?.intent === "resetPassword" ? [actionError.error] : null}
              inputProps={{ name: "password", type: "password", autoComplete: "new-password", required: true, maxLength: 256 }}
            />
          </ConfirmDialog>
          <ConfirmDialog
            label={t("admin.resetTotp")}
            title={t("admin.resetTotp")}
            message={t("admin.confirmResetTotp", { name })}
            intent="resetTotp"
            tone="danger"
            disabled={!user.totpEnabled}
          />
          <ConfirmDialog label={t("admin.endSessions")} title={t("admin.endSessions")} message={t("admin.confirmEndSessions", { name })} intent="endSessions" tone="danger" />
        </div>
        {isSelf ? <p className="text-sm text-gray-600">{t("admin.selfNote")}</p> : null}
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
