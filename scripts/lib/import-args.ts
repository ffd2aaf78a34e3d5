// The arguments of npm run import (scripts/lib/import-cli.ts), parsed without side effects.
import { t } from "#app/i18n";

export type ImportArgs = { file: string; region: string | null; sheet: string | null; dryRun: boolean; json: boolean };

const VALUE_OPTIONS = { "--file": "file", "--region": "region", "--sheet": "sheet" } as const;

export function parseImportArgs(argv: readonly string[]): { ok: true; args: ImportArgs } | { ok: false; message: string } {
  const args: ImportArgs = { file: "", region: null, sheet: null, dryRun: false, json: false };
  for (let i = 0; i < argv.length; i++) {
    const [option, inline] = splitOption(argv[i]!);
    if (option === "--dry-run") args.dryRun = true;
    else if (option === "--json") args.json = true;
    else if (option in VALUE_OPTIONS) {
      const value = inline ?? argv[++i];
      if (value === undefined || value.startsWith("--")) return { ok: false, message: t("ledger.cliMissingValue", { option }) };
      args[VALUE_OPTIONS[option as keyof typeof VALUE_OPTIONS]] = value;
    } else return { ok: false, message: t("ledger.cliUnknownOption", { option }) };
  }
  if (!args.file) return { ok: false, message: t("ledger.cliMissingFile") };
  return { ok: true, args };
}

/** "--sheet=签约项目" as well as "--sheet 签约项目". */
function splitOption(arg: string): [string, string | undefined] {
  const eq = arg.indexOf("=");
  return arg.startsWith("--") && eq > 0 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, undefined];
}
