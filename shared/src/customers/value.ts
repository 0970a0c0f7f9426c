/** Customer value per the domain brief: lifetime value, tiers and lifecycle stages. */
export const customerTiers = ['MVC', 'STC', 'standard', 'BZ'] as const;
export type CustomerTier = (typeof customerTiers)[number];

export const lifecycleStages = ['acquisition', 'build_up', 'climax', 'decline', 'exit'] as const;
export type LifecycleStage = (typeof lifecycleStages)[number];

export interface TierThresholds {
  /** Lifetime value at or above which a customer is MVC. */
  mvcMinLifetimeValue: number;
  /** Lifetime value at or above which a customer is STC (below MVC). */
  stcMinLifetimeValue: number;
  /** Lifetime value below which the customer costs more than they bring (BZ). */
  bzMaxLifetimeValue: number;
}

export const defaultTierThresholds: TierThresholds = {
  mvcMinLifetimeValue: 50_000,
  stcMinLifetimeValue: 10_000,
  bzMaxLifetimeValue: 200,
};

export interface ValueInputs {
  averageOrderValue: number;
  ordersPerYear: number;
  yearsAsCustomer: number;
}

/** Lifetime value = average order value x orders per year x years of relationship. */
export function lifetimeValue(v: ValueInputs): number {
  return Math.round(v.averageOrderValue * v.ordersPerYear * v.yearsAsCustomer * 100) / 100;
}

export function tierFor(ltv: number, t: TierThresholds = defaultTierThresholds): CustomerTier {
  if (ltv >= t.mvcMinLifetimeValue) return 'MVC';
  if (ltv >= t.stcMinLifetimeValue) return 'STC';
  if (ltv < t.bzMaxLifetimeValue) return 'BZ';
  return 'standard';
}
