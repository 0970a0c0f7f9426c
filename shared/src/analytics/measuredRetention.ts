/**
 * Measured retention (issue 16): did customers order again after a complaint, by how it was
 * handled. Wire types of GET /api/metrics/retention and /api/metrics/at-risk, plus the pure math
 * (Wilson interval, window maturity) the server, the property test and the UI share.
 */
import type { CustomerTier, LifecycleStage } from '../customers/value';
import { DAY_MS as DAY } from '../orders/lifecycle';

/** Days after the complaint's anchor (resolution, else filing) in which a new order counts. */
export const retentionWindows = [30, 90, 180] as const;
export type RetentionWindow = (typeof retentionWindows)[number];

/** How a complaint was handled: resolved within its SLA resolution target, resolved late, not resolved. */
export const resolutionSpeeds = ['quick', 'late', 'unresolved'] as const;
export type ResolutionSpeed = (typeof resolutionSpeeds)[number];

/** Breakdowns of the retention card. */
export const retentionDims = ['all', 'speed', 'remedy', 'tier', 'rootCause', 'team'] as const;
export type RetentionDim = (typeof retentionDims)[number];

/** Under this many matured complaints a speed row shows the domain curve's estimate, labelled. */
export const RETENTION_MIN_SAMPLES = 20;

/** The UTC day (midnight) of a time: complaints are counted in day cohorts. */
export function cohortDay(atMs: number): number {
  return Math.floor(atMs / DAY) * DAY;
}

/**
 * A cohort's `window` is over (every complaint of that day has had its full window) once
 * day + 1 day + window days <= now. Only such cohorts are counted for that window.
 */
export function cohortMatured(dayMs: number, window: number, nowMs: number): boolean {
  return dayMs + (window + 1) * DAY <= nowMs;
}

/** Wilson score interval (95%, z = 1.96) for `k` successes out of `n`; null when n = 0. */
export function wilsonInterval(k: number, n: number, z = 1.959964): { low: number; high: number } | null {
  if (n <= 0) return null;
  const p = k / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

export interface MoneyAmount {
  currency: string;
  amount: number;
}

/** One window of one row. */
export interface RetentionWindowFigure {
  window: RetentionWindow;
  /** Complaints whose window is over (the sample size). */
  n: number;
  /** Of those, complaints whose customer placed an order within the window. */
  returned: number;
  /** returned / n; null when n = 0. */
  rate: number | null;
  /** Wilson 95% interval of the rate. */
  low: number | null;
  high: number | null;
  /** Value those customers ordered within the window, per currency. */
  value: MoneyAmount[];
}

/** One row of a breakdown. */
export interface RetentionRow {
  dim: RetentionDim;
  key: string;
  /** Display name where the key is an id (teams). */
  label: string | null;
  windows: RetentionWindowFigure[];
  /** The domain notes' "buy again" share for this row (speed rows only; from the retention settings). */
  domainRate: number | null;
  /** What the card shows for the headline window (90 days): measured when n >= minSamples, else the domain estimate (labelled). */
  shown: { rate: number | null; source: 'measured' | 'estimate' | 'none' };
}

/** Remedy return: value ordered (within 180 days) after complaints with this remedy, against its cost. */
export interface RemedyReturnRow {
  type: string;
  ruleKey: string;
  ruleVersion: number;
  complaints: number;
  cost: MoneyAmount[];
  valueAfter: MoneyAmount[];
}

/** GET /api/metrics/retention */
export interface RetentionView {
  asOf: string;
  minSamples: number;
  headlineWindow: RetentionWindow;
  rows: RetentionRow[];
  remedyReturn: RemedyReturnRow[];
}

export const atRiskReasons = ['declining_rhythm', 'open_complaint', 'recently_unresolved', 'sla_breached', 'remedy_failed'] as const;
export type AtRiskReason = (typeof atRiskReasons)[number];

/** One customer of the early-warning list. */
export interface AtRiskCustomerView {
  customerId: string;
  name: string;
  email: string;
  tier: CustomerTier;
  lifecycleStage: LifecycleStage;
  /** Lifetime value: what is at stake if the customer goes. */
  valueAtStake: number;
  reasons: AtRiskReason[];
  /** The customer's open (or latest) complaint. */
  complaint: { id: string; reference: string } | null;
  lastOrderAt: string | null;
  daysSinceLastOrder: number | null;
  usualGapDays: number | null;
}

/** GET /api/metrics/at-risk */
export interface AtRiskView {
  asOf: string;
  items: AtRiskCustomerView[];
}

/** POST /api/metrics/at-risk/:customerId/outreach */
export interface OutreachResult {
  complaintId: string;
  reference: string;
  replayed: boolean;
}
