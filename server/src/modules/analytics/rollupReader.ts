/** Reads rollup documents for a range and folds them into dashboard rows. */
import {
  mergeBuckets,
  percentileFromBuckets,
  type BucketCounts,
  type MetricCounters,
  type MetricRow,
  type MetricsGranularity,
  type PercentilePair,
} from '@redress/shared';
import { NO_TEAM } from '../auth/auth.policy';
import { partitionsBetween, periodStart, rollupPartition, type RollupDoc, type StoredDim } from './rollup.model';

export const counterNames: (keyof MetricCounters)[] = [
  'created',
  'resolved',
  'reopened',
  'closed',
  'repeat',
  'frCount',
  'frBreached',
  'frWithinTarget',
  'resBreached',
  'resolvedWithinTarget',
  'csatCount',
  'csatSum',
  'ltvQuick',
  'ltvSlow',
];
const histograms = ['fr', 'fr_bus', 'res_cal', 'res_bus'] as const;
type HistogramName = (typeof histograms)[number];

/** Filters a rollup read can apply (served by combo docs). */
export interface RollupFilters {
  team?: string;
  /**
   * Without `team`: only these teams (the viewer's, see scope.ts); absent means every team. Read
   * as one equality query per team, which the embedded database answers from its index.
   */
  teams?: string[];
  category?: string;
  channel?: string;
}

export function hasFilters(f: RollupFilters): boolean {
  return Boolean(f.team || f.teams || f.category || f.channel);
}

/** The team ids a read is restricted to: [team], the scope's teams (NO_TEAM: unrouted), or null for every team. */
export function teamsOf(f: RollupFilters): string[] | null {
  if (f.team) return [f.team];
  return f.teams ?? null;
}

/** A complaint's `teamId` condition for these teams (NO_TEAM matches unrouted complaints); ids as strings or ObjectIds. */
export function teamIdCondition<T>(teams: string[], toId: (id: string) => T): T | null | { $in: (T | null)[] } {
  const values = teams.map((t) => (t === NO_TEAM ? null : toId(t)));
  return values.length === 1 ? values[0]! : { $in: values };
}

/**
 * Rollup docs of one dimension whose period starts in [periodStart(from), to): one query per
 * time partition the range touches (rollup.model.ts), so a read is bounded by the range and the
 * dimension's values, never by history or the number of complaints.
 */
export async function readRollups(period: MetricsGranularity, dim: StoredDim, from: Date, to: Date, filters: RollupFilters = {}): Promise<RollupDoc[]> {
  const first = periodStart(from, period);
  const q: Record<string, unknown> = { start: { $gte: first, $lt: to } };
  const teams = dim === 'combo' ? teamsOf(filters) : null;
  if (dim === 'combo') {
    if (filters.category) q.category = filters.category;
    if (filters.channel) q.channel = filters.channel;
  }
  const queries = teams ? teams.map((team) => ({ ...q, team })) : [q];
  const parts = await Promise.all(partitionsBetween(period, first, to).flatMap((p) => queries.map((qq) => rollupPartition(period, dim, p).find(qq).toArray())));
  return parts.flat();
}

/** Running sum of docs: counters and merged histograms. */
export interface Accumulator {
  counters: MetricCounters;
  hist: Record<HistogramName, BucketCounts>;
}

export function emptyAccumulator(): Accumulator {
  const counters = Object.fromEntries(counterNames.map((n) => [n, 0])) as unknown as MetricCounters;
  return { counters, hist: { fr: {}, fr_bus: {}, res_cal: {}, res_bus: {} } };
}

export function accumulate(acc: Accumulator, doc: RollupDoc): void {
  for (const n of counterNames) {
    const v = doc[n];
    if (typeof v === 'number') acc.counters[n] += v;
  }
  for (const h of histograms) {
    const counts = doc[h] as BucketCounts | undefined;
    if (!counts) continue;
    // Negative counts can only come from a half-applied retraction; clamp so reads never throw.
    const clean = Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, Math.max(0, v)]));
    acc.hist[h] = mergeBuckets(acc.hist[h], clean);
  }
}

function pair(counts: BucketCounts): PercentilePair {
  return {
    p50: percentileFromBuckets(counts, 0.5),
    p90: percentileFromBuckets(counts, 0.9),
  };
}

/** The presented row of an accumulator. */
export function toRow(key: string, acc: Accumulator): MetricRow {
  const c = acc.counters;
  return {
    key,
    ...c,
    firstResponse: pair(acc.hist.fr),
    firstResponseBusiness: pair(acc.hist.fr_bus),
    resolution: pair(acc.hist.res_cal),
    resolutionBusiness: pair(acc.hist.res_bus),
    withinTargetShare: c.resolved > 0 ? c.resolvedWithinTarget / c.resolved : null,
    csatAverage: c.csatCount > 0 ? c.csatSum / c.csatCount : null,
  };
}

/** Group docs by a key function and fold each group into a row, sorted by key. */
export function rowsBy(docs: RollupDoc[], keyOf: (d: RollupDoc) => string): MetricRow[] {
  const groups = new Map<string, Accumulator>();
  for (const d of docs) {
    const k = keyOf(d);
    let acc = groups.get(k);
    if (!acc) groups.set(k, (acc = emptyAccumulator()));
    accumulate(acc, d);
  }
  return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, acc]) => toRow(k, acc));
}

/** One row summing every doc. */
export function totalRow(docs: RollupDoc[]): MetricRow {
  const acc = emptyAccumulator();
  for (const d of docs) accumulate(acc, d);
  return toRow('total', acc);
}
