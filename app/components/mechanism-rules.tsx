// The rules of one mechanism version in plain Chinese (机制说明, DESIGN §2–§3). Every number
// comes from the configuration passed in, so what users read is what the system applies.
import { formatWan } from "#app/domain/money";
import { canonicalHalf, isLadderStage, type StageCode } from "#app/domain/stages";
import { yellowThreshold } from "#app/domain/warnings";
import { t } from "#app/i18n";
import { ratioToPercent } from "#app/schemas/mechanism-form";
import { type MechanismConfig } from "#app/schemas/mechanism";

function stageName(code: StageCode) {
  return t(`pipeline.stage_${code}`);
}

const HALF_STYLE = {
  NEGOTIATION: "bg-blue-50 text-blue-800",
  LANDING: "bg-green-50 text-green-800",
  EXIT: "bg-gray-100 text-gray-700",
} as const;

export function MechanismRules({ config }: { config: MechanismConfig }) {
  const stages = [...config.stages].sort((a, b) => a.order - b.order);
  const percent = ratioToPercent(config.warning.yellowRatio);
  const example = stages.find((s) => isLadderStage(s.code) && s.limitWorkdays !== null);
  const rules = config.countingRules;
  const landedConditions = [
    rules.landedRequiresFormalContract ? t("mechanism.landed_formalContract") : null,
    rules.landedRequiresLocalCompany ? t("mechanism.landed_localCompany") : null,
    rules.landedRequiresStart ? t("mechanism.landed_start") : null,
  ].filter((c): c is string => c !== null);

  return (
    <div className="space-y-4">
      <section className="card break-inside-avoid" aria-labelledby="mech-stages">
        <h2 id="mech-stages" className="mb-2 text-lg font-semibold">
          {t("mechanism.stagesTitle")}
        </h2>
        <p className="mb-3 text-sm text-gray-700">{t("mechanism.stagesIntro")}</p>
        <div className="overflow-x-auto">
          <table className="data-table" data-testid="stage-table">
            <thead>
              <tr>
                <th scope="col">{t("mechanism.colOrder")}</th>
                <th scope="col">{t("mechanism.colStage")}</th>
                <th scope="col">{t("mechanism.colHalf")}</th>
                <th scope="col">{t("mechanism.colLimit")}</th>
                <th scope="col">{t("mechanism.colRequired")}</th>
                <th scope="col">{t("mechanism.colFollowUp")}</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-gray-100">
              {stages.map((stage, i) => {
                const half = canonicalHalf(stage.code);
                return (
                  <tr key={stage.code} data-stage={stage.code}>
                    <td className="tabular-nums">{i + 1}</td>
                    <td className="font-medium">{stageName(stage.code)}</td>
                    <td>
                      <span className={`rounded px-1.5 py-0.5 text-xs ${HALF_STYLE[half]}`}>{t(`mechanism.halfShort_${half}`)}</span>
                    </td>
                    <td className="tabular-nums whitespace-nowrap">
                      {stage.limitWorkdays === null ? t("mechanism.noLimit") : t("mechanism.limitDays", { days: stage.limitWorkdays })}
                    </td>
                    <td>
                      {stage.requiredFields.length === 0
                        ? t("mechanism.nothingRequired")
                        : stage.requiredFields.map((field) => t(`pipeline.field_${field}`)).join("、")}
                    </td>
                    <td>{stage.followUpRequired ? t("mechanism.yes") : t("mechanism.no")}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        <p className="mt-3 text-sm text-gray-700">{t("mechanism.stagesMoveRules")}</p>
      </section>

      <section className="card break-inside-avoid" aria-labelledby="mech-follow-up">
        <h2 id="mech-follow-up" className="mb-2 text-lg font-semibold">
          {t("mechanism.followUpTitle")}
        </h2>
        <ul className="list-disc space-y-1 pl-5 text-sm">
          <li data-testid="cadence-key">{t("mechanism.followUpKey", { days: config.followUpCadenceDays.key })}</li>
          <li data-testid="cadence-normal">{t("mechanism.followUpNormal", { days: config.followUpCadenceDays.normal })}</li>
        </ul>
        <p className="mt-2 text-sm text-gray-600">{t("mechanism.followUpNote")}</p>
      </section>

      <section className="card break-inside-avoid" aria-labelledby="mech-warning">
        <h2 id="mech-warning" className="mb-2 text-lg font-semibold">
          {t("mechanism.warningTitle")}
        </h2>
        <ul className="space-y-2 text-sm">
          <li className="flex items-start gap-2">
            <span className="mt-0.5 inline-block rounded bg-blue-600 px-2 py-0.5 text-xs text-white">{t("pipeline.warning_BLUE")}</span>
            <span>{t("mechanism.warningBlue")}</span>
          </li>
          <li className="flex items-start gap-2">
            <span className="mt-0.5 inline-block rounded bg-yellow-400 px-2 py-0.5 text-xs text-gray-900">{t("pipeline.warning_YELLOW")}</span>
            <span data-testid="warning-yellow">
              {t("mechanism.warningYellow", { percent })}
              {example?.limitWorkdays
                ? t("mechanism.warningYellowExample", {
                    stage: stageName(example.code),
                    limit: example.limitWorkdays,
                    yellow: yellowThreshold(example.limitWorkdays, config.warning.yellowRatio),
                  })
                : null}
            </span>
          </li>
          <li className="flex items-start gap-2">
            <span className="mt-0.5 inline-block rounded bg-red-600 px-2 py-0.5 text-xs text-white">{t("pipeline.warning_RED")}</span>
            <span>{t("mechanism.warningRed")}</span>
          </li>
        </ul>
        <p className="mt-2 text-sm text-gray-600">{t("mechanism.warningNote")}</p>
      </section>

      <section className="card break-inside-avoid" aria-labelledby="mech-key">
        <h2 id="mech-key" className="mb-2 text-lg font-semibold">
          {t("mechanism.keyTitle")}
        </h2>
        <p className="text-sm" data-testid="key-threshold">
          {t("mechanism.keyRule", { amount: formatWan(config.keyProjectThresholdWan) })}
        </p>
        <p className="mt-1 text-sm text-gray-600">{t("mechanism.keyCadence")}</p>
      </section>

      <section className="card break-inside-avoid" aria-labelledby="mech-problem">
        <h2 id="mech-problem" className="mb-2 text-lg font-semibold">
          {t("mechanism.problemTitle")}
        </h2>
        <p className="text-sm" data-testid="problem-limit">
          {t("mechanism.problemRule", { days: config.problemLimitWorkdays, percent })}
        </p>
      </section>

      <section className="card break-inside-avoid" aria-labelledby="mech-counting">
        <h2 id="mech-counting" className="mb-2 text-lg font-semibold">
          {t("mechanism.countingTitle")}
        </h2>
        <ul className="list-disc space-y-1 pl-5 text-sm">
          <li>{t("mechanism.countingRegion")}</li>
          <li>{t("mechanism.countingMinAmount", { amount: formatWan(rules.minAmountWan) })}</li>
          <li>
            {t("mechanism.countingSizeBands", {
              bands: rules.sizeBandsWan.map((band) => t("mechanism.countingBand", { amount: formatWan(band) })).join("、"),
            })}
          </li>
          <li>{t("mechanism.countingLargeInTalks", { amount: formatWan(rules.largeInTalksWan) })}</li>
          <li>{landedConditions.length > 0 ? t("mechanism.countingLanded", { conditions: landedConditions.join("、") }) : t("mechanism.countingLandedFree")}</li>
        </ul>
      </section>
    </div>
  );
}
