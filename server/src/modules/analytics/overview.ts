/** GET /api/metrics/overview: every dashboard figure from rollups plus the live open set. */
import {
  estimateRetention,
  HISTOGRAM_RELATIVE_ERROR,
  MAX_PERIODS_PER_QUERY,
  type MetricRow,
  type MetricsGranularity,
  type OverviewQuery,
  type OverviewResponse,
} from '@redress/shared';
import { errors } from '../../platform/errors';
import { liveState, openComplaints } from './liveState';
import { policyTargets } from './policyTargets';
import { recoveryFigures } from './recovery';
import { nextPeriod, periodStart } from './rollup.model';
import { emptyAccumulator, hasFilters, readRollups, rowsBy, toRow, totalRow, type RollupFilters } from './rollupReader';
import { durationTargets, retentionRates } from './settings';

const DAY = 86_400_000;
const periodMs: Record<MetricsGranularity, number> = {
  hour: 3_600_000,
  day: DAY,
  week: 7 * DAY,
};

/**
 * The range a query covers: rollups count whole periods, so `from` (default 7 days before `to`)
 * is aligned down to the start of its period and `to` (exclusive, default now) up to the end of
 * its period. At most
 * MAX_PERIODS_PER_QUERY periods, so a read never grows with history.
 */
export function resolveRange(q: { from?: string; to?: string }, granularity: MetricsGranularity, now: Date): { from: Date; to: Date } {
  const rawTo = q.to ? new Date(q.to) : now;
  const rawFrom = q.from ? new Date(q.from) : new Date(rawTo.getTime() - 7 * DAY);
  if (rawFrom >= rawTo) throw errors.validation([{ path: 'query.from', message: 'from must be before to' }]);
  const from = periodStart(rawFrom, granularity);
  // The last period is counted whole, so the range reported ends where that period ends.
  const to = nextPeriod(periodStart(new Date(rawTo.getTime() - 1), granularity), granularity);
  if ((to.getTime() - from.getTime()) / periodMs[granularity] > MAX_PERIODS_PER_QUERY) {
    throw errors.validation([
      {
        path: 'query.granularity',
        message: `At most ${MAX_PERIODS_PER_QUERY} periods per request: choose a coarser granularity`,
      },
    ]);
  }
  return { from, to };
}

/** One row per period of the range, empty periods included, so charts keep a time axis. */
function fillSeries(rows: MetricRow[], from: Date, to: Date, g: MetricsGranularity): MetricRow[] {
  const byKey = new Map(rows.map((r) => [r.key, r]));
  const out: MetricRow[] = [];
  for (let t = from; t < to; t = nextPeriod(t, g)) {
    const key = t.toISOString();
    out.push(byKey.get(key) ?? toRow(key, emptyAccumulator()));
  }
  return out;
}

/** Build the overview for the query (already parsed), within the viewer's teams (scope.ts; absent: all). */
export async function buildOverview(q: OverviewQuery, now: Date, teams?: string[]): Promise<OverviewResponse> {
  const g = q.granularity;
  const { from, to } = resolveRange(q, g, now);
  const filters: RollupFilters = {
    team: q.team,
    teams,
    category: q.category,
    channel: q.channel,
  };
  let series, byCategory, byRootCause, byKind, byChannel, totals;
  if (hasFilters(filters) || g === 'hour') {
    // Filtered (or hourly, where only total and combo docs exist): combo docs carry team,
    // category, root cause, kind and channel.
    const docs = await readRollups(g, 'combo', from, to, filters);
    series = rowsBy(docs, (d) => d.start.toISOString());
    byCategory = rowsBy(docs, (d) => d.category ?? '');
    byRootCause = rowsBy(docs, (d) => d.rootCause ?? '');
    byKind = rowsBy(docs, (d) => d.kind ?? '');
    byChannel = rowsBy(docs, (d) => d.channel ?? '');
    totals = totalRow(docs);
  } else {
    const [all, cat, rc, kind, ch] = await Promise.all(
      (['all', 'category', 'rootCause', 'kind', 'channel'] as const).map((dim) => readRollups(g, dim, from, to)),
    );
    series = rowsBy(all!, (d) => d.start.toISOString());
    byCategory = rowsBy(cat!, (d) => d.key);
    byRootCause = rowsBy(rc!, (d) => d.key);
    byKind = rowsBy(kind!, (d) => d.key);
    byChannel = rowsBy(ch!, (d) => d.key);
    totals = totalRow(all!);
  }
  const [open, recovery, rates, targets, policy] = await Promise.all([
    openComplaints(filters),
    recoveryFigures(from, to, filters),
    retentionRates(),
    durationTargets(),
    policyTargets(filters),
  ]);
  const live = await liveState(open, now);
  const openInRange = open.filter((c) => c.createdAt >= from && c.createdAt < to);
  const retention = estimateRetention(
    {
      unresolved: {
        count: openInRange.length,
        lifetimeValue: openInRange.reduce((s, c) => s + Math.max(0, c.customer?.lifetimeValue ?? 0), 0),
      },
      resolved: {
        count: totals.resolved - totals.resolvedWithinTarget,
        lifetimeValue: Math.max(0, totals.ltvSlow),
      },
      resolvedQuickly: {
        count: totals.resolvedWithinTarget,
        lifetimeValue: Math.max(0, totals.ltvQuick),
      },
    },
    rates,
  );
  series = fillSeries(series, from, to, g);
  return {
    range: { from: from.toISOString(), to: to.toISOString(), granularity: g },
    filters: {
      team: q.team ?? null,
      category: q.category ?? null,
      channel: q.channel ?? null,
    },
    // The SLA policies' targets when one covers the view; the analytics fallback otherwise.
    targets: policy ?? {
      firstResponseSeconds: targets.firstResponseSeconds.normal,
      resolutionSeconds: targets.resolutionSeconds.normal,
      policyName: null,
    },
    totals,
    series,
    byCategory,
    byRootCause,
    byKind,
    byChannel,
    reopenRate: totals.created > 0 ? totals.reopened / totals.created : null,
    live,
    recovery,
    retention,
    retentionRates: rates,
    histogramRelativeError: HISTOGRAM_RELATIVE_ERROR,
    generatedAt: now.toISOString(),
  };
}
