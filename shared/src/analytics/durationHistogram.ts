/**
 * Duration histograms for dashboard rollups (first response time, resolution time).
 *
 * Rollup documents are only ever updated with MongoDB `$inc` (FerretDB lacks most aggregation
 * operators), so a duration is recorded as `{ $inc: { "h.<bucketIndex(seconds)>": 1 } }` and
 * percentiles are estimated from the bucket counts.
 *
 * Buckets (all in seconds):
 * - bucket 0 covers [0, 1): sub-second durations, reported as 0;
 * - buckets 1..N cover [g^(i-1), g^i), log-spaced with growth factor g = (1+d)/(1-d), where
 *   d is just below {@link HISTOGRAM_RELATIVE_ERROR} (a float-rounding margin);
 * - the last bucket (N+1) covers [g^N, Infinity): overflow beyond {@link HISTOGRAM_MAX_SECONDS}
 *   (at least 400 days), reported as its lower bound.
 *
 * Error guarantee of {@link percentileFromBuckets}, for any data set and any p:
 * - if the exact nearest-rank percentile x satisfies 1 <= x < HISTOGRAM_MAX_SECONDS, then
 *   |estimate - x| <= HISTOGRAM_RELATIVE_ERROR * x;
 * - if x < 1 the estimate is 0 (absolute error under one second);
 * - if x >= HISTOGRAM_MAX_SECONDS the estimate is HISTOGRAM_MAX_SECONDS (a lower bound).
 * This holds because bucketing is monotone: the value at rank k lies in the bucket where the
 * cumulative count first reaches k, and each bucket's representative is within the bound of
 * every value in that bucket.
 *
 * The constants below are part of the stored format: changing them invalidates stored counts,
 * so a change needs a new rollup field (or a migration), never an in-place edit.
 */

/** Stated maximum relative error of a percentile estimate (5%). */
export const HISTOGRAM_RELATIVE_ERROR = 0.05;

/** Design error: a hair under the stated one so float rounding can never exceed it. */
const DESIGN_ERROR = HISTOGRAM_RELATIVE_ERROR * 0.999;

/** Ratio between consecutive log-bucket bounds, (1+d)/(1-d) (about 1.105). */
export const HISTOGRAM_GROWTH_FACTOR = (1 + DESIGN_ERROR) / (1 - DESIGN_ERROR);

/** Durations are tracked with bounded error up to at least this many seconds (400 days). */
const TARGET_MAX_SECONDS = 400 * 24 * 3600;

/** Number of log buckets (1..LOG_BUCKETS) needed to reach TARGET_MAX_SECONDS. */
const LOG_BUCKETS = Math.ceil(Math.log(TARGET_MAX_SECONDS) / Math.log(HISTOGRAM_GROWTH_FACTOR));

/** Total number of buckets: sub-second, log buckets, overflow. Valid indexes are 0..BUCKET_COUNT-1. */
export const BUCKET_COUNT = LOG_BUCKETS + 2;

/**
 * LOWER[i] = lower bound of bucket i; LOWER[BUCKET_COUNT] = Infinity. Computed once with Math.pow
 * (not by repeated multiplication) so bounds are reproducible and upper(i) === lower(i+1).
 */
const LOWER: readonly number[] = Array.from({ length: BUCKET_COUNT + 1 }, (_, i) =>
  i === 0 ? 0 : i === BUCKET_COUNT ? Infinity : Math.pow(HISTOGRAM_GROWTH_FACTOR, i - 1),
);

/** Lower bound of the overflow bucket; at least 400 days, in seconds. */
export const HISTOGRAM_MAX_SECONDS = LOWER[BUCKET_COUNT - 1] as number;

function bound(i: number): number {
  return LOWER[i] as number;
}

function checkIndex(i: number): void {
  if (!Number.isInteger(i) || i < 0 || i >= BUCKET_COUNT) {
    throw new RangeError(`Bucket index must be an integer in 0..${BUCKET_COUNT - 1}, got ${i}`);
  }
}

/**
 * Bucket for a duration in seconds: 0 for < 1 s, BUCKET_COUNT-1 for >= HISTOGRAM_MAX_SECONDS
 * (including Infinity). Throws RangeError on NaN or negative input (clamp clock skew first).
 */
export function bucketIndex(seconds: number): number {
  if (Number.isNaN(seconds) || seconds < 0) {
    throw new RangeError(`Duration must be a non-negative number of seconds, got ${seconds}`);
  }
  if (seconds < 1) return 0;
  if (seconds >= HISTOGRAM_MAX_SECONDS) return BUCKET_COUNT - 1;
  let i = Math.floor(Math.log(seconds) / Math.log(HISTOGRAM_GROWTH_FACTOR)) + 1;
  i = Math.min(Math.max(i, 1), BUCKET_COUNT - 2);
  // Correct log rounding so membership matches the bound table exactly.
  while (i > 1 && seconds < bound(i)) i--;
  while (i < BUCKET_COUNT - 2 && seconds >= bound(i + 1)) i++;
  return i;
}

/** Inclusive lower bound of bucket i, in seconds (0 for bucket 0). */
export function bucketLowerBound(i: number): number {
  checkIndex(i);
  return bound(i);
}

/** Exclusive upper bound of bucket i, in seconds (Infinity for the overflow bucket). */
export function bucketUpperBound(i: number): number {
  checkIndex(i);
  return bound(i + 1);
}

/**
 * Value reported for a percentile landing in bucket i. For log buckets [L, U) this is the
 * harmonic mean 2LU/(L+U), which balances the worst-case relative error at both ends to
 * (g-1)/(g+1) = d < HISTOGRAM_RELATIVE_ERROR. Bucket 0 reports 0; overflow reports its lower bound.
 */
export function bucketRepresentative(i: number): number {
  checkIndex(i);
  if (i === 0) return 0;
  if (i === BUCKET_COUNT - 1) return HISTOGRAM_MAX_SECONDS;
  const lo = bound(i);
  const hi = bound(i + 1);
  return (2 * lo * hi) / (lo + hi);
}

/** Sparse bucket counts as stored in Mongo: key = String(bucket index) ("h.37": 5). */
export type BucketCounts = Record<string, number>;

/**
 * Nearest-rank: the 1-based rank ceil(p*n), clamped to 1..n. A tiny epsilon keeps float noise
 * (0.07 * 100 = 7.000000000000001) from pushing the rank one too far.
 */
function nearestRank(p: number, n: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`Percentile must be in 0..1, got ${p}`);
  return Math.min(n, Math.max(1, Math.ceil(p * n - 1e-9)));
}

/** Validated [index, count] pairs with positive counts, sorted by bucket index. */
function entries(counts: BucketCounts): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const [key, count] of Object.entries(counts)) {
    const i = Number(key);
    if (String(i) !== key) throw new RangeError(`Bucket key must be a bucket index, got "${key}"`);
    checkIndex(i);
    if (!Number.isFinite(count) || count < 0) {
      throw new RangeError(`Bucket ${key} count must be a non-negative number, got ${count}`);
    }
    if (count > 0) out.push([i, count]);
  }
  return out.sort((a, b) => a[0] - b[0]);
}

/**
 * Estimated nearest-rank percentile (the value at rank ceil(p*n)) from bucket counts; null when
 * there are no observations. See the module comment for the error guarantee.
 * Throws RangeError for p outside 0..1, unknown keys or negative counts.
 */
export function percentileFromBuckets(counts: BucketCounts, p: number): number | null {
  const list = entries(counts);
  const n = list.reduce((sum, [, c]) => sum + c, 0);
  if (n === 0) {
    nearestRank(p, 1); // still validate p
    return null;
  }
  const rank = nearestRank(p, n);
  let seen = 0;
  for (const [i, c] of list) {
    seen += c;
    if (seen >= rank) return bucketRepresentative(i);
  }
  return bucketRepresentative((list[list.length - 1] as [number, number])[0]);
}

/** Exact nearest-rank percentile of raw values (same definition as the estimate); null if empty. */
export function exactPercentile(values: number[], p: number): number | null {
  if (values.length === 0) {
    nearestRank(p, 1);
    return null;
  }
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[nearestRank(p, sorted.length) - 1] as number;
}

/** Sums bucket counts key by key (combining days, teams or agents); zero counts are dropped. */
export function mergeBuckets(...counts: BucketCounts[]): BucketCounts {
  const out: BucketCounts = {};
  for (const c of counts) {
    for (const [i, n] of entries(c)) {
      const key = String(i);
      out[key] = (out[key] ?? 0) + n;
    }
  }
  return out;
}

/** Buckets raw durations in seconds, as the rollup `$inc`s would (for backfills and tests). */
export function bucketValues(values: number[]): BucketCounts {
  const out: BucketCounts = {};
  for (const v of values) {
    const key = String(bucketIndex(v));
    out[key] = (out[key] ?? 0) + 1;
  }
  return out;
}
