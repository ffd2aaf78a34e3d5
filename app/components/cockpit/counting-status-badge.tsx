// 统计口径 on the project page (DESIGN §6): whether the project is counted in the statistics and
// whether it has landed in their sense — and if not, why. Data from getCountingStatus()
// (app/models/metrics.server.ts); the rules are the mechanism's countingRules.
import { Link } from "@remix-run/react";
import { formatWan } from "#app/domain/money";
import { t } from "#app/i18n";

export type CountingStatusBadgeData = {
  counted: boolean;
  reasons: ("DELETED" | "TERMINATED" | "BELOW_THRESHOLD")[];
  amountWan: number;
  minAmountWan: number;
  landed: boolean;
  landedMissing: ("NOT_SIGNED" | "NO_FORMAL_CONTRACT" | "NO_LOCAL_COMPANY" | "NOT_STARTED")[];
};

export function CountingStatusBadge({ status }: { status: CountingStatusBadgeData }) {
  const reasons = status.reasons.map((r) =>
    r === "BELOW_THRESHOLD" ? t("cockpit.countingReason_BELOW_THRESHOLD", { amount: formatWan(status.amountWan), min: formatWan(status.minAmountWan) }) : t(`cockpit.countingReason_${r}`),
  );
  return (
    <div className="text-sm" data-testid="counting-status" data-counted={status.counted} data-landed={status.landed}>
      <span className="mr-1 text-gray-600">
        <Link to="/mechanism" className="hover:underline">
          {t("cockpit.countingTitle")}
        </Link>
        ：
      </span>
      <span className={`rounded px-1.5 py-0.5 text-xs ${status.counted ? "bg-green-50 text-green-800" : "bg-gray-100 text-gray-700"}`}>{status.counted ? t("cockpit.countedYes") : t("cockpit.countedNo")}</span>
      {status.counted ? (
        <span className={`ml-1 rounded px-1.5 py-0.5 text-xs ${status.landed ? "bg-green-50 text-green-800" : "bg-amber-50 text-amber-800"}`}>{status.landed ? t("cockpit.landedYes") : t("cockpit.landedNo")}</span>
      ) : null}
      {reasons.length > 0 ? <span className="ml-1 text-gray-600">（{reasons.join("；")}）</span> : null}
      {status.counted && !status.landed ? <span className="ml-1 text-gray-600">（{status.landedMissing.map((m) => t(`cockpit.landedMissing_${m}`)).join("、")}）</span> : null}
    </div>
  );
}
