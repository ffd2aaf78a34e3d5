// The one dictionary of user-facing text. Every string a user sees is looked up here by key, so
// an English locale can follow by adding a sibling of ./zh-CN with the same shape.
// Keys are "<namespace>.<key>"; values may hold {name} placeholders.
import { zhCN } from "./zh-CN";

type Messages = typeof zhCN;
type Namespace = keyof Messages;
export type MessageKey = { [N in Namespace]: `${N & string}.${keyof Messages[N] & string}` }[Namespace];

export type MessageParams = Record<string, string | number>;

/**
 * Each entry split once at its placeholders: text, name, text, name, …, text. A page calls t()
 * a few hundred times (the cockpit's figure titles), so the split is kept rather than redone
 * by a regular expression on every call.
 */
const compiled = new Map<string, string[]>();

function partsOf(key: string): string[] {
  let parts = compiled.get(key);
  if (!parts) {
    const dot = key.indexOf(".");
    const table = zhCN[key.slice(0, dot) as Namespace] as Record<string, string> | undefined;
    parts = (table?.[key.slice(dot + 1)] ?? key).split(/\{(\w+)\}/);
    compiled.set(key, parts);
  }
  return parts;
}

export function t(key: MessageKey, params?: MessageParams): string {
  const parts = partsOf(key);
  let text = parts[0]!;
  for (let i = 1; i < parts.length; i += 2) {
    const name = parts[i]!;
    text += (params && name in params ? String(params[name]) : `{${name}}`) + parts[i + 1]!;
  }
  return text;
}

/** True when `key` names an entry, for text that arrives from data (e.g. a stored code). */
export function hasMessage(key: string): key is MessageKey {
  const dot = key.indexOf(".");
  const table = zhCN[key.slice(0, dot) as Namespace] as Record<string, string> | undefined;
  return !!table && key.slice(dot + 1) in table;
}
