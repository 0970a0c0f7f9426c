/**
 * Measured retention against brute force. Generated customers, order events (placed, refunded,
 * cancelled; sent in batches that arrive late, out of order and replayed, some before and some
 * after the complaints they follow) and complaints (filed and resolved through the real commands
 * at generated times, some never resolved, some with remedies) are played in time order on a fake
 * clock. Then every figure of GET /api/metrics/retention and the at-risk list is recomputed from the
 * raw events, complaints and remedies and compared: counts and money exactly.
 */
import mongoose from 'mongoose';
import request from 'supertest';
import {
  cohortMatured,
  DAY_MS,
  lifecycleStageFor,
  retentionWindows,
  seededRandom,
  wilsonInterval,
  type AtRiskView,
  type OrderRhythm,
  type RetentionView,
} from '@redress/shared';
import { FakeClock, startTestServer, type TestServer } from '../../../../test/support/harness';
import { createTeam, createUser, login, type StaffClient } from '../../../../test/support/factories';
import { Complaint } from '../complaints/complaint.model';
import { complaintFiler } from '../complaints/commands/complaintFiler';
import { statusChanger } from '../complaints/commands/statusChanger';
import { orderSummaries } from '../orders/orders.collections';
import { durationsOf, type ComplaintSnapshot } from './contributions';
import { durationTargets } from './settings';
import { rebuildOrderRollups } from '../orders/rebuild';
import { rebuildRetention } from './retentionRebuild';
import { retentionContributions } from './retentionContributions';
import { retentionRecords } from './retentionRecorder';

const SHOP_KEY = 'shop-key-property-0123456789';
const START = Date.parse('2026-01-05T09:00:00Z');
const END = Date.parse('2026-11-20T09:00:00Z');
const HOUR = 3_600_000;
const N_CUSTOMERS = Number(process.env.RETENTION_TEST_CUSTOMERS ?? 10);
const N_COMPLAINTS = Number(process.env.RETENTION_TEST_COMPLAINTS ?? 28);

interface GenOrder {
  email: string;
  orderId: string;
  kind: 'placed' | 'refunded' | 'cancelled';
  amount: number;
  currency: string;
  at: string;
}

let t: TestServer;
let clock: FakeClock;
let sup: StaffClient;
const sent: GenOrder[] = [];

beforeAll(async () => {
  clock = new FakeClock(new Date(START));
  t = await startTestServer({ clock, env: { SHOP_API_KEY: SHOP_KEY } });
  const teams = [await createTeam({ categories: ['delivery_delay', 'damaged_in_transit'] }), await createTeam({ categories: [] })];
  // A supervisor of both teams: the by-team rows are cut to the reader's teams (and the unrouted).
  sup = await login(t.url, (await createUser('supervisor', { teamIds: teams.map((x) => x._id) })).email);
  await generate();
}, 900_000);

afterAll(async () => {
  await t?.close();
});

interface Step {
  at: number;
  run: () => Promise<unknown>;
}

async function generate(): Promise<void> {
  const r = seededRandom(16);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const steps: Step[] = [];
  // Some addresses in mixed case: orders and complaints must meet on the lowercased address.
  const emails = Array.from({ length: N_CUSTOMERS }, (_, i) => (i % 3 === 0 ? `Prop.Cust${i}@Example.com` : `prop.cust${i}@example.com`));
  const orders: GenOrder[] = [];
  emails.forEach((email, ci) => {
    // Each customer has their own rhythm; some stop ordering part-way (decline).
    const gapDays = 4 + r() * 40;
    const stopAt = r() < 0.4 ? START + r() * (END - START) : END;
    const currency = ci % 4 === 3 ? 'CNY' : 'EUR';
    let at = START - r() * 60 * DAY_MS;
    for (let k = 0; at < stopAt; k++) {
      const orderId = `P-${ci}-${k}`;
      const amount = Math.round(r() * 20000) / 100;
      orders.push({ email, orderId, kind: 'placed', amount, currency, at: new Date(at).toISOString() });
      if (r() < 0.08) orders.push({ email, orderId, kind: 'cancelled', amount, currency, at: new Date(at + HOUR).toISOString() });
      else if (r() < 0.1)
        orders.push({ email, orderId, kind: 'refunded', amount: Math.round(amount * 50) / 100, currency, at: new Date(at + 3 * DAY_MS).toISOString() });
      at += gapDays * DAY_MS * (0.5 + r());
    }
  });
  // Batches arrive after their newest event: most within a day, some months late (history import).
  const shuffled = [...orders].sort(() => r() - 0.5);
  const batches: GenOrder[][] = [];
  for (let i = 0; i < shuffled.length;) {
    const size = 1 + Math.floor(r() * 40);
    batches.push(shuffled.slice(i, i + size));
    i += size;
  }
  for (const b of batches) {
    const newest = Math.max(...b.map((o) => Date.parse(o.at)));
    const arrive = Math.min(END, newest + (r() < 0.2 ? r() * 120 * DAY_MS : r() * DAY_MS));
    const post = async () => {
      const res = await request(t.url).post('/api/orders/events').set('X-Api-Key', SHOP_KEY).send({ events: b });
      if (res.status !== 200) throw new Error(`ingest ${res.status} ${JSON.stringify(res.body)}`);
      sent.push(...b);
    };
    steps.push({ at: arrive, run: post });
    // A replay of the same batch later changes nothing.
    if (r() < 0.15) steps.push({ at: Math.min(END, arrive + r() * 10 * DAY_MS), run: post });
  }

  const categories = ['delivery_delay', 'damaged_in_transit', 'staff_behaviour', 'billing_overcharge', 'waiting_time'];
  const ids: string[] = [];
  const actor = { kind: 'staff' as const, id: String(new mongoose.Types.ObjectId()), name: 'Prop Agent' };
  for (let i = 0; i < N_COMPLAINTS; i++) {
    const email = pick(emails);
    const filed = START + r() * (END - START - 10 * DAY_MS);
    steps.push({
      at: filed,
      run: async () => {
        const f = await complaintFiler({
          input: { customer: { name: `Customer ${email}`, email }, category: pick(categories), description: 'Generated complaint for the retention check.' },
          channel: pick(['web', 'email', 'api'] as const),
        });
        ids[i] = String(f.complaint._id);
      },
    });
    const remedyRoll = r();
    if (remedyRoll < 0.5) {
      steps.push({
        at: filed + HOUR,
        run: async () => {
          const type = remedyRoll < 0.2 ? 'voucher' : remedyRoll < 0.35 ? 'refund' : 'points';
          const status = r() < 0.2 ? 'declined' : r() < 0.5 ? 'approved' : 'issued';
          await mongoose.connection.db!.collection('remedies').insertOne({
            complaintId: new mongoose.Types.ObjectId(ids[i]),
            reference: `R-${i}`,
            dedupeKey: `prop:${ids[i]}:${type}`,
            type,
            status,
            amount: type === 'points' ? 500 : Math.round(r() * 5000) / 100,
            currency: type === 'points' ? null : 'EUR',
            ruleKey: pick(['late-delivery', 'manual']),
            ruleVersion: 1 + Math.floor(r() * 2),
            decidedAt: clock.now(),
            createdAt: clock.now(),
            updatedAt: clock.now(),
          });
        },
      });
    }
    // Resolved within hours (quick), after days (late), or never.
    const fate = r();
    if (fate < 0.8) {
      const after = fate < 0.4 ? r() * 6 * HOUR : (2 + r() * 20) * DAY_MS;
      steps.push({
        at: filed + 2 * HOUR + after,
        run: async () => {
          const c = (await Complaint.findById(ids[i]).lean())!;
          await statusChanger({ complaint: c, to: 'resolved', actor });
        },
      });
      if (r() < 0.3) {
        steps.push({
          at: filed + 3 * HOUR + after + DAY_MS,
          run: async () => {
            const c = (await Complaint.findById(ids[i]).lean())!;
            await statusChanger({ complaint: c, to: r() < 0.5 ? 'closed' : 'in_progress', actor }).catch((e: { id?: string }) => {
              if (e.id !== 'invalid_state') throw e;
            });
          },
        });
      }
    }
  }
  steps.sort((a, b) => a.at - b.at);
  for (const s of steps) {
    clock.set(new Date(s.at));
    await s.run();
    await t.settle();
  }
  clock.set(new Date(END));
}

/** First event per (order id, kind) wins, as in the store. */
function rawEvents(): GenOrder[] {
  const seen = new Set<string>();
  return sent.filter((o) => {
    const k = `${o.orderId}|${o.kind}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

type Money = Record<string, number>;
const moneyList = (m: Money) =>
  Object.entries(m)
    .filter(([, n]) => n !== 0)
    .map(([currency, n]) => ({ currency, amount: n / 100 }))
    .sort((a, b) => a.currency.localeCompare(b.currency));
const addTo = (m: Money, c: string, n: number) => (m[c] = (m[c] ?? 0) + n);
const cents = (a: number) => Math.round(a * 100);

it('measured retention equals brute force over the raw events, complaints and remedies', async () => {
  const events = rawEvents();
  const placedBy = new Map<string, { t: number; a: number; c: string }[]>();
  for (const e of events)
    if (e.kind === 'placed')
      placedBy.set(e.email.toLowerCase(), [...(placedBy.get(e.email.toLowerCase()) ?? []), { t: Date.parse(e.at), a: cents(e.amount), c: e.currency }]);
  const complaints = (await Complaint.find({}).lean()) as unknown as (ComplaintSnapshot & {
    _id: mongoose.Types.ObjectId;
    customer: { email: string; tier: string };
  })[];
  const remedies = await mongoose.connection.db!.collection('remedies').find({}).toArray();
  const targets = await durationTargets();
  expect(complaints.length).toBe(N_COMPLAINTS);

  type Acc = Record<number, { n: number; r: number; v: Money }>;
  const rows = new Map<string, Acc>();
  const remedyRows = new Map<string, { n: number; cost: Money; after: Money }>();
  const acc = (id: string): Acc => {
    if (!rows.has(id)) rows.set(id, Object.fromEntries(retentionWindows.map((w) => [w, { n: 0, r: 0, v: {} }])));
    return rows.get(id)!;
  };
  for (const c of complaints) {
    const resolved = (c.status === 'resolved' || c.status === 'closed') && !!c.resolvedAt;
    const d = durationsOf(c, targets);
    const speed = !resolved ? 'unresolved' : d.resBus! <= d.resTarget ? 'quick' : 'late';
    const anchor = (resolved ? c.resolvedAt! : c.createdAt).getTime();
    const day = Math.floor(anchor / DAY_MS) * DAY_MS;
    const counted = remedies.filter((m) => String(m.complaintId) === String(c._id) && ['approved', 'issued'].includes(m.status as string));
    const types = [...new Set(counted.map((m) => m.type as string))];
    const keys = [
      'all|all',
      `speed|${speed}`,
      `tier|${c.customer.tier}`,
      `rootCause|${c.rootCause}`,
      `team|${c.teamId ? String(c.teamId) : 'none'}`,
      ...(types.length ? types.map((x) => `remedy|${x}`) : ['remedy|none']),
    ];
    const mine = placedBy.get(c.customer.email.toLowerCase()) ?? [];
    for (const w of retentionWindows) {
      if (!cohortMatured(day, w, END)) continue;
      const hits = mine.filter((o) => o.t > anchor && o.t <= anchor + w * DAY_MS);
      for (const k of keys) {
        const a = acc(k)[w]!;
        a.n++;
        if (hits.length) a.r++;
        for (const h of hits) addTo(a.v, h.c, h.a);
      }
    }
    // Per complaint: the contributions its record applied are those of its current state.
    const record = await retentionRecords().findOne({ _id: c._id });
    const applied = Object.fromEntries((record?.applied ?? []).map(({ id, inc }) => [id, Object.fromEntries(inc.map(({ k, n }) => [k, n]))]));
    const bruteRemedies = counted
      .map((m) => ({
        type: m.type as string,
        ruleKey: m.ruleKey as string,
        ruleVersion: m.ruleVersion as number,
        cents: cents(m.amount as number),
        currency: (m.currency as string | null) ?? null,
      }))
      .sort((a, b) => a.type.localeCompare(b.type));
    const attrs = {
      email: c.customer.email.toLowerCase(),
      anchorMs: anchor,
      speed,
      tier: c.customer.tier,
      rootCause: c.rootCause,
      team: c.teamId ? String(c.teamId) : 'none',
      remedies: bruteRemedies,
    } as const;
    expect({ complaint: String(c._id), anchor: new Date(anchor).toISOString(), applied }).toEqual({
      complaint: String(c._id),
      anchor: new Date(anchor).toISOString(),
      applied: retentionContributions(attrs, mine),
    });
    const after180 = mine.filter((o) => o.t > anchor && o.t <= anchor + 180 * DAY_MS);
    for (const m of counted) {
      const k = `${m.type}|${m.ruleKey}|${m.ruleVersion}`;
      const row = remedyRows.get(k) ?? { n: 0, cost: {}, after: {} };
      row.n++;
      if (m.type !== 'points') addTo(row.cost, m.currency as string, cents(m.amount as number));
      for (const h of after180) addTo(row.after, h.c, h.a);
      remedyRows.set(k, row);
    }
  }

  const res = await sup.get('/api/metrics/retention');
  expect(res.status).toBe(200);
  const view = res.body as RetentionView;
  const got = new Map(view.rows.map((row) => [`${row.dim}|${row.key}`, row]));
  // Every brute-force row is served, with the same figures; served rows without samples are empty.
  for (const [key, a] of rows) {
    const row = got.get(key);
    expect({ key, served: row !== undefined }).toEqual({ key, served: true });
    for (const w of retentionWindows) {
      const f = row!.windows.find((x) => x.window === w)!;
      const want = a[w]!;
      expect({ key, w, n: f.n, returned: f.returned, value: f.value }).toEqual({ key, w, n: want.n, returned: want.r, value: moneyList(want.v) });
      const ci = wilsonInterval(want.r, want.n);
      expect(f.low).toBe(ci?.low ?? null);
      expect(f.high).toBe(ci?.high ?? null);
      expect(f.rate).toBe(want.n ? want.r / want.n : null);
    }
  }
  for (const row of view.rows) if (!rows.has(`${row.dim}|${row.key}`)) expect(row.windows.every((w) => w.n === 0)).toBe(true);
  // The data exercises every speed and the 180-day window.
  for (const s of ['quick', 'late', 'unresolved']) expect(rows.get(`speed|${s}`)?.[30]?.n ?? 0).toBeGreaterThan(0);
  expect(rows.get('all|all')![180]!.n).toBeGreaterThan(0);
  expect(rows.get('all|all')![30]!.r).toBeGreaterThan(0);
  const speedRows = view.rows.filter((r) => r.dim === 'speed');
  expect(speedRows.map((r) => r.key)).toEqual(['quick', 'late', 'unresolved']);
  for (const r of speedRows) {
    const n = r.windows.find((w) => w.window === view.headlineWindow)!.n;
    expect(r.shown.source).toBe(n >= view.minSamples ? 'measured' : 'estimate');
    expect(r.domainRate).toBe({ quick: 0.82, late: 0.54, unresolved: 0.19 }[r.key]);
  }

  expect(view.remedyReturn.map((r) => `${r.type}|${r.ruleKey}|${r.ruleVersion}`).sort()).toEqual([...remedyRows.keys()].sort());
  for (const r of view.remedyReturn) {
    const want = remedyRows.get(`${r.type}|${r.ruleKey}|${r.ruleVersion}`)!;
    expect({ n: r.complaints, cost: r.cost, after: r.valueAfter }).toEqual({ n: want.n, cost: moneyList(want.cost), after: moneyList(want.after) });
  }
});

it('order summaries, lifecycle stages and the at-risk list equal brute force over the raw events', async () => {
  const events = rawEvents();
  const byEmail = new Map<string, GenOrder[]>();
  for (const e of events) byEmail.set(e.email.toLowerCase(), [...(byEmail.get(e.email.toLowerCase()) ?? []), e]);
  const stages = new Map<string, string>();
  for (const [email, es] of byEmail) {
    const placed = es.filter((e) => e.kind === 'placed');
    const value: Money = {};
    const count: Money = {};
    for (const e of es) addTo(value, e.currency, e.kind === 'placed' ? cents(e.amount) : -cents(e.amount));
    for (const e of placed) addTo(count, e.currency, 1);
    const times = placed.map((e) => Date.parse(e.at));
    const s = await orderSummaries().findOne({ _id: email });
    expect({ email, placed: s?.placed ?? 0, cancelled: s?.cancelled ?? 0, refunded: s?.refunded ?? 0, value: s?.value, count: s?.count }).toEqual({
      email,
      placed: placed.length,
      cancelled: es.filter((e) => e.kind === 'cancelled').length,
      refunded: es.filter((e) => e.kind === 'refunded').length,
      value,
      count,
    });
    expect(s!.firstAt!.getTime()).toBe(Math.min(...times));
    expect(s!.lastAt!.getTime()).toBe(Math.max(...times));
    const main = Object.entries(count).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0];
    const rhythm: OrderRhythm = {
      orders: placed.length - es.filter((e) => e.kind === 'cancelled').length,
      placed: placed.length,
      value: value[main]! / 100,
      firstAt: Math.min(...times),
      lastAt: Math.max(...times),
    };
    stages.set(email, lifecycleStageFor(rhythm, END));
  }
  expect([...stages.values()]).toContain('decline');

  const view = (await sup.get('/api/metrics/at-risk')).body as AtRiskView;
  const complaints = await Complaint.find({}).lean();
  const openBy = new Set(complaints.filter((c) => !['resolved', 'closed'].includes(c.status)).map((c) => c.customer.email.toLowerCase()));
  const expected = new Map<string, string[]>();
  for (const email of new Set([...stages.keys(), ...openBy])) {
    const reasons: string[] = [];
    if (stages.get(email) === 'decline') reasons.push('declining_rhythm');
    if (openBy.has(email)) reasons.push('open_complaint');
    if (reasons.length) expected.set(email, reasons);
  }
  const listed = new Map(view.items.map((i) => [i.email, i.reasons.filter((x) => x === 'declining_rhythm' || x === 'open_complaint')]));
  expect(new Map([...listed].filter(([, r]) => r.length > 0))).toEqual(expected);
});

it('a rebuild from the raw events and complaints gives the same figures', async () => {
  const before = (await sup.get('/api/metrics/retention')).body as RetentionView;
  const summaries = await orderSummaries()
    .find({}, { projection: { stage: 0, updatedAt: 0 } })
    .sort({ _id: 1 })
    .toArray();
  await rebuildOrderRollups();
  await rebuildRetention();
  expect(
    await orderSummaries()
      .find({}, { projection: { stage: 0, updatedAt: 0 } })
      .sort({ _id: 1 })
      .toArray(),
  ).toEqual(summaries);
  const after = (await sup.get('/api/metrics/retention')).body as RetentionView;
  expect(after.rows).toEqual(before.rows);
  expect(after.remedyReturn).toEqual(before.remedyReturn);
});
