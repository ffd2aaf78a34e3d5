// npm run import -- --file 台账.xlsx [--region 汉阴县] [--sheet 工作表] [--dry-run] [--json]
// Imports a bureau's Excel ledger from the command line through the same code as the browser
// import; see scripts/lib/import-cli.ts for the output and exit status.
import "dotenv/config";
import { prisma } from "#app/utils/db.server";
import { runImportCli } from "./lib/import-cli";

try {
  process.exitCode = await runImportCli(process.argv.slice(2), {
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
    db: prisma,
    now: new Date(),
  });
} finally {
  await prisma.$disconnect();
}
