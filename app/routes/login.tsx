import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { Field } from "#app/components/ui/field";
import { t } from "#app/i18n";
import { LoginSchema, TotpStepSchema, safeRedirect } from "#app/schemas/auth";
import { continueLoginWithTotp, hasPendingMfa, login, requireAnonymous, type LoginResult } from "#app/utils/auth.server";

export const meta: MetaFunction = () => [{ title: `${t("auth.loginTitle")} - ${t("common.appName")}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request);
  return json({ totpStep: await hasPendingMfa(request) });
}

function failureMessage(result: Exclude<LoginResult, { ok: true }>): string {
  switch (result.reason) {
    case "locked":
      return t("auth.accountLocked", { minutes: result.minutes });
    case "disabled":
      return t("auth.accountDisabled");
    case "totpInvalid":
      return t("auth.totpInvalid");
    case "totpRequired":
      return t("auth.totpRequired");
    default:
      return t("auth.badCredentials");
  }
}

export async function action({ request }: ActionFunctionArgs) {
  const formData = await request.formData();
  const totpOnly = !formData.get("username") && !formData.get("password") && (await hasPendingMfa(request));
  const submission = parseWithZod(formData, { schema: totpOnly ? TotpStepSchema : LoginSchema });
  if (submission.status !== "success") {
    return json({ result: submission.reply({ hideFields: ["password"] }), totpStep: totpOnly }, { status: 400 });
  }
  const value = submission.value;
  const result =
    "username" in value
      ? await login(request, { username: value.username, password: value.password, totp: value.totp || undefined })
      : await continueLoginWithTotp(request, value.totp);
  if (result.ok) {
    throw redirect(safeRedirect(value.redirectTo), { headers: { "Set-Cookie": result.cookie } });
  }
  const totpStep = result.reason === "totpRequired" || (totpOnly && result.reason === "totpInvalid");
  const headers = "cookie" in result && result.cookie ? { "Set-Cookie": result.cookie } : undefined;
  const status = result.reason === "totpRequired" ? 200 : result.reason === "locked" ? 429 : 401;
  return json(
    { result: submission.reply({ formErrors: [failureMessage(result)], hideFields: ["password", "totp"] }), totpStep },
    { status, headers },
  );
}

export default function LoginPage() {
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const navigation = useNavigation();
  const totpStep = actionData?.totpStep ?? loaderData.totpStep;
  const [form, fields] = useForm<{ username: string; password: string; totp: string; redirectTo: string }>({
    id: totpStep ? "login-totp" : "login",
    lastResult: actionData?.result,
    shouldRevalidate: "onBlur",
  });
  const busy = navigation.state === "submitting";
  return (
    <div className="mx-auto mt-16 max-w-sm">
      <h1 className="mb-1 text-center text-2xl font-semibold text-red-800">{t("common.appName")}</h1>
      <p className="mb-6 text-center text-sm text-gray-500">{t("auth.loginTitle")}</p>
      <Form method="post" className="card space-y-4" {...getFormProps(form)}>
        <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? ""} />
        {form.errors?.length ? (
          <p className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700" role="alert" data-testid="login-error">
            {form.errors.join("；")}
          </p>
        ) : null}
        {totpStep ? (
          <Field
            label={t("auth.totp")}
            hint={t("auth.totpHint")}
            errors={fields.totp.errors}
            inputProps={{ ...getInputProps(fields.totp, { type: "text" }), inputMode: "numeric", autoComplete: "one-time-code", autoFocus: true, maxLength: 6 }}
          />
        ) : (
          <>
            <Field
              label={t("auth.username")}
              errors={fields.username.errors}
              inputProps={{ ...getInputProps(fields.username, { type: "text" }), autoComplete: "username", autoFocus: true }}
            />
            <Field
              label={t("auth.password")}
              errors={fields.password.errors}
              inputProps={{ ...getInputProps(fields.password, { type: "password" }), autoComplete: "current-password" }}
            />
          </>
        )}
        <button type="submit" className="btn-primary w-full" disabled={busy}>
          {busy ? t("auth.loggingIn") : t("auth.login")}
        </button>
      </Form>
    </div>
  );
}
