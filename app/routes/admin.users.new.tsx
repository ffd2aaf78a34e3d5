import { getFormProps, getInputProps, getSelectProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { GeneralErrorBoundary } from "#app/components/error-boundary";
import { Field } from "#app/components/ui/field";
import { SelectField } from "#app/components/ui/select-field";
import { UserAssignmentFields, roleOptions } from "#app/components/user-assignment-fields";
import { t } from "#app/i18n";
import { createUser, userFormOptions } from "#app/models/user.server";
import { UserCreateSchema } from "#app/schemas/admin-users";
import { requireUser } from "#app/utils/auth.server";
import { requestMeta } from "#app/utils/request-meta.server";

export const meta: MetaFunction = () => [{ title: `${t("admin.newUser")} - ${t("common.appName")}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "user:manage" });
  return json(await userFormOptions());
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireUser(request, { permission: "user:manage" });
  const submission = parseWithZod(await request.formData(), { schema: UserCreateSchema });
  if (submission.status !== "success") {
    return json({ result: submission.reply({ hideFields: ["password"] }) }, { status: 400 });
  }
  const outcome = await createUser(actor, submission.value, requestMeta(request));
  if (!outcome.ok) {
    return json({ result: submission.reply({ fieldErrors: { [outcome.field]: [t(outcome.message)] }, hideFields: ["password"] }) }, { status: 400 });
  }
  throw redirect(`/admin/users/${outcome.id}?notice=created`);
}

export default function NewUserPage() {
  const options = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useForm({
    id: "user-create",
    lastResult: actionData?.result,
    constraint: getZodConstraint(UserCreateSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: UserCreateSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  return (
    <div className="mx-auto max-w-xl space-y-4">
      <nav className="text-sm" aria-label="breadcrumb">
        <Link to="/admin/users" className="text-blue-700 hover:underline">
          {t("admin.usersTitle")}
        </Link>
        <span className="mx-1 text-gray-400">/</span>
        <span>{t("admin.newUser")}</span>
      </nav>
      <h1 className="text-xl font-semibold">{t("admin.newUser")}</h1>
      <Form method="post" className="card space-y-4" {...getFormProps(form)}>
        <Field
          label={t("admin.username")}
          hint={t("admin.usernameHint")}
          errors={fields.username.errors}
          inputProps={{ ...getInputProps(fields.username, { type: "text" }), autoComplete: "off", autoFocus: true }}
        />
        <Field label={t("admin.displayName")} errors={fields.displayName.errors} inputProps={getInputProps(fields.displayName, { type: "text" })} />
        <Field label={t("admin.title")} hint={t("admin.titleHint")} errors={fields.title.errors} inputProps={getInputProps(fields.title, { type: "text" })} />
        <SelectField label={t("admin.role")} options={roleOptions()} placeholder={t("admin.choose")} errors={fields.role.errors} selectProps={getSelectProps(fields.role)} />
        <UserAssignmentFields role={fields.role.value} regionField={fields.regionId} departmentField={fields.departmentId} options={options} />
        <Field
          label={t("admin.initialPassword")}
          hint={t("auth.passwordRuleHint")}
          errors={fields.password.errors}
          inputProps={{ ...getInputProps(fields.password, { type: "password" }), autoComplete: "new-password" }}
        />
        <div className="flex gap-2">
          <button type="submit" className="btn-primary" disabled={busy}>
            {busy ? t("common.saving") : t("admin.createSubmit")}
          </button>
          <Link to="/admin/users" className="btn-secondary">
            {t("common.cancel")}
          </Link>
        </div>
      </Form>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
