// Simplified Chinese, split by area only so that files stay short; together they are one table.
import { common } from "./common";

export const zhCN = {
  common,
} as const;
