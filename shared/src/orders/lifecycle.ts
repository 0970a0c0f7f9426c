import { lifetimeValue, tierFor, type CustomerTier, type LifecycleStage, type TierThresholds } from '../customers/value';

/**
 * Customer value and lifecycle stage derived from a customer's own orders (README, "Orders and
 * measured retention"). Pure, so the server, the property test and the docs agree.
 */

export const DAY_MS = 86_400_000;
export const YEAR_MS = 365 * DAY_MS;

/** The per-customer order rollup the rules read (orders module, `order_summaries`). */
export interface OrderRhythm {
  /** Placed orders minus cancelled ones. */
  orders: number;
  /** Placed orders (the rhythm is measured on these). */
  placed: number;
  /** Net value (placed - refunded - cancelled) in the customer's main currency. */
  value: number;
  /** First and last placed order (ms since epoch); null without any. */
  firstAt: number | null;
  lastAt: number | null;
}

/** Thresholds of the lifecycle rules (defaults below; documented in the README). */
export interface LifecycleRules {
  /** Decline when the time since the last order exceeds this many usual gaps. */
  declineFactor: number;
  /** Exit when it exceeds this many usual gaps (and at least exitMinDays). */
  exitFactor: number;
  exitMinDays: number;
  /** A one-order customer is in acquisition for this long, then in exit. */
  singleOrderExitDays: number;
  /** Climax: at least this many orders over at least climaxMinYears. */
  climaxMinOrders: number;
  climaxMinYears: number;
}

export const defaultLifecycleRules: LifecycleRules = {
  declineFactor: 2,
  exitFactor: 4,
  exitMinDays: 180,
  singleOrderExitDays: 365,
  climaxMinOrders: 6,
  climaxMinYears: 1,
};

/** The usual gap between a customer's placed orders: their mean gap (span / (placed - 1)); null under two orders. */
export function usualGapMs(r: OrderRhythm): number | null {
  if (r.placed < 2 || r.firstAt === null || r.lastAt === null) return null;
  return Math.max(DAY_MS, (r.lastAt - r.firstAt) / (r.placed - 1));
}

/**
 * The stage, from the customer's rhythm at `now`:
 * - no order, or one order within singleOrderExitDays: acquisition (one older order: exit);
 * - since the last order > max(exitFactor x usual gap, exitMinDays): exit;
 * - since the last order > declineFactor x usual gap: decline;
 * - at least climaxMinOrders over at least climaxMinYears: climax; otherwise build_up.
 */
export function lifecycleStageFor(r: OrderRhythm, now: number, rules: LifecycleRules = defaultLifecycleRules): LifecycleStage {
  if (r.lastAt === null || r.firstAt === null || r.placed === 0) return 'acquisition';
  const since = Math.max(0, now - r.lastAt);
  const gap = usualGapMs(r);
  if (gap === null) return since > rules.singleOrderExitDays * DAY_MS ? 'exit' : 'acquisition';
  if (since > Math.max(rules.exitFactor * gap, rules.exitMinDays * DAY_MS)) return 'exit';
  if (since > rules.declineFactor * gap) return 'decline';
  const years = (r.lastAt - r.firstAt) / YEAR_MS;
  return r.orders >= rules.climaxMinOrders && years >= rules.climaxMinYears ? 'climax' : 'build_up';
}

/** Customer value figures from orders. */
export interface OrderValue {
  averageOrderValue: number;
  ordersPerYear: number;
  yearsAsCustomer: number;
  lifetimeValue: number;
  tier: CustomerTier;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/**
 * Value from orders: average order value = net value / net orders; years as customer = time since
 * the first order (at least one month); orders per year = net orders / years; lifetime value =
 * their product (= the net value ordered so far); tier from the thresholds.
 */
export function orderValueFor(r: OrderRhythm, now: number, t: TierThresholds): OrderValue {
  const orders = Math.max(0, r.orders);
  const value = Math.max(0, r.value);
  const years = r.firstAt === null ? 0 : Math.max(1 / 12, (now - r.firstAt) / YEAR_MS);
  const v = {
    averageOrderValue: orders > 0 ? round2(value / orders) : 0,
    ordersPerYear: years > 0 ? round2(orders / years) : 0,
    yearsAsCustomer: round2(years),
  };
  const ltv = orders > 0 ? round2(value) : lifetimeValue(v);
  return { ...v, lifetimeValue: ltv, tier: tierFor(ltv, t) };
}
