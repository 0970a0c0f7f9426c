import { cohortMatured, wilsonInterval } from '../analytics/measuredRetention';
import { defaultTierThresholds } from '../customers/value';
import { DAY_MS, lifecycleStageFor, orderValueFor, usualGapMs, type OrderRhythm } from './lifecycle';

const NOW = Date.parse('2026-12-01T00:00:00Z');
/** `placed` orders every `gapDays`, the last `sinceDays` ago. */
function rhythm(placed: number, gapDays: number, sinceDays: number, value = placed * 50): OrderRhythm {
  const lastAt = NOW - sinceDays * DAY_MS;
  return { orders: placed, placed, value, lastAt, firstAt: lastAt - (placed - 1) * gapDays * DAY_MS };
}

describe('lifecycle stage from the order rhythm', () => {
  it.each([
    ['no orders', { orders: 0, placed: 0, value: 0, firstAt: null, lastAt: null }, 'acquisition'],
    ['one recent order', rhythm(1, 0, 100), 'acquisition'],
    ['one order over a year ago', rhythm(1, 0, 400), 'exit'],
    ['regular, on time', rhythm(4, 10, 5), 'build_up'],
    ['gap just over twice the usual', rhythm(4, 10, 21), 'decline'],
    ['gap exactly twice the usual', rhythm(4, 10, 20), 'build_up'],
    ['over 4x the usual but under 180 days', rhythm(4, 10, 100), 'decline'],
    ['over 4x the usual and 180 days', rhythm(4, 10, 181), 'exit'],
    ['six orders over a year, on time', rhythm(7, 70, 30), 'climax'],
    ['six orders within months', rhythm(7, 20, 5), 'build_up'],
  ] as const)('%s', (_name, r, stage) => {
    expect(lifecycleStageFor(r as OrderRhythm, NOW)).toBe(stage);
  });

  it('measures the usual gap as the mean gap, at least a day', () => {
    expect(usualGapMs(rhythm(5, 10, 0))).toBe(10 * DAY_MS);
    expect(usualGapMs(rhythm(3, 0, 0))).toBe(DAY_MS);
    expect(usualGapMs(rhythm(1, 0, 0))).toBeNull();
  });
});

describe('customer value from orders', () => {
  it('is the net value ordered so far, with its factors', () => {
    // 52 orders of 100 over exactly one year: 100 x 52 x 1 = 5,200.
    const r: OrderRhythm = { orders: 52, placed: 52, value: 5200, firstAt: NOW - 365 * DAY_MS, lastAt: NOW };
    expect(orderValueFor(r, NOW, defaultTierThresholds)).toEqual({
      averageOrderValue: 100,
      ordersPerYear: 52,
      yearsAsCustomer: 1,
      lifetimeValue: 5200,
      tier: 'standard',
    });
    expect(orderValueFor({ ...r, value: 60_000 }, NOW, defaultTierThresholds).tier).toBe('MVC');
  });
});

describe('retention math', () => {
  it('gives the Wilson interval', () => {
    const ci = wilsonInterval(82, 100)!;
    expect(ci.low).toBeCloseTo(0.7333, 3);
    expect(ci.high).toBeCloseTo(0.883, 3);
    expect(wilsonInterval(0, 0)).toBeNull();
    expect(wilsonInterval(0, 5)!.low).toBe(0);
  });

  it('counts a cohort day once its whole window is over', () => {
    const day = Date.parse('2026-10-01T00:00:00Z');
    expect(cohortMatured(day, 30, day + 31 * DAY_MS)).toBe(true);
    expect(cohortMatured(day, 30, day + 31 * DAY_MS - 1)).toBe(false);
  });
});
