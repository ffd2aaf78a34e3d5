// The one dictionary of user-facing text. Every string a user sees is looked up here by key, so
// an English locale can follow by adding a sibling of ./zh-CN with the same shape.
// Keys are "<namespace>.<key>"; values may hold {name} placeholders.
import { zhCN } from "./zh-CN";

type Messages = typeof zhCN;
type Namespace = keyof Messages;
export type MessageKey = { [N in Namespace]: `${N & string}.${keyof Messages[N] & string}` }[Namespace];

export type MessageParams = Record<string, string | number>;

export function t(key: MessageKey, params?: MessageParams): string {
  const dot = key.indexOf(".");
  const ns = key.slice(0, dot) as Namespace;
  const table = zhCN[ns] as Record<string, string>;
  const template = table[key.slice(dot + 1)] ?? key;
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** True when `key` names an entry, for text that arrives from data (e.g. a stored code). */
export function hasMessage(key: string): key is MessageKey {
  const dot = key.indexOf(".");
  const table = zhCN[key.slice(0, dot) as Namespace] as Record<string, string> | undefined;
  return !!table && key.slice(dot + 1) in table;
}
