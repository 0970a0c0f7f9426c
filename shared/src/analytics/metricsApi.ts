/**
 * The metrics API (GET /api/metrics/...): query schemas shared by the dashboard and the server,
 * and the response shapes. Durations are in seconds; percentiles come from rollup histograms and
 * are within HISTOGRAM_RELATIVE_ERROR of the exact value (see durationHistogram.ts).
 */
import { z } from 'zod';
import { channels, type Channel } from '../complaints/taxonomy';
import type { RetentionEstimate, RetentionRates } from './retention';

/** Period sizes the rollups keep: hour, day and ISO week (Monday, UTC). */
export const metricsGranularities = ['hour', 'day', 'week'] as const;
export type MetricsGranularity = (typeof metricsGranularities)[number];

/** Dimensions rollups are kept by ('all' is the grand total). */
export const rollupDims = ['all', 'team', 'category', 'rootCause', 'kind', 'channel', 'agent'] as const;
export type RollupDim = (typeof rollupDims)[number];

/** Most periods one request may span, so a query stays bounded whatever the history size. */
export const MAX_PERIODS_PER_QUERY = 400;

const isoDate = z
  .string()
  .max(40)
  .refine((s) => !Number.isNaN(Date.parse(s)), 'Use an ISO date such as 2026-01-31 or 2026-01-31T12:00:00Z');
const objectId = z.string().regex(/^[a-f0-9]{24}$/i, 'Not a valid id');
const format = z.enum(['json', 'csv']).default('json');

const rangeShape = {
  /** Inclusive start (defaults to 7 days before `to`). */
  from: isoDate.optional(),
  /** Exclusive end (defaults to now). */
  to: isoDate.optional(),
};

/** Tables of the overview that can be exported with ?format=csv&table=... */
export const overviewTables = ['series', 'category', 'rootCause', 'kind', 'channel', 'backlog', 'age', 'remedies'] as const;
export type OverviewTable = (typeof overviewTables)[number];

/** GET /api/metrics/overview */
export const overviewQuerySchema = z.strictObject({
  ...rangeShape,
  granularity: z.enum(metricsGranularities).default('day'),
  team: objectId.optional(),
  category: z.string().min(1).max(60).optional(),
  channel: z.enum(channels).optional(),
  format,
  table: z.enum(overviewTables).default('series'),
});
export type OverviewQuery = z.infer<typeof overviewQuerySchema>;

/** GET /api/metrics/agents */
export const agentsQuerySchema = z.strictObject({
  ...rangeShape,
  team: objectId.optional(),
  format,
});
export type AgentsQuery = z.infer<typeof agentsQuerySchema>;

/** Figures a drill-down can open: rollup counters (by event time) and live open-set figures. */
export const drilldownMetrics = [
  'created',
  'resolved',
  'resolvedWithinTarget',
  'resBreached',
  'frBreached',
  'reopened',
  'closed',
  'repeat',
  'csat',
  'backlog',
  'atRisk',
  'breached',
] as const;
export type DrilldownMetric = (typeof drilldownMetrics)[number];

/** GET /api/metrics/drilldown: `key` is "all" or "<dim>:<value>" (e.g. "category:delivery_delay", "status:new"). */
export const drilldownQuerySchema = z.strictObject({
  ...rangeShape,
  metric: z.enum(drilldownMetrics),
  key: z
    .string()
    .max(120)
    .regex(/^(all|[a-zA-Z]+:[\w.-]+)$/, 'Use "all" or "<dimension>:<value>"')
    .default('all'),
  team: objectId.optional(),
  category: z.string().min(1).max(60).optional(),
  channel: z.enum(channels).optional(),
  page: z.coerce.number().int().min(1).max(1000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(25),
  format,
});
export type DrilldownQuery = z.infer<typeof drilldownQuerySchema>;

/** PUT /api/metrics/settings/retention body (rates are shares 0..1). */
export { retentionRatesSchema as retentionSettingsSchema } from './retention';

/** p50/p90 pair in seconds (null when nothing was measured). */
export interface PercentilePair {
  p50: number | null;
  p90: number | null;
}

/** Counters summed over a period or a dimension value. */
export interface MetricCounters {
  created: number;
  resolved: number;
  reopened: number;
  closed: number;
  repeat: number;
  frCount: number;
  frBreached: number;
  frWithinTarget: number;
  resBreached: number;
  resolvedWithinTarget: number;
  csatCount: number;
  csatSum: number;
  /** Lifetime value of customers whose complaint was resolved within / not within target. */
  ltvQuick: number;
  ltvSlow: number;
}

/** One row of a time series or a breakdown. */
export interface MetricRow extends MetricCounters {
  /** Period start (series) or dimension value (breakdowns). */
  key: string;
  firstResponse: PercentilePair;
  firstResponseBusiness: PercentilePair;
  resolution: PercentilePair;
  resolutionBusiness: PercentilePair;
  /** resolvedWithinTarget / resolved, null without resolutions. */
  withinTargetShare: number | null;
  /** csatSum / csatCount, null without ratings. */
  csatAverage: number | null;
}

/** Open complaints now, from the bounded open set. */
export interface LiveState {
  open: number;
  unassigned: number;
  atRisk: number;
  breached: number;
  byStatus: Record<string, number>;
  byPriority: Record<string, number>;
  byTeam: { teamId: string; name: string; count: number }[];
  /** Age buckets of open complaints: '<1h', '1-4h', '4-24h', '1-3d', '3-7d', '>7d'. */
  ageBuckets: { bucket: string; count: number }[];
}

/** An amount of money in one currency (amounts in different currencies are never added). */
export interface CurrencyAmount {
  currency: string;
  amount: number;
}

/** Remedies approved or issued in the range (compensation domain), spend against budget, per currency. */
export interface RecoveryFigures {
  /** One row per remedy type and currency; points (currency null) count loyalty points, apologies 0. */
  byType: { type: string; currency: string | null; count: number; amount: number }[];
  /** Money promised per currency (approved and issued remedies), largest first. */
  spend: CurrencyAmount[];
  /**
   * Of that, what the customer really has per currency: issued remedies nothing else carries out
   * (vouchers) and those the shop or payment system reported fulfilled; refunds still being made are not in it.
   */
  fulfilled: CurrencyAmount[];
  /** Budget lines of the months the range touches, per currency, with the spend in that currency; empty when no budget is set. */
  budgets: { currency: string; limit: number; spent: number }[];
  approvalQueue: number;
}

/** Response of GET /api/metrics/overview. */
export interface OverviewResponse {
  range: { from: string; to: string; granularity: MetricsGranularity };
  filters: {
    team: string | null;
    category: string | null;
    channel: Channel | null;
  };
  /**
   * The targets the duration chart draws: those of the active SLA policy that covers an ordinary
   * complaint under the current filters (`policyName`), else the analytics fallback (`policyName` null).
   */
  targets: { firstResponseSeconds: number; resolutionSeconds: number; policyName: string | null };
  totals: MetricRow;
  series: MetricRow[];
  byCategory: MetricRow[];
  byRootCause: MetricRow[];
  byKind: MetricRow[];
  byChannel: MetricRow[];
  reopenRate: number | null;
  live: LiveState;
  recovery: RecoveryFigures;
  retention: RetentionEstimate;
  retentionRates: RetentionRates;
  histogramRelativeError: number;
  generatedAt: string;
}

/** One row of GET /api/metrics/agents. */
export interface AgentRow {
  id: string;
  name: string;
  role: string;
  availability: string;
  openCount: number;
  capacity: number;
  handled: number;
  medianResolutionSeconds: number | null;
  csatAverage: number | null;
  csatCount: number;
}

/** A complaint behind a figure (GET /api/metrics/drilldown). */
export interface DrilldownItem {
  id: string;
  reference: string;
  status: string;
  priority: string;
  category: string;
  channel: string;
  customerName: string;
  assigneeName: string | null;
  createdAt: string;
  firstResponseAt: string | null;
  resolvedAt: string | null;
  csatScore: number | null;
}

export interface DrilldownResponse {
  items: DrilldownItem[];
  page: number;
  pageSize: number;
  total: number;
}
