// Target-company rules without I/O (DESIGN §4, §7.1): the source channels a company can come
// through, and what a merge keeps. Names and tags are in ./company-name.ts.
import { parseCompanyTags, serializeCompanyTags } from "./company-name";

/** 来源渠道: how the lead reached the bureau (以商招商, 展会, 驻外, 产业链, 中介 …). */
export const SOURCE_CHANNELS = ["REFERRAL", "EXPO", "OUTPOST", "CHAIN_TARGETING", "AGENT", "ONLINE", "OTHER"] as const;
export type SourceChannel = (typeof SOURCE_CHANNELS)[number];

export function isSourceChannel(value: unknown): value is SourceChannel {
  return typeof value === "string" && (SOURCE_CHANNELS as readonly string[]).includes(value);
}

/** The fields a merge may fill on the surviving company. */
export type MergeableCompany = {
  uscc: string | null;
  hqProvince: string | null;
  hqCity: string | null;
  chainId: string | null;
  linkId: string | null;
  tags: string;
  sourceChannel: string | null;
  description: string | null;
};

const FILLABLE = ["uscc", "hqProvince", "hqCity", "sourceChannel", "description"] as const;

/**
 * What the surviving company takes from the duplicate in a merge: every field it leaves empty
 * (the chain together with its link, or only the link when both name the same chain), and the
 * union of both tag sets. Nothing the survivor already holds is overwritten.
 */
export function fillFromDuplicate(survivor: MergeableCompany, duplicate: MergeableCompany): Partial<MergeableCompany> {
  const patch: Partial<MergeableCompany> = {};
  for (const field of FILLABLE) {
    const own = survivor[field];
    const theirs = duplicate[field];
    if ((own === null || own.trim() === "") && theirs !== null && theirs.trim() !== "") patch[field] = theirs;
  }
  if (!survivor.chainId && duplicate.chainId) {
    patch.chainId = duplicate.chainId;
    patch.linkId = duplicate.linkId;
  } else if (survivor.chainId && survivor.chainId === duplicate.chainId && !survivor.linkId && duplicate.linkId) {
    patch.linkId = duplicate.linkId;
  }
  const tags = serializeCompanyTags([...parseCompanyTags(survivor.tags), ...parseCompanyTags(duplicate.tags)]);
  if (tags !== serializeCompanyTags(parseCompanyTags(survivor.tags))) patch.tags = tags;
  return patch;
}
