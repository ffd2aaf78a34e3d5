import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useNavigation } from "@remix-run/react";
import { Field } from "#app/components/ui/field";
import { t } from "#app/i18n";
import { ChangePasswordSchema } from "#app/schemas/auth";
import { changeOwnPassword } from "#app/models/user.server";
import { blankSessionCookie, requireUser } from "#app/utils/auth.server";
import { requestMeta } from "#app/utils/request-meta.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  return json({});
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const submission = parseWithZod(await request.formData(), { schema: ChangePasswordSchema });
  if (submission.status !== "success") {
    return json({ result: submission.reply({ hideFields: ["currentPassword", "newPassword", "confirmPassword"] }) }, { status: 400 });
  }
  const outcome = await changeOwnPassword(user, submission.value.currentPassword, submission.value.newPassword, requestMeta(request));
  if (!outcome.ok) {
    return json({ result: submission.reply({ fieldErrors: { [outcome.field]: [t(outcome.message)] }, hideFields: ["currentPassword", "newPassword", "confirmPassword"] }) }, { status: 400 });
  }
  // Every session of the user has ended, this one included: sign in again with the new password.
  throw redirect("/login?changed=1", { headers: { "Set-Cookie": blankSessionCookie() } });
}

export default function ChangePassword() {
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ChangePasswordSchema }),
    shouldRevalidate: "onBlur",
  });
  return (
    <div className="mx-auto max-w-md">
      <h1 className="mb-4 text-xl font-semibold">{t("auth.changePasswordTitle")}</h1>
      <Form method="post" className="card space-y-4" {...getFormProps(form)}>
        <Field label={t("auth.currentPassword")} errors={fields.currentPassword.errors} inputProps={{ ...getInputProps(fields.currentPassword, { type: "password" }), autoComplete: "current-password" }} />
        <Field
          label={t("auth.newPassword")}
          hint={t("auth.passwordRuleHint")}
          errors={fields.newPassword.errors}
          inputProps={{ ...getInputProps(fields.newPassword, { type: "password" }), autoComplete: "new-password" }}
        />
        <Field label={t("auth.confirmPassword")} errors={fields.confirmPassword.errors} inputProps={{ ...getInputProps(fields.confirmPassword, { type: "password" }), autoComplete: "new-password" }} />
        <button type="submit" className="btn-primary" disabled={busy}>
          {busy ? t("common.saving") : t("common.save")}
        </button>
      </Form>
    </div>
  );
}
