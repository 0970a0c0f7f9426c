import {
  BUCKET_COUNT,
  HISTOGRAM_MAX_SECONDS,
  HISTOGRAM_RELATIVE_ERROR,
  bucketIndex,
  bucketLowerBound,
  bucketRepresentative,
  bucketUpperBound,
  bucketValues,
  exactPercentile,
  mergeBuckets,
  percentileFromBuckets,
} from './durationHistogram';
import { seededRandom } from '../common/random';

/** Standard normal via Box-Muller. */
function normal(rand: () => number): number {
  const u = 1 - rand();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

const DAY = 86_400;
type Gen = (rand: () => number, n: number) => number[];
const distributions: Record<string, Gen> = {
  'uniform 0..3 days': (r, n) => Array.from({ length: n }, () => r() * 3 * DAY),
  'uniform whole seconds 0..600': (r, n) => Array.from({ length: n }, () => Math.floor(r() * 600)),
  'log-normal around 4 h': (r, n) => Array.from({ length: n }, () => Math.exp(Math.log(4 * 3600) + 1.2 * normal(r))),
  'heavy tail (Pareto)': (r, n) => Array.from({ length: n }, () => Math.min(60 / Math.pow(1 - r(), 1 / 1.1), 300 * DAY)),
  'mixed sub-second and long': (r, n) => Array.from({ length: n }, () => (r() < 0.3 ? r() : r() * 30 * DAY)),
  'all equal': (r, n) => Array.from({ length: n }, () => 7200),
  'all equal at 1 s': (r, n) => Array.from({ length: n }, () => 1),
  'single value': () => [1234.5],
};

const PS = [0, 0.5, 0.9, 0.95, 0.99, 1];

/** Asserts the documented guarantee of the estimate against the exact nearest-rank value. */
function expectWithinBound(estimate: number | null, exact: number | null): void {
  expect(estimate).not.toBeNull();
  expect(exact).not.toBeNull();
  const e = estimate as number;
  const x = exact as number;
  if (x < 1) expect(e).toBe(0);
  else if (x >= HISTOGRAM_MAX_SECONDS) expect(e).toBe(HISTOGRAM_MAX_SECONDS);
  else expect(Math.abs(e - x)).toBeLessThanOrEqual(HISTOGRAM_RELATIVE_ERROR * x);
}

describe('bucket layout', () => {
  it('states a 5% error and covers 400 days', () => {
    expect(HISTOGRAM_RELATIVE_ERROR).toBe(0.05);
    expect(HISTOGRAM_MAX_SECONDS).toBeGreaterThanOrEqual(400 * DAY);
    expect(BUCKET_COUNT).toBeLessThan(200);
    expect(bucketIndex(400 * DAY - 1)).toBeLessThan(BUCKET_COUNT - 1);
  });

  it('has contiguous, strictly increasing bounds', () => {
    expect(bucketLowerBound(0)).toBe(0);
    expect(bucketUpperBound(0)).toBe(1);
    expect(bucketUpperBound(BUCKET_COUNT - 1)).toBe(Infinity);
    for (let i = 0; i < BUCKET_COUNT; i++) {
      expect(bucketUpperBound(i)).toBeGreaterThan(bucketLowerBound(i));
      if (i + 1 < BUCKET_COUNT) expect(bucketLowerBound(i + 1)).toBe(bucketUpperBound(i));
    }
  });

  it('maps each bound into its own bucket and keeps representatives inside within the error', () => {
    for (let i = 1; i < BUCKET_COUNT - 1; i++) {
      const lo = bucketLowerBound(i);
      const hi = bucketUpperBound(i);
      const rep = bucketRepresentative(i);
      expect(bucketIndex(lo)).toBe(i);
      expect(bucketIndex(hi)).toBe(i + 1);
      expect(bucketIndex(hi * (1 - 1e-12))).toBe(i);
      expect(rep).toBeGreaterThanOrEqual(lo);
      expect(rep).toBeLessThan(hi);
      expect(Math.abs(rep - lo)).toBeLessThanOrEqual(HISTOGRAM_RELATIVE_ERROR * lo);
      expect(Math.abs(hi - rep)).toBeLessThanOrEqual(HISTOGRAM_RELATIVE_ERROR * hi);
    }
  });

  it('is monotone in the duration', () => {
    const rand = seededRandom(7);
    const values = Array.from({ length: 5000 }, () => Math.exp(rand() * 18) - 1).sort((a, b) => a - b);
    for (let k = 1; k < values.length; k++) {
      expect(bucketIndex(values[k] as number)).toBeGreaterThanOrEqual(bucketIndex(values[k - 1] as number));
    }
  });

  it('handles the edges: sub-second, overflow, invalid input', () => {
    expect(bucketIndex(0)).toBe(0);
    expect(bucketIndex(0.999)).toBe(0);
    expect(bucketIndex(1)).toBe(1);
    expect(bucketRepresentative(0)).toBe(0);
    expect(bucketIndex(HISTOGRAM_MAX_SECONDS)).toBe(BUCKET_COUNT - 1);
    expect(bucketIndex(Infinity)).toBe(BUCKET_COUNT - 1);
    expect(bucketRepresentative(BUCKET_COUNT - 1)).toBe(HISTOGRAM_MAX_SECONDS);
    expect(() => bucketIndex(-1)).toThrow(RangeError);
    expect(() => bucketIndex(Number.NaN)).toThrow(RangeError);
    expect(() => bucketLowerBound(BUCKET_COUNT)).toThrow(RangeError);
    expect(() => bucketRepresentative(1.5)).toThrow(RangeError);
  });
});

describe('percentileFromBuckets error bound (seeded properties)', () => {
  for (const [name, gen] of Object.entries(distributions)) {
    it(`holds for ${name}`, () => {
      for (let seed = 1; seed <= 20; seed++) {
        const rand = seededRandom(seed * 1009);
        const n = 1 + Math.floor(rand() * 2000);
        const values = gen(rand, n);
        const counts = bucketValues(values);
        for (const p of PS) expectWithinBound(percentileFromBuckets(counts, p), exactPercentile(values, p));
      }
    });
  }

  it('holds at every rank of a small sample', () => {
    const rand = seededRandom(42);
    const values = Array.from({ length: 37 }, () => Math.exp(rand() * 15));
    const counts = bucketValues(values);
    for (let k = 0; k <= 100; k++) {
      expectWithinBound(percentileFromBuckets(counts, k / 100), exactPercentile(values, k / 100));
    }
  });

  it('reports overflow as the tracked maximum', () => {
    const counts = bucketValues([500 * DAY, 600 * DAY]);
    expect(percentileFromBuckets(counts, 0.5)).toBe(HISTOGRAM_MAX_SECONDS);
  });
});

describe('percentile definitions', () => {
  it('returns null when empty', () => {
    expect(percentileFromBuckets({}, 0.5)).toBeNull();
    expect(percentileFromBuckets({ '3': 0 }, 0.9)).toBeNull();
    expect(exactPercentile([], 0.5)).toBeNull();
  });

  it('uses nearest rank ceil(p*n)', () => {
    const values = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100];
    expect(exactPercentile(values, 0.5)).toBe(50);
    expect(exactPercentile(values, 0.9)).toBe(90);
    expect(exactPercentile(values, 0.91)).toBe(100);
    expect(exactPercentile(values, 0)).toBe(10);
    expect(exactPercentile(values, 1)).toBe(100);
    // 0.07 * 100 is 7.000000000000001 in floating point; the rank is still 7.
    expect(
      exactPercentile(
        Array.from({ length: 100 }, (_, i) => i + 1),
        0.07,
      ),
    ).toBe(7);
  });

  it('reads Mongo-shaped sparse counts', () => {
    const i = bucketIndex(3600);
    expect(percentileFromBuckets({ [String(i)]: 5 }, 0.5)).toBe(bucketRepresentative(i));
  });

  it('rejects bad input', () => {
    expect(() => percentileFromBuckets({ '1': 1 }, 1.5)).toThrow(RangeError);
    expect(() => percentileFromBuckets({}, -0.1)).toThrow(RangeError);
    expect(() => exactPercentile([1], Number.NaN)).toThrow(RangeError);
    expect(() => percentileFromBuckets({ abc: 1 }, 0.5)).toThrow(RangeError);
    expect(() => percentileFromBuckets({ '01': 1 }, 0.5)).toThrow(RangeError);
    expect(() => percentileFromBuckets({ [String(BUCKET_COUNT)]: 1 }, 0.5)).toThrow(RangeError);
    expect(() => percentileFromBuckets({ '2': -1 }, 0.5)).toThrow(RangeError);
  });
});

describe('mergeBuckets', () => {
  it('equals bucketing the concatenation', () => {
    for (let seed = 1; seed <= 10; seed++) {
      const rand = seededRandom(seed);
      const parts = Array.from({ length: 1 + Math.floor(rand() * 5) }, () => Array.from({ length: Math.floor(rand() * 300) }, () => Math.exp(rand() * 16) - 1));
      const merged = mergeBuckets(...parts.map(bucketValues));
      expect(merged).toEqual(bucketValues(parts.flat()));
      for (const p of PS) expect(percentileFromBuckets(merged, p)).toBe(percentileFromBuckets(bucketValues(parts.flat()), p));
    }
  });

  it('handles no inputs, empties and zero counts', () => {
    expect(mergeBuckets()).toEqual({});
    expect(mergeBuckets({}, { '4': 0 }, { '4': 2 }, { '4': 3, '9': 1 })).toEqual({ '4': 5, '9': 1 });
  });
});
