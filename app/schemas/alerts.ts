// Forms of the alert pages, shared by the browser (Conform) and the actions: a group-robot
// endpoint (/admin/webhooks) and an aftercare visit (/aftercare/:projectId). Rules that need the
// database or the server's configuration (the allowed robot hosts, scope, the project's stage)
// are checked by the models.
import { z } from "zod";
import { RED_FLAGS, redFlagsError } from "#app/domain/aftercare";
import { ALERT_KINDS } from "#app/domain/alert-rules";
import { WEBHOOK_KINDS, WEBHOOK_LEVELS } from "#app/domain/webhook-payloads";
import { t } from "#app/i18n";
import { shanghaiDayStart } from "#app/utils/datetime";

const MAX_WAN = 100_000_000; // 1万亿元: anything above is a typing error

const text = (max: number) => z.string().trim().max(max, t("alerts.tooLong", { max })).optional();
const option = <T extends readonly [string, ...string[]]>(values: T) => z.enum(values, { errorMap: () => ({ message: t("alerts.optionInvalid") }) });
const version = z.number({ required_error: t("alerts.versionMissing") }).int().min(1);

// ───────────────────────────── group robots ─────────────────────────────

/**
 * The endpoint form. On edit an empty URL or secret keeps the stored one (pages never show them
 * back); `clearSecret` removes the 加签 secret. Exactly one of region and department.
 */
export const WebhookEndpointSchema = z
  .object({
    name: z
      .string({ required_error: t("alerts.webhookNameRequired") })
      .trim()
      .min(1, t("alerts.webhookNameRequired"))
      .max(50, t("alerts.tooLong", { max: 50 })),
    kind: option(WEBHOOK_KINDS),
    url: text(500),
    secret: text(200),
    clearSecret: z.boolean().optional(),
    regionId: z.string().trim().max(64).optional(),
    departmentId: z.string().trim().max(64).optional(),
    alertKinds: z.array(option(ALERT_KINDS)).max(ALERT_KINDS.length).default([]),
    minLevel: option(WEBHOOK_LEVELS),
    enabled: z.boolean().optional(),
    version: version.optional(),
  })
  .superRefine((value, ctx) => {
    if (!value.regionId === !value.departmentId) ctx.addIssue({ code: "custom", path: ["regionId"], message: t("alerts.webhookScopeOne") });
  });

export type WebhookEndpointInput = z.infer<typeof WebhookEndpointSchema>;

// ───────────────────────────── aftercare visits ─────────────────────────────

export const AftercareVisitSchema = z
  .object({
    visitedAt: z
      .string({ required_error: t("alerts.visitDateRequired") })
      .trim()
      .refine((s) => shanghaiDayStart(s) !== null, t("alerts.dateInvalid"))
      .transform((s) => shanghaiDayStart(s) as Date),
    participants: z
      .string({ required_error: t("alerts.visitorsRequired") })
      .trim()
      .min(1, t("alerts.visitorsRequired"))
      .max(200, t("alerts.tooLong", { max: 200 })),
    summary: z
      .string({ required_error: t("alerts.findingsRequired") })
      .trim()
      .min(1, t("alerts.findingsRequired"))
      .max(2000, t("alerts.tooLong", { max: 2000 })),
    flags: z.array(option(RED_FLAGS)).max(RED_FLAGS.length).default([]),
    expansionNote: text(1000),
    expansionAmountWan: z
      .number({ invalid_type_error: t("alerts.numberInvalid") })
      .min(0, t("alerts.numberNegative"))
      .max(MAX_WAN, t("alerts.numberTooBig"))
      .optional(),
  })
  .superRefine((value, ctx) => {
    const error = redFlagsError(value.flags);
    if (error) ctx.addIssue({ code: "custom", path: ["flags"], message: t(error) });
    if (value.expansionAmountWan !== undefined && !value.expansionNote) {
      ctx.addIssue({ code: "custom", path: ["expansionNote"], message: t("alerts.expansionNoteRequired") });
    }
  });

export type AftercareVisitInput = z.infer<typeof AftercareVisitSchema>;
