import { defaultRetentionRates, estimateRetention, retentionRatesSchema, type RetentionInput } from './retention';

const none = { count: 0, lifetimeValue: 0 };

describe('retention curve defaults', () => {
  it('ships the DOMAIN.md figures', () => {
    expect(defaultRetentionRates).toEqual({
      neverComplained: 0.09,
      complainedUnresolved: 0.19,
      complainedResolved: 0.54,
      complainedResolvedQuickly: 0.82,
    });
    expect(retentionRatesSchema.safeParse(defaultRetentionRates).success).toBe(true);
  });
});

describe('estimateRetention', () => {
  it('100 resolved quickly at LTV 1,000 each keeps 82 customers and 82,000', () => {
    const r = estimateRetention({ unresolved: none, resolved: none, resolvedQuickly: { count: 100, lifetimeValue: 100_000 } });
    expect(r.customersRetained).toBeCloseTo(82, 9);
    expect(r.lifetimeValueRetained).toBeCloseTo(82_000, 6);
    expect(r.customersRetainedIfUnhandled).toBeCloseTo(19, 9);
    expect(r.lifetimeValueRetainedIfUnhandled).toBeCloseTo(19_000, 6);
    expect(r.upliftCustomers).toBeCloseTo(63, 9);
    expect(r.upliftLifetimeValue).toBeCloseTo(63_000, 6);
  });

  it('works a mixed example by hand', () => {
    // unresolved 50 (LTV 20,000), resolved 30 (LTV 60,000), quickly 20 (LTV 100,000)
    // customers: 50*.19 + 30*.54 + 20*.82 = 9.5 + 16.2 + 16.4 = 42.1; baseline 100*.19 = 19
    // value: 3,800 + 32,400 + 82,000 = 118,200; baseline 180,000*.19 = 34,200
    const input: RetentionInput = {
      unresolved: { count: 50, lifetimeValue: 20_000 },
      resolved: { count: 30, lifetimeValue: 60_000 },
      resolvedQuickly: { count: 20, lifetimeValue: 100_000 },
    };
    const r = estimateRetention(input);
    expect(r.customersRetained).toBeCloseTo(42.1, 9);
    expect(r.lifetimeValueRetained).toBeCloseTo(118_200, 6);
    expect(r.customersRetainedIfUnhandled).toBeCloseTo(19, 9);
    expect(r.lifetimeValueRetainedIfUnhandled).toBeCloseTo(34_200, 6);
    expect(r.upliftCustomers).toBeCloseTo(23.1, 9);
    expect(r.upliftLifetimeValue).toBeCloseTo(84_000, 6);
    expect(r.breakdown.resolved).toEqual({ count: 30, lifetimeValue: 60_000, rate: 0.54, customersRetained: 30 * 0.54, lifetimeValueRetained: 60_000 * 0.54 });
    expect(r.breakdown.unresolved.rate).toBe(0.19);
    expect(r.breakdown.resolvedQuickly.rate).toBe(0.82);
  });

  it('shows no uplift when nothing was resolved, and zero for no complaints', () => {
    const r = estimateRetention({ unresolved: { count: 10, lifetimeValue: 5_000 }, resolved: none, resolvedQuickly: none });
    expect(r.customersRetained).toBeCloseTo(1.9, 9);
    expect(r.upliftCustomers).toBeCloseTo(0, 9);
    expect(r.upliftLifetimeValue).toBeCloseTo(0, 9);
    const z = estimateRetention({ unresolved: none, resolved: none, resolvedQuickly: none });
    expect(z.customersRetained).toBe(0);
    expect(z.upliftLifetimeValue).toBe(0);
  });

  it('uses configured rates', () => {
    const rates = { neverComplained: 0.1, complainedUnresolved: 0.2, complainedResolved: 0.5, complainedResolvedQuickly: 0.9 };
    const r = estimateRetention({ unresolved: none, resolved: { count: 10, lifetimeValue: 1_000 }, resolvedQuickly: none }, rates);
    expect(r.customersRetained).toBeCloseTo(5, 9);
    expect(r.upliftLifetimeValue).toBeCloseTo(300, 9);
  });

  it('rejects invalid inputs and rates', () => {
    expect(() => estimateRetention({ unresolved: { count: -1, lifetimeValue: 0 }, resolved: none, resolvedQuickly: none })).toThrow(RangeError);
    expect(() => estimateRetention({ unresolved: none, resolved: { count: 1, lifetimeValue: Number.NaN }, resolvedQuickly: none })).toThrow(RangeError);
    expect(() => estimateRetention({ unresolved: none, resolved: none, resolvedQuickly: none }, { ...defaultRetentionRates, complainedResolved: 1.2 })).toThrow(
      RangeError,
    );
  });
});

describe('retentionRatesSchema', () => {
  it('accepts 0..1 and rejects out-of-range, missing or extra fields', () => {
    expect(retentionRatesSchema.safeParse({ ...defaultRetentionRates, neverComplained: 0 }).success).toBe(true);
    expect(retentionRatesSchema.safeParse({ ...defaultRetentionRates, complainedResolvedQuickly: 1 }).success).toBe(true);
    expect(retentionRatesSchema.safeParse({ ...defaultRetentionRates, complainedUnresolved: -0.01 }).success).toBe(false);
    expect(retentionRatesSchema.safeParse({ ...defaultRetentionRates, complainedResolved: 54 }).success).toBe(false);
    expect(retentionRatesSchema.safeParse({ neverComplained: 0.09 }).success).toBe(false);
    expect(retentionRatesSchema.safeParse({ ...defaultRetentionRates, extra: 1 }).success).toBe(false);
  });
});
