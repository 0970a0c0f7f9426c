/**
 * What one complaint contributes to the rollups, as a pure function of its current state.
 *
 * A complaint contributes up to six facets, each counted at the time it happened:
 * - filed  (at createdAt):       created, repeat (customer had complained before)
 * - fr     (at firstResponseAt): frCount, fr/fr_bus histograms, frWithinTarget | frBreached
 * - res    (at resolvedAt, only while resolved or closed): resolved, res_cal/res_bus histograms,
 *          resolvedWithinTarget | resBreached, ltvQuick | ltvSlow (lifetime value, for retention)
 * - reopen (at createdAt, the cohort): reopened = reopenCount
 * - closed (at closedAt, only while closed): closed
 * - csat   (at csat.at):         csatCount, csatSum
 * Syncing applies the difference between these and what was applied before (kept on the
 * complaint), so a reopen retracts the resolution and a re-categorisation moves the counts: the
 * rollups always equal a sum over the complaints' current states, which a brute-force pass can check.
 */
import { bucketIndex, type MetricsGranularity, type PriorityLevel } from '@redress/shared';
import type { ComplaintFields } from '../complaints/complaint.types';
import { hourDims, periodStart, rollupId, type StoredDim } from './rollup.model';
import type { DurationTargets } from './settings';

export const facetNames = ['filed', 'fr', 'res', 'reopen', 'closed', 'csat'] as const;
export type FacetName = (typeof facetNames)[number];

/** Dimension values a facet is counted under ('none' when a complaint has no team). */
export interface FacetDims {
  team: string;
  category: string;
  rootCause: string;
  kind: string;
  channel: string;
  /** Only facets an agent is credited with (fr, res, csat) carry the assignee. */
  agent: string | null;
}

export interface Facet {
  /** ISO time the facet is counted at. */
  at: string;
  dims: FacetDims;
  /** Counter increments; histogram buckets as "<histogram>:<bucketIndex>" (stored keys cannot hold dots). */
  inc: Record<string, number>;
}

export type Facets = Partial<Record<FacetName, Facet>>;

/** The complaint fields contributions depend on (a lean document). */
export type ComplaintSnapshot = Pick<
  ComplaintFields,
  | 'teamId'
  | 'category'
  | 'rootCause'
  | 'kind'
  | 'channel'
  | 'assigneeId'
  | 'createdAt'
  | 'firstResponseAt'
  | 'resolvedAt'
  | 'closedAt'
  | 'status'
  | 'reopenCount'
  | 'priority'
  | 'csat'
> & {
  customer: Pick<ComplaintFields['customer'], 'lifetimeValue' | 'priorComplaints'>;
  sla?: unknown;
};

interface SlaClockView {
  elapsedBusinessMs?: number;
  targetMs?: number;
}

/** The SLA domain's clock for `name` on the complaint, if it keeps one (shape read defensively). */
function slaClock(c: ComplaintSnapshot, name: 'firstResponse' | 'resolution'): SlaClockView {
  const sla = c.sla as Record<string, unknown> | null | undefined;
  const clock = sla?.[name] as Record<string, unknown> | null | undefined;
  if (!clock || typeof clock !== 'object') return {};
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined);
  // elapsedBusinessMs is a snapshot; it is final only once the clock stopped (metAt).
  return {
    elapsedBusinessMs: clock.metAt ? num(clock.elapsedBusinessMs) : undefined,
    targetMs: num(clock.targetMs),
  };
}

function seconds(from: Date, to: Date): number {
  return Math.max(0, (to.getTime() - from.getTime()) / 1000);
}

/** Durations of a complaint: calendar and business seconds, and the target they are held to. */
export function durationsOf(c: ComplaintSnapshot, targets: DurationTargets) {
  const priority: PriorityLevel = c.priority ?? 'normal';
  const fr = slaClock(c, 'firstResponse');
  const res = slaClock(c, 'resolution');
  const frCal = c.firstResponseAt ? seconds(c.createdAt, c.firstResponseAt) : null;
  const resCal = c.resolvedAt ? seconds(c.createdAt, c.resolvedAt) : null;
  return {
    frCal,
    frBus: frCal === null ? null : fr.elapsedBusinessMs !== undefined ? fr.elapsedBusinessMs / 1000 : frCal,
    frTarget: fr.targetMs !== undefined ? fr.targetMs / 1000 : targets.firstResponseSeconds[priority],
    resCal,
    resBus: resCal === null ? null : res.elapsedBusinessMs !== undefined ? res.elapsedBusinessMs / 1000 : resCal,
    resTarget: res.targetMs !== undefined ? res.targetMs / 1000 : targets.resolutionSeconds[priority],
  };
}

function nonZero(inc: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(inc).filter(([, v]) => v !== 0));
}

/** The facets a complaint should contribute now (see the module comment). */
export function desiredFacets(c: ComplaintSnapshot, targets: DurationTargets): Facets {
  const base: FacetDims = {
    team: c.teamId ? String(c.teamId) : 'none',
    category: c.category,
    rootCause: c.rootCause,
    kind: c.kind,
    channel: c.channel,
    agent: null,
  };
  const credited: FacetDims = {
    ...base,
    agent: c.assigneeId ? String(c.assigneeId) : null,
  };
  const d = durationsOf(c, targets);
  const ltv = Math.max(0, c.customer?.lifetimeValue ?? 0);
  const out: Facets = {};
  out.filed = {
    at: c.createdAt.toISOString(),
    dims: base,
    inc: nonZero({
      created: 1,
      repeat: (c.customer?.priorComplaints ?? 0) > 0 ? 1 : 0,
    }),
  };
  if (c.firstResponseAt && d.frCal !== null && d.frBus !== null) {
    const within = d.frBus <= d.frTarget;
    out.fr = {
      at: c.firstResponseAt.toISOString(),
      dims: credited,
      inc: nonZero({
        frCount: 1,
        [`fr:${bucketIndex(d.frCal)}`]: 1,
        [`fr_bus:${bucketIndex(d.frBus)}`]: 1,
        frWithinTarget: within ? 1 : 0,
        frBreached: within ? 0 : 1,
      }),
    };
  }
  if ((c.status === 'resolved' || c.status === 'closed') && c.resolvedAt && d.resCal !== null && d.resBus !== null) {
    const within = d.resBus <= d.resTarget;
    out.res = {
      at: c.resolvedAt.toISOString(),
      dims: credited,
      inc: nonZero({
        resolved: 1,
        [`res_cal:${bucketIndex(d.resCal)}`]: 1,
        [`res_bus:${bucketIndex(d.resBus)}`]: 1,
        resolvedWithinTarget: within ? 1 : 0,
        resBreached: within ? 0 : 1,
        ltvQuick: within ? ltv : 0,
        ltvSlow: within ? 0 : ltv,
      }),
    };
  }
  if (c.reopenCount > 0)
    out.reopen = {
      at: c.createdAt.toISOString(),
      dims: base,
      inc: { reopened: c.reopenCount },
    };
  if (c.status === 'closed' && c.closedAt)
    out.closed = {
      at: c.closedAt.toISOString(),
      dims: base,
      inc: { closed: 1 },
    };
  if (c.csat && typeof c.csat.score === 'number' && c.csat.at) {
    out.csat = {
      at: new Date(c.csat.at).toISOString(),
      dims: credited,
      inc: { csatCount: 1, csatSum: c.csat.score },
    };
  }
  return out;
}

/** One rollup document's pending change: its identity fields and the increments. */
export interface RollupDelta {
  meta: {
    period: MetricsGranularity;
    start: Date;
    dim: StoredDim;
    key: string;
  } & Partial<Record<'team' | 'category' | 'rootCause' | 'kind' | 'channel', string>>;
  inc: Record<string, number>;
}

const periods: MetricsGranularity[] = ['hour', 'day', 'week'];

/** Add `sign` x the facet's increments to every rollup doc it is counted in. */
export function addFacet(into: Map<string, RollupDelta>, f: Facet, sign: 1 | -1): void {
  const at = new Date(f.at);
  const { dims } = f;
  const keys: [StoredDim, string][] = [
    ['all', 'all'],
    ['team', dims.team],
    ['category', dims.category],
    ['rootCause', dims.rootCause],
    ['kind', dims.kind],
    ['channel', dims.channel],
    ['combo', `${dims.team}|${dims.category}|${dims.channel}`],
  ];
  if (dims.agent) keys.push(['agent', dims.agent]);
  for (const period of periods) {
    const start = periodStart(at, period);
    // Hourly docs are the most numerous: keep only the total and the combination (which also
    // answers hour-level breakdowns); agents are read by day or week.
    const periodKeys = period === 'hour' ? keys.filter(([dim]) => hourDims.includes(dim)) : keys;
    for (const [dim, key] of periodKeys) {
      const id = rollupId(period, start, dim, key);
      let delta = into.get(id);
      if (!delta) {
        const meta: RollupDelta['meta'] = { period, start, dim, key };
        if (dim === 'combo')
          Object.assign(meta, {
            team: dims.team,
            category: dims.category,
            rootCause: dims.rootCause,
            kind: dims.kind,
            channel: dims.channel,
          });
        delta = { meta, inc: {} };
        into.set(id, delta);
      }
      for (const [field, n] of Object.entries(f.inc)) {
        // Stored facets say "fr:37" (keys cannot hold dots); the rollup path is "fr.37".
        const path = field.replace(':', '.');
        delta.inc[path] = (delta.inc[path] ?? 0) + sign * n;
      }
    }
  }
}

function sameFacet(a: Facet | undefined, b: Facet | undefined): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/** Rollup deltas that turn the `applied` contributions into the `desired` ones (empty if equal). */
export function facetDiff(applied: Facets, desired: Facets): Map<string, RollupDelta> {
  const out = new Map<string, RollupDelta>();
  for (const name of facetNames) {
    const before = applied[name];
    const after = desired[name];
    if (sameFacet(before, after)) continue;
    if (before) addFacet(out, before, -1);
    if (after) addFacet(out, after, 1);
  }
  // Drop increments that cancelled out (a facet moved within the same period).
  for (const [id, d] of out) {
    d.inc = nonZero(d.inc);
    if (Object.keys(d.inc).length === 0) out.delete(id);
  }
  return out;
}
