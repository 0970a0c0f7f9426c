/**
 * The retention curve (DOMAIN.md, "Why speed matters") applied to complaints: how many customers,
 * and how much lifetime value, handling complaints is estimated to have kept.
 */
import { z } from 'zod';

/** Share of dissatisfied customers who buy again, per outcome (each 0..1). */
export interface RetentionRates {
  /** Unhappy, never complained (9%). Not used by {@link estimateRetention}; kept for settings and what-ifs. */
  neverComplained: number;
  /** Complained, not resolved (19%): also the baseline for uplift. */
  complainedUnresolved: number;
  /** Complained, resolved, but not within target (54%). */
  complainedResolved: number;
  /** Complained, resolved within target (82%). */
  complainedResolvedQuickly: number;
}

/** Shipped defaults from the US consumer-affairs survey quoted in DOMAIN.md. */
export const defaultRetentionRates: RetentionRates = {
  neverComplained: 0.09,
  complainedUnresolved: 0.19,
  complainedResolved: 0.54,
  complainedResolvedQuickly: 0.82,
};

const rate = z.number().min(0, 'A rate cannot be below 0').max(1, 'A rate cannot be above 1 (100%)');

/** Settings schema for the retention rates: each a share in 0..1. */
export const retentionRatesSchema = z.strictObject({
  neverComplained: rate,
  complainedUnresolved: rate,
  complainedResolved: rate,
  complainedResolvedQuickly: rate,
});

/** One outcome group: how many complaining customers, and their total lifetime value. */
export interface RetentionGroup {
  /** Number of customers (or complaints) in the group. */
  count: number;
  /** Sum of the group's lifetime values (not a per-customer average). */
  lifetimeValue: number;
}

/** Complaints split by outcome; the three groups are disjoint. */
export interface RetentionInput {
  /** Not (yet) resolved. */
  unresolved: RetentionGroup;
  /** Resolved, but not within the resolution target. */
  resolved: RetentionGroup;
  /** Resolved within the resolution target. */
  resolvedQuickly: RetentionGroup;
}

/** Per-group detail so the dashboard can show where the figure comes from. */
export interface RetentionGroupEstimate extends RetentionGroup {
  /** Rate applied to this group. */
  rate: number;
  /** count x rate. */
  customersRetained: number;
  /** lifetimeValue x rate. */
  lifetimeValueRetained: number;
}

/** Result of {@link estimateRetention}; figures are unrounded (the UI rounds for display). */
export interface RetentionEstimate {
  /** Σ count x rate over the three groups. */
  customersRetained: number;
  /** Σ lifetimeValue x rate over the three groups. */
  lifetimeValueRetained: number;
  /** Baseline: every customer at the 'complained, not resolved' rate. */
  customersRetainedIfUnhandled: number;
  /** Baseline: total lifetime value at the 'complained, not resolved' rate. */
  lifetimeValueRetainedIfUnhandled: number;
  /** customersRetained - customersRetainedIfUnhandled: customers won back by handling. */
  upliftCustomers: number;
  /** lifetimeValueRetained - lifetimeValueRetainedIfUnhandled: value won back by handling. */
  upliftLifetimeValue: number;
  /** The same arithmetic per group. */
  breakdown: {
    unresolved: RetentionGroupEstimate;
    resolved: RetentionGroupEstimate;
    resolvedQuickly: RetentionGroupEstimate;
  };
}

function checkGroup(name: string, g: RetentionGroup): void {
  if (!Number.isFinite(g.count) || g.count < 0) {
    throw new RangeError(`${name}.count must be a non-negative number, got ${g.count}`);
  }
  if (!Number.isFinite(g.lifetimeValue) || g.lifetimeValue < 0) {
    throw new RangeError(`${name}.lifetimeValue must be a non-negative number, got ${g.lifetimeValue}`);
  }
}

function group(g: RetentionGroup, r: number): RetentionGroupEstimate {
  return {
    count: g.count,
    lifetimeValue: g.lifetimeValue,
    rate: r,
    customersRetained: g.count * r,
    lifetimeValueRetained: g.lifetimeValue * r,
  };
}

/**
 * Estimated customers and lifetime value retained, per the retention curve:
 *
 *   retained  = U x r_unresolved + R x r_resolved + Q x r_resolvedQuickly
 *   baseline  = (U + R + Q) x r_unresolved          (as if no complaint had been resolved)
 *   uplift    = retained - baseline
 *             = R x (r_resolved - r_unresolved) + Q x (r_resolvedQuickly - r_unresolved)
 *
 * where U, R, Q are the group counts (for customers) or total lifetime values (for value).
 * Example with the defaults: 100 customers resolved quickly, LTV 1,000 each (total 100,000):
 * 82 customers and 82,000 retained; baseline 19 and 19,000; uplift 63 and 63,000.
 * Throws RangeError on negative/non-finite inputs or rates outside 0..1.
 */
export function estimateRetention(input: RetentionInput, rates: RetentionRates = defaultRetentionRates): RetentionEstimate {
  const parsed = retentionRatesSchema.safeParse(rates);
  if (!parsed.success) throw new RangeError(`Invalid retention rates: ${parsed.error.message}`);
  checkGroup('unresolved', input.unresolved);
  checkGroup('resolved', input.resolved);
  checkGroup('resolvedQuickly', input.resolvedQuickly);

  const breakdown = {
    unresolved: group(input.unresolved, rates.complainedUnresolved),
    resolved: group(input.resolved, rates.complainedResolved),
    resolvedQuickly: group(input.resolvedQuickly, rates.complainedResolvedQuickly),
  };
  const parts = [breakdown.unresolved, breakdown.resolved, breakdown.resolvedQuickly];
  const customersRetained = parts.reduce((s, g) => s + g.customersRetained, 0);
  const lifetimeValueRetained = parts.reduce((s, g) => s + g.lifetimeValueRetained, 0);
  const totalCount = parts.reduce((s, g) => s + g.count, 0);
  const totalValue = parts.reduce((s, g) => s + g.lifetimeValue, 0);
  const customersRetainedIfUnhandled = totalCount * rates.complainedUnresolved;
  const lifetimeValueRetainedIfUnhandled = totalValue * rates.complainedUnresolved;

  return {
    customersRetained,
    lifetimeValueRetained,
    customersRetainedIfUnhandled,
    lifetimeValueRetainedIfUnhandled,
    upliftCustomers: customersRetained - customersRetainedIfUnhandled,
    upliftLifetimeValue: lifetimeValueRetained - lifetimeValueRetainedIfUnhandled,
    breakdown,
  };
}
