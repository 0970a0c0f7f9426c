/**
 * GET /api/metrics/retention: measured retention from the retention rollups (never the raw order
 * events nor the complaints): per breakdown row and window, the complaints whose window is over
 * (sample size), how many of their customers ordered again, the Wilson 95% interval, the value
 * ordered; beside it the domain notes' curve for the speed rows, used as a labelled estimate
 * where fewer than RETENTION_MIN_SAMPLES complaints are measured.
 */
import {
  cohortMatured,
  RETENTION_MIN_SAMPLES,
  retentionWindows,
  resolutionSpeeds,
  wilsonInterval,
  type MoneyAmount,
  type RemedyReturnRow,
  type RetentionDim,
  type RetentionRow,
  type RetentionView,
  type RetentionWindow,
} from '@redress/shared';
import { Team } from '../auth/team.model';
import { retentionRollups } from './retentionRecorder';
import { retentionRates } from './settings';

/** The window the card's headline figure uses (90 days: long enough to buy again, short enough to measure soon). */
const HEADLINE: RetentionWindow = 90;
const dimOrder: RetentionDim[] = ['all', 'speed', 'remedy', 'tier', 'rootCause', 'team'];

type Cents = Map<string, number>;

function addCents(into: Cents, v: unknown): void {
  if (!v || typeof v !== 'object') return;
  for (const [c, n] of Object.entries(v as Record<string, unknown>)) if (typeof n === 'number') into.set(c, (into.get(c) ?? 0) + n);
}

const money = (m: Cents): MoneyAmount[] =>
  [...m]
    .filter(([, n]) => n !== 0)
    .map(([currency, n]) => ({ currency, amount: n / 100 }))
    .sort((a, b) => a.currency.localeCompare(b.currency));

const num = (v: unknown) => (typeof v === 'number' ? v : 0);

interface Acc {
  dim: RetentionDim;
  key: string;
  /** Complaints counted in the row, matured or not (a row whose complaints all moved away is dropped). */
  total: number;
  w: Map<RetentionWindow, { n: number; returned: number; value: Cents }>;
}

/** The retention view as of `now`. */
export async function buildRetentionView(now: Date): Promise<RetentionView> {
  const nowMs = now.getTime();
  const [docs, rates, teams] = await Promise.all([retentionRollups().find({}).toArray(), retentionRates(), Team.find({}, { name: 1 }).lean()]);
  const teamNames = new Map(teams.map((t) => [String(t._id), t.name]));
  const rows = new Map<string, Acc>();
  const remedy = new Map<string, { type: string; ruleKey: string; ruleVersion: number; n: number; cost: Cents; after: Cents }>();
  const acc = (dim: RetentionDim, key: string): Acc => {
    const id = `${dim}|${key}`;
    let a = rows.get(id);
    if (!a) rows.set(id, (a = { dim, key, total: 0, w: new Map(retentionWindows.map((w) => [w, { n: 0, returned: 0, value: new Map() }])) }));
    return a;
  };
  for (const s of resolutionSpeeds) acc('speed', s);
  acc('all', 'all');
  for (const d of docs) {
    const dim = String(d.dim);
    const key = String(d.key);
    if (dim === 'remedyRule') {
      const [type = 'other', ruleKey = '', version = '0'] = key.split('|');
      const r = remedy.get(key) ?? { type, ruleKey, ruleVersion: Number(version), n: 0, cost: new Map(), after: new Map() };
      r.n += num(d.n);
      addCents(r.cost, d.cost);
      addCents(r.after, d.after);
      remedy.set(key, r);
      continue;
    }
    if (!dimOrder.includes(dim as RetentionDim)) continue;
    const a = acc(dim as RetentionDim, key);
    a.total += num(d.n);
    for (const w of retentionWindows) {
      if (!cohortMatured(num(d.day), w, nowMs)) continue;
      const f = a.w.get(w)!;
      f.n += num(d.n);
      f.returned += num(d[`r${w}`]);
      addCents(f.value, d[`v${w}`]);
    }
  }
  const domain: Record<string, number> = { quick: rates.complainedResolvedQuickly, late: rates.complainedResolved, unresolved: rates.complainedUnresolved };
  const kept = [...rows.values()].filter((a) => a.total > 0 || a.dim === 'speed' || a.dim === 'all');
  const out: RetentionRow[] = kept.map((a) => {
    const windows = retentionWindows.map((w) => {
      const f = a.w.get(w)!;
      const ci = wilsonInterval(f.returned, f.n);
      return {
        window: w,
        n: f.n,
        returned: f.returned,
        rate: f.n ? f.returned / f.n : null,
        low: ci?.low ?? null,
        high: ci?.high ?? null,
        value: money(f.value),
      };
    });
    const head = windows.find((w) => w.window === HEADLINE)!;
    const domainRate = a.dim === 'speed' ? (domain[a.key] ?? null) : null;
    const shown: RetentionRow['shown'] =
      head.n >= RETENTION_MIN_SAMPLES || (domainRate === null && head.n > 0)
        ? { rate: head.rate, source: 'measured' }
        : domainRate !== null
          ? { rate: domainRate, source: 'estimate' }
          : { rate: null, source: 'none' };
    return { dim: a.dim, key: a.key, label: a.dim === 'team' ? (teamNames.get(a.key) ?? (a.key === 'none' ? null : a.key)) : null, windows, domainRate, shown };
  });
  const speedRank = (k: string) => (resolutionSpeeds as readonly string[]).indexOf(k);
  out.sort(
    (x, y) =>
      dimOrder.indexOf(x.dim) - dimOrder.indexOf(y.dim) ||
      (x.dim === 'speed' ? speedRank(x.key) - speedRank(y.key) : 0) ||
      y.windows[2]!.n - x.windows[2]!.n ||
      x.key.localeCompare(y.key),
  );
  const remedyReturn: RemedyReturnRow[] = [...remedy.values()]
    .map((r) => ({ type: r.type, ruleKey: r.ruleKey, ruleVersion: r.ruleVersion, complaints: r.n, cost: money(r.cost), valueAfter: money(r.after) }))
    .sort((a, b) => a.type.localeCompare(b.type) || a.ruleKey.localeCompare(b.ruleKey) || a.ruleVersion - b.ruleVersion);
  return { asOf: now.toISOString(), minSamples: RETENTION_MIN_SAMPLES, headlineWindow: HEADLINE, rows: out, remedyReturn };
}
