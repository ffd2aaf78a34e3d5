// The URL parameters of a cockpit drill-down (app/schemas/metric-drill.ts), apart so that the
// list's filter bar can keep them across a new filter without loading the metric rules.
export const METRIC_DRILL_PARAMS = ["metric", "periodFrom", "periodTo", "band", "source", "tag", "capacity", "participant"] as const;
