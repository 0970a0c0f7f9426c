import mongoose, { Schema } from "mongoose";
import type { MetricsGranularity, RollupDim } from "@redress/shared";

/**
 * Rollup documents: one per (period, bucket start, dimension, key), in one collection per period
 * and dimension (rollups_day_category, ...): the embedded FerretDB/SQLite answers range queries
 * by scanning a whole collection, so a read scans only the docs of its own period and dimension
 * (bounded by periods x dimension values, never by complaints). Each holds holding counters and sparse
 * duration histograms. They are only ever changed with `$inc` (upsert), which FerretDB supports,
 * so concurrent writers never lose counts. `combo` docs (key "team|category|channel") serve
 * filtered views: a filter on team, category and/or channel sums the matching combo docs.
 *
 * Fields (all optional, missing = 0): created, resolved, reopened, closed, repeat, frCount,
 * frBreached, frWithinTarget, resBreached, resolvedWithinTarget, csatCount, csatSum, ltvQuick,
 * ltvSlow, and histograms fr / fr_bus / res_cal / res_bus ({ "<bucketIndex>": count }).
 */
const rollupSchema = new Schema(
  {
    _id: { type: String, required: true },
    period: { type: String, required: true },
    start: { type: Date, required: true },
    dim: { type: String, required: true },
    key: { type: String, required: true },
    // Set on combo docs only, so filtered reads can match them.
    team: String,
    category: String,
    rootCause: String,
    kind: String,
    channel: String,
  },
  { strict: false, versionKey: false, _id: false },
);
rollupSchema.index({ start: 1 });

/** Storage dimension: the public ones plus the filter combination. */
export type StoredDim = RollupDim | "combo";

/** A rollup document as read back (counters and histograms are loosely typed on purpose). */
export interface RollupDoc {
  _id: string;
  period: MetricsGranularity;
  start: Date;
  dim: StoredDim;
  key: string;
  team?: string;
  category?: string;
  rootCause?: string;
  kind?: string;
  channel?: string;
  [field: string]: unknown;
}

const storedDims: StoredDim[] = [
  "all",
  "team",
  "category",
  "rootCause",
  "kind",
  "channel",
  "agent",
  "combo",
];
/** Hourly docs are kept for the total and the combination only (see contributions.ts). */
export const hourDims: StoredDim[] = ["all", "combo"];

type RollupModel = ReturnType<typeof makeModel>;
function makeModel(period: MetricsGranularity, dim: StoredDim) {
  const name = `rollups_${period}_${dim}`;
  return (
    (mongoose.models[name] as mongoose.Model<unknown> | undefined) ??
    mongoose.model(name, rollupSchema, name)
  );
}
const models = new Map<string, RollupModel>();

/** The rollup model (collection `rollups_<period>_<dim>`) of a period and dimension. */
export function rollupModel(
  period: MetricsGranularity,
  dim: StoredDim,
): RollupModel {
  const key = `${period}_${dim}`;
  let m = models.get(key);
  if (!m) models.set(key, (m = makeModel(period, dim)));
  return m;
}

/** Every rollup model (rebuilds, index creation). */
export function rollupModels(): RollupModel[] {
  return (["hour", "day", "week"] as const).flatMap((p) =>
    (p === "hour" ? hourDims : storedDims).map((d) => rollupModel(p, d)),
  );
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Start (UTC) of the hour, day or ISO week (Monday) containing `at`. */
export function periodStart(at: Date, period: MetricsGranularity): Date {
  const t = at.getTime();
  if (period === "hour") return new Date(Math.floor(t / HOUR) * HOUR);
  const day = Math.floor(t / DAY) * DAY;
  if (period === "day") return new Date(day);
  const weekday = (new Date(day).getUTCDay() + 6) % 7; // Monday = 0
  return new Date(day - weekday * DAY);
}

/** The start of the period after the one starting at `start`. */
export function nextPeriod(start: Date, period: MetricsGranularity): Date {
  const step = period === "hour" ? HOUR : period === "day" ? DAY : 7 * DAY;
  return new Date(start.getTime() + step);
}

/** Deterministic id, so every writer upserts the same document. */
export function rollupId(
  period: MetricsGranularity,
  start: Date,
  dim: StoredDim,
  key: string,
): string {
  return `${period}|${start.toISOString()}|${dim}|${key}`;
}
