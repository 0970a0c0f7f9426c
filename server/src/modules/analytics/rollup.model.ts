import type { Collection, Db } from 'mongodb';
import mongoose from 'mongoose';
import type { MetricsGranularity, RollupDim } from '@redress/shared';

/**
 * Rollup documents: one per (period, bucket start, dimension, key), holding counters and sparse
 * duration histograms, only ever changed with `$inc` upserts (which FerretDB supports), so
 * concurrent writers never lose counts. `combo` docs (key "team|category|channel") serve filtered
 * views: a filter on team, category and/or channel sums the matching combo docs.
 *
 * Layout: one collection per period, dimension and time partition,
 * `rollups_<period>_<dim>_<partition>` — hourly docs by UTC day (`20261202`), daily docs by month
 * (`202612`), weekly docs by the year of the week's Monday (`2026`). The embedded FerretDB/SQLite
 * answers a range query by scanning whole collections, so a read scans only the partitions its
 * range touches: bounded by the range and the dimension's values, never by history or complaints.
 * A partition is small enough (a month of daily combos is 30 x teams x categories x channels)
 * that MongoDB needs no secondary index on it either.
 *
 * Fields (all optional, missing = 0): created, resolved, reopened, closed, repeat, frCount,
 * frBreached, frWithinTarget, resBreached, resolvedWithinTarget, csatCount, csatSum, ltvQuick,
 * ltvSlow, and histograms fr / fr_bus / res_cal / res_bus ({ "<bucketIndex>": count }).
 */

/** Storage dimension: the public ones plus the filter combination. */
export type StoredDim = RollupDim | 'combo';

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

/** Hourly docs are kept for the total and the combination only (see contributions.ts). */
export const hourDims: StoredDim[] = ['all', 'combo'];

function db(): Db {
  const d = mongoose.connection.db;
  if (!d) throw new Error('rollups: the database is not connected');
  return d as unknown as Db;
}

/** The partition holding a period that starts at `start`: UTC day, month or year. */
export function partitionOf(period: MetricsGranularity, start: Date): string {
  const iso = start.toISOString(); // 2026-12-02T...
  const y = iso.slice(0, 4);
  const m = iso.slice(5, 7);
  if (period === 'hour') return `${y}${m}${iso.slice(8, 10)}`;
  return period === 'day' ? `${y}${m}` : y;
}

/** Collection name of a period, dimension and partition. */
export function rollupCollectionName(period: MetricsGranularity, dim: StoredDim, partition: string): string {
  return `rollups_${period}_${dim}_${partition}`;
}

/** One partition's collection. */
export function rollupPartition(period: MetricsGranularity, dim: StoredDim, partition: string): Collection<RollupDoc> {
  return db().collection<RollupDoc>(rollupCollectionName(period, dim, partition));
}

/** The collection holding the rollup doc of `period` starting at `start`. */
export function rollupCollection(period: MetricsGranularity, dim: StoredDim, start: Date): Collection<RollupDoc> {
  return rollupPartition(period, dim, partitionOf(period, start));
}

/** The partitions a range of period starts [from, to) touches, oldest first. */
export function partitionsBetween(period: MetricsGranularity, from: Date, to: Date): string[] {
  const out: string[] = [];
  const t = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate()));
  if (period !== 'hour') t.setUTCDate(1);
  if (period === 'week') t.setUTCMonth(0);
  while (t < to) {
    out.push(partitionOf(period, t));
    if (period === 'hour') t.setUTCDate(t.getUTCDate() + 1);
    else if (period === 'day') t.setUTCMonth(t.getUTCMonth() + 1);
    else t.setUTCFullYear(t.getUTCFullYear() + 1);
  }
  return out;
}

/** `rollups_<period>_<dim>_<partition>`, and the unpartitioned layout before 2026-12. */
const layout = /^rollups_(hour|day|week)_([A-Za-z]+)_(\d{4,8})$/;
const legacyLayout = /^rollups_(hour|day|week)_[A-Za-z]+$/;

async function collectionNames(): Promise<string[]> {
  return (await db().listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name);
}

/** The partitions of a period and dimension that exist, oldest first. */
export async function existingPartitions(period: MetricsGranularity, dim: StoredDim): Promise<string[]> {
  return (await collectionNames())
    .map((n) => layout.exec(n))
    .filter((m) => !!m && m[1] === period && m[2] === dim)
    .map((m) => m![3]!)
    .sort();
}

/**
 * Collections of the unpartitioned layout before 2026-12 (`rollups_<period>_<dim>`): present
 * only in databases written by an older Redress, which must rebuild (rebuild.ts).
 */
export async function legacyRollupCollections(): Promise<string[]> {
  return (await collectionNames()).filter((n) => legacyLayout.test(n));
}

/** Drop every rollup collection (both layouts), for a rebuild. */
export async function dropAllRollups(): Promise<void> {
  const names = (await collectionNames()).filter((n) => layout.test(n) || legacyLayout.test(n));
  await Promise.all(names.map((n) => db().dropCollection(n)));
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Start (UTC) of the hour, day or ISO week (Monday) containing `at`. */
export function periodStart(at: Date, period: MetricsGranularity): Date {
  const t = at.getTime();
  if (period === 'hour') return new Date(Math.floor(t / HOUR) * HOUR);
  const day = Math.floor(t / DAY) * DAY;
  if (period === 'day') return new Date(day);
  const weekday = (new Date(day).getUTCDay() + 6) % 7; // Monday = 0
  return new Date(day - weekday * DAY);
}

/** The start of the period after the one starting at `start`. */
export function nextPeriod(start: Date, period: MetricsGranularity): Date {
  const step = period === 'hour' ? HOUR : period === 'day' ? DAY : 7 * DAY;
  return new Date(start.getTime() + step);
}

/** Deterministic id, so every writer upserts the same document. */
export function rollupId(period: MetricsGranularity, start: Date, dim: StoredDim, key: string): string {
  return `${period}|${start.toISOString()}|${dim}|${key}`;
}
