// npm run alerts [-- --deliver-only | --no-deliver] [--json]
// The scheduled alerts run (issue 4 §10): every open problem, incentive, instruction, stage clock
// and landed firm through the one rule module (app/domain/alert-rules.ts) under the mechanism in
// force; new notices written to the inbox (never twice), group-robot messages queued, then the
// due robot deliveries sent (with retries), and session rows past their limits deleted. Prints a
// summary; exit status 1 on an error.
// Safe to run as often as wanted and concurrently; see README "Alerts" for cron and systemd.
import "dotenv/config";
import { alertKindLabelKey, type AlertKind } from "#app/domain/alert-rules";
import { t } from "#app/i18n";
import { ALERT_SOURCES, runAlerts, type AlertRunSummary } from "#app/models/alerts.server";
import { purgeExpiredSessions } from "#app/utils/auth.server";
import { prisma } from "#app/utils/db.server";
import { deliverDueWebhooks, type DeliveryRunResult } from "#app/utils/webhooks.server";

const args = new Set(process.argv.slice(2));
const known = new Set(["--deliver-only", "--no-deliver", "--json"]);
const unknown = [...args].filter((a) => !known.has(a));
if (unknown.length || (args.has("--deliver-only") && args.has("--no-deliver"))) {
  console.error("Usage: npm run alerts [-- --deliver-only | --no-deliver] [--json]");
  process.exit(2);
}

const started = Date.now();
try {
  const summary: AlertRunSummary | null = args.has("--deliver-only") ? null : await runAlerts();
  const webhooks: DeliveryRunResult | null = args.has("--no-deliver") ? null : await deliverDueWebhooks();
  const sessionsPurged = args.has("--deliver-only") ? null : await purgeExpiredSessions();
  const ms = Date.now() - started;
  if (args.has("--json")) {
    console.log(JSON.stringify({ summary, webhooks, sessionsPurged, ms }));
  } else {
    if (summary) {
      console.log(`Alerts run at ${summary.at.toISOString()}: ${summary.notifications} new notification(s).`);
      for (const source of ALERT_SOURCES) {
        const s = summary.sources[source];
        console.log(`  ${source.padEnd(13)} scanned ${String(s.scanned).padStart(6)}  alerts due ${String(s.alerts).padStart(6)}  new notifications ${String(s.notifications).padStart(6)}`);
      }
      for (const [kind, count] of Object.entries(summary.alertsByKind).sort()) console.log(`    ${kind} ${t(alertKindLabelKey(kind as AlertKind))}: ${count}`);
    }
    if (sessionsPurged !== null) console.log(`Expired sessions deleted: ${sessionsPurged}.`);
    if (webhooks) console.log(`Group robots: ${webhooks.sent} sent, ${webhooks.retrying} to retry, ${webhooks.gaveUp} given up, ${webhooks.skipped} skipped.`);
    console.log(`Done in ${ms} ms.`);
  }
} catch (error) {
  console.error("Alerts run failed:", error);
  process.exitCode = 1;
} finally {
  await prisma.$disconnect();
}
