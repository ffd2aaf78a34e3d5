import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { Field } from "#app/components/ui/field";
import { roleRequiresTotp } from "#app/domain/roles";
import { t } from "#app/i18n";
import { disableTotp, enableTotp, proposeTotpSecret } from "#app/models/user.server";
import { requireUser } from "#app/utils/auth.server";
import { requestMeta } from "#app/utils/request-meta.server";
import { totpEnrolment } from "#app/utils/totp.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const mandatory = roleRequiresTotp(user.role);
  if (user.totpEnabled) return json({ enabled: true as const, mandatory, enrolment: null });
  return json({ enabled: false as const, mandatory, enrolment: await totpEnrolment(proposeTotpSecret(), user.username) });
}

const ActionSchema = z.object({
  intent: z.enum(["enable", "disable"]),
  secret: z.string().regex(/^[A-Z2-7]{16,64}$/).optional(),
  totp: z.string().trim().default(""),
});

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const parsed = ActionSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return json({ error: t("auth.totpInvalid"), secret: null }, { status: 400 });
  const { intent, secret, totp } = parsed.data;
  const meta = requestMeta(request);
  const outcome = intent === "enable" && secret ? await enableTotp(user, secret, totp, meta) : await disableTotp(user, totp, meta);
  // Keep the proposed secret on a wrong code, so the user's authenticator entry stays valid.
  if (!outcome.ok) return json({ error: t(outcome.message), secret: secret ?? null }, { status: 400 });
  throw redirect("/account/totp");
}

export default function TotpPage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const secret = actionData?.secret ?? data.enrolment?.secret;
  return (
    <div className="mx-auto max-w-lg space-y-4">
      <h1 className="text-xl font-semibold">{t("auth.totpTitle")}</h1>
      {data.mandatory && !data.enabled ? <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-800">{t("auth.totpMandatory")}</p> : null}
      {data.enabled ? (
        <div className="card space-y-3">
          <p className="text-green-700">{t("auth.totpEnabled")}</p>
          {!data.mandatory ? (
            <Form method="post" className="space-y-3">
              <input type="hidden" name="intent" value="disable" />
              <Field label={t("auth.totp")} errors={actionData?.error ? [actionData.error] : null} inputProps={{ name: "totp", inputMode: "numeric", autoComplete: "one-time-code", maxLength: 6, required: true }} />
              <button type="submit" className="btn-danger" disabled={busy}>
                {t("auth.totpDisable")}
              </button>
            </Form>
          ) : null}
        </div>
      ) : data.enrolment ? (
        <Form method="post" className="card space-y-4">
          <p className="text-sm text-gray-700">{t("auth.totpEnrolIntro")}</p>
          {secret === data.enrolment.secret ? <img src={data.enrolment.qrDataUrl} alt={t("auth.totpTitle")} width={220} height={220} className="mx-auto" /> : null}
          <p className="text-sm">
            {t("auth.totpManualKey")}：<code className="select-all rounded bg-gray-100 px-2 py-1 font-mono" data-testid="totp-secret">{secret}</code>
          </p>
          <input type="hidden" name="intent" value="enable" />
          <input type="hidden" name="secret" value={secret} />
          <Field label={t("auth.totp")} errors={actionData?.error ? [actionData.error] : null} inputProps={{ name: "totp", inputMode: "numeric", autoComplete: "one-time-code", maxLength: 6, required: true, autoFocus: true }} />
          <button type="submit" className="btn-primary" disabled={busy}>
            {t("auth.totpEnable")}
          </button>
        </Form>
      ) : null}
    </div>
  );
}
