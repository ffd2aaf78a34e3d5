// Forms of target companies, contacts, merges and the 产业链 dictionary, shared by the browser and
// the server. Rules that need the database (duplicate codes and names, scope, chain/link
// pairs, 首报归属) are checked in app/models/company.server.ts and chain.server.ts.
import { z } from "zod";
import { SOURCE_CHANNELS } from "#app/domain/company-fields";
import { COMPANY_TAGS, isCompanyTag } from "#app/domain/company-name";
import { parseUscc } from "#app/domain/uscc";
import { t } from "#app/i18n";

const text = (max: number) => z.string().trim().max(max, t("companies.tooLong", { max })).optional();
const optionalId = z.string().trim().max(64).optional();
const version = z.number({ required_error: t("companies.versionMissing") }).int().min(1);

/** 统一社会信用代码: optional (境外 or not yet registered), checked by GB 32100 when given. */
const uscc = z
  .string()
  .trim()
  .max(40)
  .optional()
  .superRefine((value, ctx) => {
    if (!value) return;
    const parsed = parseUscc(value);
    if (!parsed.ok) ctx.addIssue({ code: "custom", message: t(parsed.message, parsed.params) });
  });

export const CompanyFormSchema = z.object({
  name: z
    .string({ required_error: t("companies.nameRequired") })
    .trim()
    .min(1, t("companies.nameRequired"))
    .max(100, t("companies.tooLong", { max: 100 })),
  uscc,
  hqProvince: text(20),
  hqCity: text(30),
  chainId: optionalId,
  linkId: optionalId,
  tags: z.array(z.enum(COMPANY_TAGS, { errorMap: () => ({ message: t("companies.optionInvalid") }) })).default([]),
  sourceChannel: z.enum(SOURCE_CHANNELS, { errorMap: () => ({ message: t("companies.optionInvalid") }) }).optional(),
  ownerRegionId: optionalId,
  description: text(2000),
  confirmDuplicate: z.boolean().optional(),
});

export const CompanyEditSchema = CompanyFormSchema.extend({ version });

const phone = z
  .string()
  .trim()
  .max(40, t("companies.tooLong", { max: 40 }))
  .regex(/^[0-9+\-()（）\s]*$/u, t("companies.phoneInvalid"))
  .optional();

export const ContactSchema = z.object({
  name: z
    .string({ required_error: t("companies.contactNameRequired") })
    .trim()
    .min(1, t("companies.contactNameRequired"))
    .max(50, t("companies.tooLong", { max: 50 })),
  title: text(50),
  phone,
  email: z.string().trim().max(100, t("companies.tooLong", { max: 100 })).email(t("companies.emailInvalid")).optional(),
  notes: text(500),
});

export const ContactEditSchema = ContactSchema.extend({ contactId: z.string().trim().min(1).max(64), version });

export const MergeSchema = z
  .object({
    survivorId: z.string({ required_error: t("companies.mergeChooseBoth") }).trim().min(1).max(64),
    duplicateId: z.string({ required_error: t("companies.mergeChooseBoth") }).trim().min(1).max(64),
    survivorVersion: version,
    duplicateVersion: version,
    ownerRegionId: optionalId,
  })
  .refine((v) => v.survivorId !== v.duplicateId, { message: t("companies.mergeSame"), path: ["duplicateId"] });

export const ChainSchema = z.object({
  name: z
    .string({ required_error: t("companies.chainNameRequired") })
    .trim()
    .min(1, t("companies.chainNameRequired"))
    .max(30, t("companies.tooLong", { max: 30 })),
  isTarget: z.boolean().default(false),
});

export const LinkSchema = z.object({
  name: z
    .string({ required_error: t("companies.linkNameRequired") })
    .trim()
    .min(1, t("companies.linkNameRequired"))
    .max(30, t("companies.tooLong", { max: 30 })),
});

/** The list page's filters, read leniently from the URL: an unknown value means "any". */
/** The query parameters of the company list's filters (readCompanyFilters). */
export const COMPANY_FILTER_PARAMS = ["q", "chain", "link", "tag", "region", "mine", "own", "landed"] as const;

export function readCompanyFilters(params: URLSearchParams) {
  const tag = params.get("tag")?.trim().toUpperCase() ?? "";
  return {
    q: params.get("q")?.trim().slice(0, 64) || undefined,
    chainId: params.get("chain")?.trim().slice(0, 64) || undefined,
    linkId: params.get("link")?.trim().slice(0, 64) || undefined,
    tag: isCompanyTag(tag) ? tag : undefined,
    ownerRegionId: params.get("region")?.trim().slice(0, 64) || undefined,
    mine: params.get("mine") === "1",
    ownScope: params.get("own") === "1",
    landed: params.get("landed") === "1" ? true : params.get("landed") === "0" ? false : undefined,
  };
}
