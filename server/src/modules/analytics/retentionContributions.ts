/**
 * What one complaint contributes to the measured-retention rollups, as a pure function of its
 * retention attributes and the customer's placed orders after its anchor.
 *
 * The anchor is the resolution time for a resolved complaint (resolved or closed with resolvedAt),
 * else the filing time (speed `unresolved`). A complaint is counted in the cohort of its anchor's
 * UTC day, under `all`, its speed, tier, root cause, team and each remedy type it received
 * (approved or issued; `none` without). Per window w in 30/90/180 days: `r<w>` = 1 when the
 * customer placed an order with time in (anchor, anchor + w days], and `v<w>.<currency>` the
 * cents ordered in it. Remedy return (`remedyRule` rows): per remedy, its cost in cents and the
 * 180-day value ordered after the complaint.
 */
import { cohortDay, DAY_MS, moneyRemedyTypes, retentionWindows, type RemedyType, type ResolutionSpeed } from '@redress/shared';

export interface RetentionRemedy {
  type: string;
  ruleKey: string;
  ruleVersion: number;
  /** Cost in cents (money remedies only; 0 for points). */
  cents: number;
  currency: string | null;
}

export interface RetentionAttributes {
  email: string;
  anchorMs: number;
  speed: ResolutionSpeed;
  tier: string;
  rootCause: string;
  team: string;
  remedies: RetentionRemedy[];
}

export interface PlacedOrder {
  /** Time, ms. */
  t: number;
  /** Cents. */
  a: number;
  /** Currency. */
  c: string;
}

/** Rollup id → counter increments. */
export type RetentionContributions = Record<string, Record<string, number>>;

/** The rollup document id of (dim, key, cohort day). */
export function retentionRollupId(dim: string, key: string, dayMs: number): string {
  return `${dim}|${key}|${new Date(dayMs).toISOString().slice(0, 10)}`;
}

export const LONGEST_WINDOW_MS = retentionWindows[retentionWindows.length - 1]! * DAY_MS;

/** The contributions (see the module comment). `orders` may hold any orders; only those in the windows count. */
export function retentionContributions(a: RetentionAttributes, orders: PlacedOrder[]): RetentionContributions {
  const inc: Record<string, number> = { n: 1 };
  for (const w of retentionWindows) {
    const end = a.anchorMs + w * DAY_MS;
    const inWindow = orders.filter((o) => o.t > a.anchorMs && o.t <= end);
    if (inWindow.length > 0) inc[`r${w}`] = 1;
    for (const o of inWindow) inc[`v${w}.${o.c}`] = (inc[`v${w}.${o.c}`] ?? 0) + o.a;
  }
  const day = cohortDay(a.anchorMs);
  const out: RetentionContributions = {};
  const keys: [string, string][] = [
    ['all', 'all'],
    ['speed', a.speed],
    ['tier', a.tier],
    ['rootCause', a.rootCause],
    ['team', a.team],
  ];
  const types = [...new Set(a.remedies.map((r) => r.type))].sort();
  for (const type of types.length ? types : ['none']) keys.push(['remedy', type]);
  for (const [dim, key] of keys) out[retentionRollupId(dim, key, day)] = { ...inc };
  const after: Record<string, number> = {};
  for (const [k, v] of Object.entries(inc)) if (k.startsWith('v180.')) after[`after.${k.slice(5)}`] = v;
  for (const r of a.remedies) {
    const id = retentionRollupId('remedyRule', `${r.type}|${r.ruleKey}|${r.ruleVersion}`, day);
    const row = (out[id] ??= { n: 0, ...after });
    row.n = (row.n ?? 0) + 1;
    if (r.currency && moneyRemedyTypes.includes(r.type as RemedyType)) row[`cost.${r.currency}`] = (row[`cost.${r.currency}`] ?? 0) + r.cents;
  }
  return out;
}

/** desired - applied, per rollup id, without zero entries. */
export function contributionDiff(applied: RetentionContributions, desired: RetentionContributions): RetentionContributions {
  const out: RetentionContributions = {};
  for (const id of new Set([...Object.keys(applied), ...Object.keys(desired)])) {
    const a = applied[id] ?? {};
    const d = desired[id] ?? {};
    const inc: Record<string, number> = {};
    for (const k of new Set([...Object.keys(a), ...Object.keys(d)])) {
      const delta = (d[k] ?? 0) - (a[k] ?? 0);
      if (delta !== 0) inc[k] = delta;
    }
    if (Object.keys(inc).length) out[id] = inc;
  }
  return out;
}
