// A carrier's availability (空置 / 意向 / 已签 / 已入驻) with the holding projects the user may see,
// "已被其他项目预留" for those outside the user's scope, and an occupant outside the system.
import { Link } from "@remix-run/react";
import { t } from "#app/i18n";
import { type AvailabilityView } from "#app/utils/site-display";

const AVAILABILITY_STYLE: Record<string, string> = {
  VACANT: "bg-green-50 text-green-800",
  RESERVED: "bg-amber-100 text-amber-900",
  SIGNED_OUT: "bg-red-50 text-red-800",
  OCCUPIED: "bg-gray-200 text-gray-800",
};

export function Availability({ availability: a }: { availability: AvailabilityView }) {
  return (
    <span className="flex flex-col gap-0.5" data-testid="availability" data-status={a.status}>
      <span className={`w-fit rounded px-1.5 py-0.5 text-xs font-medium whitespace-nowrap ${AVAILABILITY_STYLE[a.status] ?? ""}`}>{a.label}</span>
      {a.holders.map((h) => (
        <Link key={h.id} to={`/projects/${h.id}`} className="text-xs text-blue-700 hover:underline">
          {h.code} {h.name}
        </Link>
      ))}
      {a.heldByOthers ? <span className="text-xs text-gray-600">{t("sites.heldByOther")}</span> : null}
      {a.occupantName ? <span className="text-xs text-gray-600">{t("sites.occupantLine", { name: a.occupantName })}</span> : null}
    </span>
  );
}

