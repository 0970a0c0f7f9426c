/**
 * Rollups against brute force: 300 complaints driven through the real commands over six days
 * (filing, first replies, resolutions, reopens, closures, CSAT, reassignment), then every figure
 * of the metrics API is recomputed from the raw complaints and compared: counts exactly,
 * percentiles within HISTOGRAM_RELATIVE_ERROR.
 */
import request from 'supertest';
import { io as ioClient } from 'socket.io-client';
import {
  defaultCategories,
  exactPercentile,
  HISTOGRAM_RELATIVE_ERROR,
  seededRandom,
  type MetricRow,
  type OverviewResponse,
  type PercentilePair,
  type PriorityLevel,
} from '@redress/shared';
import { FakeClock, startTestServer, type TestServer } from '../../../../test/support/harness';
import { createTeam, createUser, login, type StaffClient } from '../../../../test/support/factories';
import { Complaint } from '../complaints/complaint.model';
import type { ComplaintFields } from '../complaints/complaint.types';
import { type ComplaintChange } from '../complaints/complaintChanges';
import { Team } from '../auth/team.model';
import { syncComplaintRollups } from './rollupRecorder';
import { writeComplaint } from '../../../../test/support/changes';
import { complaintFiler } from '../complaints/commands/complaintFiler';
import { csatRecorder } from '../complaints/commands/csatRecorder';
import { messagePoster } from '../complaints/commands/messagePoster';
import { statusChanger } from '../complaints/commands/statusChanger';
import { Customer } from '../customers/customer.model';
import { periodStart, nextPeriod } from './rollup.model';
import { rebuildRollups, upgradeRollupLayout } from './rebuild';
import mongoose from 'mongoose';
import { defaultTargets } from './settings';

// A Monday; the nine days cross a month end, so reads span daily and hourly partitions.
const START = new Date('2026-02-23T00:00:00Z');
const HOUR = 3_600_000;
/**
 * 300 complaints on MongoDB; 80 on the embedded FerretDB/SQLite, which answers every query except
 * _id equality with a collection scan, so each rollup upsert slows down as the data set grows.
 */
const N = Number(process.env.ROLLUP_TEST_N ?? (process.env.REDRESS_TEST_DB_ENGINE?.startsWith('ferretdb') ? 80 : 300));

type Raw = ComplaintFields & { _id: { toString(): string } };

let t: TestServer;
let clock: FakeClock;
let sup: StaffClient;
let teams: string[];
let agents: { id: string; name: string }[];

beforeAll(async () => {
  clock = new FakeClock(START);
  t = await startTestServer({ clock });
  const a = await createTeam({
    categories: ['delivery_delay', 'damaged_in_transit', 'wrong_or_missing_item'],
  });
  const b = await createTeam({ categories: [] });
  teams = [String(a._id), String(b._id)];
  const users = await Promise.all([
    createUser('agent', { teamIds: [a._id], name: 'Ann' }),
    createUser('agent', { teamIds: [a._id, b._id], name: 'Bo' }),
    createUser('agent', { teamIds: [b._id], name: 'Cy' }),
  ]);
  agents = users.map((u) => ({ id: u.id as string, name: u.name }));
  const s = await createUser('supervisor', { teamIds: [a._id, b._id] });
  sup = await login(t.url, s.email);
  await generate();
}, 600_000);

afterAll(async () => {
  await t?.close();
});

interface Step {
  at: number;
  run: () => Promise<unknown>;
}

/**
 * Build a schedule of complaint lifecycles, then play it in time order on the fake clock. The
 * first REAL_COMMANDS complaints go through the real commands (and every domain's listeners);
 * the rest are written as those commands write them and handed to the analytics listener only,
 * which keeps this file fast on FerretDB (a full command costs ~0.4 s there).
 */
const REAL_COMMANDS = 12;

async function generate(): Promise<void> {
  const r = seededRandom(42);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const categories = ['delivery_delay', 'damaged_in_transit', 'staff_behaviour', 'billing_overcharge', 'waiting_time', 'service_outage'];
  const teamA = await Team.findById(teams[0]).lean();
  const emails = Array.from({ length: Math.ceil(N / 2) }, (_, i) => `cust${i}@example.com`);
  const customers = await Customer.insertMany(
    emails.map((email, i) => ({
      email,
      name: `Customer ${i}`,
      lifetimeValue: Math.round(r() * 5000),
    })),
  );
  const complaintsOf = new Map<string, number>();
  const ids: string[] = [];
  const steps: Step[] = [];
  const priorities: PriorityLevel[] = ['low', 'normal', 'high', 'urgent'];
  const byId = async (i: number) => (await Complaint.findById(ids[i]).lean())!;
  const listen = (_type: ComplaintChange['type'], i: number) => syncComplaintRollups(ids[i]!);
  const actor = { kind: 'staff' as const, id: agents[0]!.id, name: 'x' };
  const change = async (i: number, to: 'resolved' | 'in_progress' | 'closed') => {
    const c = await byId(i);
    if (i < REAL_COMMANDS) {
      return statusChanger({ complaint: c, to, actor }).catch((e: { id?: string }) => {
        if (e.id !== 'invalid_state') throw e;
      });
    }
    const now = clock.now();
    if (to === 'resolved') await Complaint.updateOne({ _id: c._id }, { $set: { status: to, resolvedAt: now } });
    if (to === 'closed') await Complaint.updateOne({ _id: c._id }, { $set: { status: to, closedAt: now } });
    if (to === 'in_progress') await Complaint.updateOne({ _id: c._id }, { $set: { status: to, resolvedAt: null }, $inc: { reopenCount: 1 } });
    await listen('status_changed', i);
  };
  for (let i = 0; i < N; i++) {
    const filed = START.getTime() + r() * 6 * 24 * HOUR;
    const channel = pick(['web', 'email', 'api'] as const);
    const ci = Math.floor(r() * customers.length);
    const customer = customers[ci]!;
    const category = pick(categories);
    const agent = pick(agents);
    const priority = r() < 0.4 ? pick(priorities) : 'normal';
    steps.push({
      at: filed,
      run: async () => {
        if (i < REAL_COMMANDS) {
          const f = await complaintFiler({
            input: {
              customer: { name: customer.name, email: customer.email },
              category,
              description: 'Something went wrong with my order, please help.',
            },
            channel,
          });
          ids[i] = String(f.complaint._id);
          await writeComplaint(f.complaint._id, { priority }, { type: 'priority_changed', from: 'normal', to: priority, reason: 'test' });
          return;
        }
        const cat = defaultCategories.find((c) => c.key === category)!;
        const prior = complaintsOf.get(customer.email) ?? 0;
        const doc = await Complaint.create({
          reference: `T-${String(i).padStart(6, '0')}`,
          customerId: customer._id,
          customer: {
            name: customer.name,
            email: customer.email,
            tier: 'standard',
            lifetimeValue: customer.lifetimeValue,
            lifecycleStage: 'acquisition',
            priorComplaints: prior,
          },
          channel,
          category,
          rootCause: cat.rootCause,
          kind: cat.kind,
          severity: cat.defaultSeverity,
          subject: 'Generated',
          description: 'Generated complaint for the rollup check.',
          priority,
          teamId: teamA!.categories.includes(category) ? teams[0] : teams[1],
          createdAt: clock.now(),
          updatedAt: clock.now(),
        });
        ids[i] = doc.id;
        await listen('filed', i);
      },
    });
    steps.push({
      at: filed,
      run: async () => void complaintsOf.set(customer.email, (complaintsOf.get(customer.email) ?? 0) + 1),
    });
    // Assignment (as routing does it): most complaints get an agent soon after filing.
    if (r() < 0.85) {
      steps.push({
        at: filed + 1000 + r() * HOUR,
        run: async () => {
          const set = {
            assigneeId: agent.id,
            assigneeName: agent.name,
            status: 'assigned',
          };
          if (i >= REAL_COMMANDS) {
            await Complaint.updateOne({ _id: ids[i] }, { $set: set });
            await listen('assigned', i);
            return;
          }
          const c = await byId(i);
          if (c.assigneeId) return; // routing got there first
          await writeComplaint(ids[i], set, {
            type: 'assigned',
            assigneeId: agent.id,
            previousAssigneeId: null,
          });
        },
      });
    }
    if (r() < 0.9) {
      const replied = filed + 2 * HOUR + Math.exp(r() * 12) * 1000; // seconds to ~45 hours, log-spread
      steps.push({
        at: replied,
        run: async () => {
          if (i < REAL_COMMANDS)
            return messagePoster({
              complaint: await byId(i),
              author: agent,
              body: 'We are on it, sorry about this.',
              visibility: 'public',
            });
          await Complaint.updateOne({ _id: ids[i], firstResponseAt: null }, { $set: { firstResponseAt: clock.now() } });
          await Complaint.updateOne({ _id: ids[i], status: { $in: ['new', 'assigned'] } }, { $set: { status: 'in_progress' } });
          await listen('staff_reply', i);
        },
      });
      if (r() < 0.75) {
        const resolved = replied + Math.exp(r() * 12.5) * 1000;
        steps.push({ at: resolved, run: () => change(i, 'resolved') });
        let last = resolved;
        if (r() < 0.2) {
          last = resolved + r() * 10 * HOUR;
          steps.push({ at: last, run: () => change(i, 'in_progress') });
          if (r() < 0.6) {
            last += r() * 20 * HOUR;
            steps.push({ at: last, run: () => change(i, 'resolved') });
          }
        }
        if (r() < 0.5) {
          const score = 1 + Math.floor(r() * 5);
          steps.push({
            at: last + r() * 5 * HOUR,
            run: async () => {
              const c = await byId(i);
              if (c.status !== 'resolved' && c.status !== 'closed') return;
              if (i < REAL_COMMANDS) return csatRecorder({ complaint: c, score }).catch(() => undefined);
              await Complaint.updateOne({ _id: c._id }, { $set: { csat: { score, comment: '', at: clock.now() } } });
              await listen('csat', i);
            },
          });
        }
        if (r() < 0.3)
          steps.push({
            at: last + 6 * HOUR + r() * 24 * HOUR,
            run: () => change(i, 'closed'),
          });
      }
    }
    // Escalation to the other team after filing: counts must move with the complaint.
    if (r() < 0.05) {
      steps.push({
        at: filed + 3 * HOUR,
        run: async () => {
          const c = await byId(i);
          const other = teams.find((x) => x !== String(c.teamId))!;
          await Complaint.updateOne({ _id: c._id }, { $set: { teamId: other } });
          await listen('categorised', i);
        },
      });
    }
  }
  steps.sort((a, b) => a.at - b.at);
  const started = Date.now();
  for (const [k, s] of steps.entries()) {
    clock.set(new Date(s.at));
    const t0 = Date.now();
    await s.run();
    await t.settle();
    if (process.env.ROLLUP_TEST_PROFILE) console.log(k, Date.now() - t0, Date.now() - started);
  }
  clock.set(new Date(START.getTime() + 9 * 24 * HOUR));
}

// ---------------------------------------------------------------- brute force over raw complaints

function secs(a: Date, b: Date): number {
  return Math.max(0, (b.getTime() - a.getTime()) / 1000);
}

interface Clock {
  metAt?: Date | null;
  elapsedBusinessMs?: number;
  targetMs?: number;
}
function slaClock(c: Raw, name: 'firstResponse' | 'resolution'): Clock {
  return ((c as unknown as { sla?: Record<string, Clock> | null }).sla?.[name] ?? {}) as Clock;
}

/** The same definitions as contributions.ts, stated again independently for the check. */
function facts(c: Raw) {
  const p = c.priority;
  const frc = slaClock(c, 'firstResponse');
  const rc = slaClock(c, 'resolution');
  const frCal = c.firstResponseAt ? secs(c.createdAt, c.firstResponseAt) : null;
  const frBus = frCal === null ? null : frc.metAt && typeof frc.elapsedBusinessMs === 'number' ? frc.elapsedBusinessMs / 1000 : frCal;
  const resolvedNow = (c.status === 'resolved' || c.status === 'closed') && c.resolvedAt;
  const resCal = resolvedNow ? secs(c.createdAt, c.resolvedAt!) : null;
  const resBus = resCal === null ? null : rc.metAt && typeof rc.elapsedBusinessMs === 'number' ? rc.elapsedBusinessMs / 1000 : resCal;
  const frTarget = typeof frc.targetMs === 'number' ? frc.targetMs / 1000 : defaultTargets.firstResponseSeconds[p];
  const resTarget = typeof rc.targetMs === 'number' ? rc.targetMs / 1000 : defaultTargets.resolutionSeconds[p];
  return { frCal, frBus, frTarget, resCal, resBus, resTarget };
}

const inRange = (d: Date | null | undefined, from: Date, to: Date) => !!d && d >= from && d < to;

interface Brute {
  created: number;
  resolved: number;
  reopened: number;
  closed: number;
  repeat: number;
  frCount: number;
  frBreached: number;
  resBreached: number;
  resolvedWithinTarget: number;
  csatCount: number;
  csatSum: number;
  fr: number[];
  frBus: number[];
  res: number[];
  resBus: number[];
}

function brute(all: Raw[], from: Date, to: Date, keep: (c: Raw) => boolean = () => true): Brute {
  const b: Brute = {
    created: 0,
    resolved: 0,
    reopened: 0,
    closed: 0,
    repeat: 0,
    frCount: 0,
    frBreached: 0,
    resBreached: 0,
    resolvedWithinTarget: 0,
    csatCount: 0,
    csatSum: 0,
    fr: [],
    frBus: [],
    res: [],
    resBus: [],
  };
  for (const c of all.filter(keep)) {
    const f = facts(c);
    if (inRange(c.createdAt, from, to)) {
      b.created++;
      b.reopened += c.reopenCount;
      if (c.customer.priorComplaints > 0) b.repeat++;
    }
    if (f.frCal !== null && inRange(c.firstResponseAt, from, to)) {
      b.frCount++;
      b.fr.push(f.frCal);
      b.frBus.push(f.frBus!);
      if (f.frBus! > f.frTarget) b.frBreached++;
    }
    if (f.resCal !== null && inRange(c.resolvedAt, from, to)) {
      b.resolved++;
      b.res.push(f.resCal);
      b.resBus.push(f.resBus!);
      if (f.resBus! <= f.resTarget) b.resolvedWithinTarget++;
      else b.resBreached++;
    }
    if (c.status === 'closed' && inRange(c.closedAt, from, to)) b.closed++;
    if (typeof c.csat?.score === 'number' && inRange(c.csat.at, from, to)) {
      b.csatCount++;
      b.csatSum += c.csat.score;
    }
  }
  return b;
}

function expectClose(est: number | null, values: number[], p: number, label: string): void {
  const exact = exactPercentile(values, p);
  if (exact === null) return expect({ label, est }).toEqual({ label, est: null });
  if (exact < 1) return expect({ label, est }).toEqual({ label, est: 0 });
  const err = Math.abs((est ?? NaN) - exact) / exact;
  if (!(err <= HISTOGRAM_RELATIVE_ERROR)) throw new Error(`${label}: estimate ${est} vs exact ${exact} (error ${(err * 100).toFixed(2)}%)`);
}

function expectPair(pair: PercentilePair, values: number[], label: string): void {
  expectClose(pair.p50, values, 0.5, `${label} p50`);
  expectClose(pair.p90, values, 0.9, `${label} p90`);
}

function compare(row: MetricRow, b: Brute, label: string): void {
  const counts = (x: MetricRow | Brute) => ({
    label,
    created: x.created,
    resolved: x.resolved,
    reopened: x.reopened,
    closed: x.closed,
    repeat: x.repeat,
    frCount: x.frCount,
    frBreached: x.frBreached,
    resBreached: x.resBreached,
    resolvedWithinTarget: x.resolvedWithinTarget,
    csatCount: x.csatCount,
    csatSum: x.csatSum,
  });
  expect(counts(row)).toEqual(counts(b));
  expectPair(row.firstResponse, b.fr, `${label} fr`);
  expectPair(row.firstResponseBusiness, b.frBus, `${label} fr business`);
  expectPair(row.resolution, b.res, `${label} resolution`);
  expectPair(row.resolutionBusiness, b.resBus, `${label} resolution business`);
}

async function raw(): Promise<Raw[]> {
  return (await Complaint.find({}).lean()) as unknown as Raw[];
}

async function overview(qs: string): Promise<OverviewResponse> {
  const res = await sup.get(`/api/metrics/overview?${qs}`);
  expect(res.status).toBe(200);
  return res.body as OverviewResponse;
}

const FROM = START.toISOString();
const TO = new Date(START.getTime() + 9 * 24 * HOUR).toISOString();

describe('rollups vs brute force', () => {
  it('the data set exercises every path', async () => {
    const all = await raw();
    expect(all).toHaveLength(N);
    expect(all.filter((c) => c.reopenCount > 0).length).toBeGreaterThan(N / 60);
    expect(all.filter((c) => c.status === 'closed').length).toBeGreaterThan(N / 60);
    expect(all.filter((c) => c.csat?.score).length).toBeGreaterThan(N / 15);
    expect(all.filter((c) => c.customer.priorComplaints > 0).length).toBeGreaterThan(N / 15);
  });

  it.each(['hour', 'day', 'week'] as const)('per %s period, every series row matches', async (g) => {
    const all = await raw();
    const o = await overview(`from=${FROM}&to=${TO}&granularity=${g}`);
    const from = new Date(o.range.from);
    expect(from).toEqual(periodStart(START, g));
    expect(o.series.length).toBeGreaterThan(0);
    for (const row of o.series) {
      const s = new Date(row.key);
      compare(row, brute(all, s, nextPeriod(s, g)), `${g} ${row.key}`);
    }
    compare(o.totals, brute(all, from, new Date(o.range.to)), `${g} totals`);
  });

  it('breakdowns by category, root cause, kind and channel match', async () => {
    const all = await raw();
    const o = await overview(`from=${FROM}&to=${TO}&granularity=day`);
    const from = new Date(o.range.from);
    const to = new Date(TO);
    for (const [rows, field] of [
      [o.byCategory, 'category'],
      [o.byRootCause, 'rootCause'],
      [o.byKind, 'kind'],
      [o.byChannel, 'channel'],
    ] as const) {
      const values = [...new Set(all.map((c) => c[field] as string))];
      expect(rows.map((r) => r.key).sort()).toEqual(values.sort());
      for (const row of rows)
        compare(
          row,
          brute(all, from, to, (c) => c[field] === row.key),
          `${field}=${row.key}`,
        );
    }
    expect(o.reopenRate).toBeCloseTo(all.reduce((s, c) => s + c.reopenCount, 0) / all.length, 10);
  });

  it('filtered views (team, category, channel) match', async () => {
    const all = await raw();
    const to = new Date(TO);
    for (const [qs, keep] of [
      [`team=${teams[0]}`, (c: Raw) => String(c.teamId) === teams[0]],
      [`team=${teams[1]}&channel=email`, (c: Raw) => String(c.teamId) === teams[1] && c.channel === 'email'],
      ['category=delivery_delay', (c: Raw) => c.category === 'delivery_delay'],
    ] as const) {
      const o = await overview(`from=${FROM}&to=${TO}&granularity=day&${qs}`);
      const from = new Date(o.range.from);
      compare(o.totals, brute(all, from, to, keep), qs);
      for (const row of o.series) {
        const s = new Date(row.key);
        compare(row, brute(all, s, nextPeriod(s, 'day'), keep), `${qs} ${row.key}`);
      }
      for (const row of o.byCategory)
        compare(
          row,
          brute(all, from, to, (c) => keep(c) && c.category === row.key),
          `${qs} category=${row.key}`,
        );
      expect(o.live.open).toBe(all.filter((c) => keep(c) && ['new', 'assigned', 'in_progress', 'waiting_on_customer'].includes(c.status)).length);
    }
  });

  it('live backlog, agent table and drill-down match the raw complaints', async () => {
    const all = await raw();
    const open = all.filter((c) => ['new', 'assigned', 'in_progress', 'waiting_on_customer'].includes(c.status));
    const o = await overview(`from=${FROM}&to=${TO}`);
    expect(o.live.open).toBe(open.length);
    expect(o.live.unassigned).toBe(open.filter((c) => !c.assigneeId).length);
    for (const s of ['new', 'assigned', 'in_progress', 'waiting_on_customer']) expect(o.live.byStatus[s]).toBe(open.filter((c) => c.status === s).length);
    expect(o.live.ageBuckets.reduce((s, b) => s + b.count, 0)).toBe(open.length);
    expect(o.retention.breakdown.resolvedQuickly.count).toBe(o.totals.resolvedWithinTarget);

    const agentsRes = await sup.get(`/api/metrics/agents?from=${FROM}&to=${TO}`);
    expect(agentsRes.status).toBe(200);
    for (const a of agents) {
      const row = agentsRes.body.items.find((x: { id: string }) => x.id === a.id);
      const b = brute(all, new Date(FROM), new Date(TO), (c) => String(c.assigneeId) === a.id);
      expect({ a: a.name, handled: row.handled, csat: row.csatCount }).toEqual({
        a: a.name,
        handled: b.resolved,
        csat: b.csatCount,
      });
      expectClose(row.medianResolutionSeconds, b.res, 0.5, `agent ${a.name} median`);
    }

    const cat = o.byCategory[0]!;
    const dd = await sup.get(`/api/metrics/drilldown?metric=resolved&key=category:${cat.key}&from=${o.range.from}&to=${TO}&pageSize=200`);
    expect(dd.status).toBe(200);
    expect(dd.body.total).toBe(cat.resolved);
    expect(dd.body.items).toHaveLength(cat.resolved);
    const wt = await sup.get(`/api/metrics/drilldown?metric=resolvedWithinTarget&from=${o.range.from}&to=${TO}`);
    expect(wt.body.total).toBe(o.totals.resolvedWithinTarget);
    const backlog = await sup.get('/api/metrics/drilldown?metric=backlog&key=status:in_progress&pageSize=5&page=2');
    expect(backlog.body.total).toBe(o.live.byStatus.in_progress);

    const csv = await sup.get(`/api/metrics/overview?from=${FROM}&to=${TO}&format=csv&table=category`);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.text.trim().split('\r\n')).toHaveLength(o.byCategory.length + 1);
    const agentsCsv = await sup.get(`/api/metrics/agents?format=csv`);
    expect(agentsCsv.text.split('\r\n')[0]).toContain('medianResolutionSeconds');
  });

  it('rebuilding from raw complaints gives the same figures, and syncing again changes nothing', async () => {
    const before = await overview(`from=${FROM}&to=${TO}&granularity=hour`);
    await rebuildRollups({ batchSize: 70 });
    const after = await overview(`from=${FROM}&to=${TO}&granularity=hour`);
    expect(after.series).toEqual(before.series);
    expect(after.byCategory).toEqual(before.byCategory);
    // A repeated change is a no-op (exactly once). Straight to the analytics listener: a made-up
    // 'resolved' published to every domain would move the SLA clocks.
    const c = (await Complaint.findOne({ status: 'resolved' }))!;
    await syncComplaintRollups(c.id);
    expect((await overview(`from=${FROM}&to=${TO}&granularity=hour`)).totals).toEqual(after.totals);
  });
});

describe('rollup layout upgrade', () => {
  it('rebuilds a database written with the unpartitioned layout once, at start-up', async () => {
    const before = await overview(`from=${FROM}&to=${TO}&granularity=day`);
    const db = mongoose.connection.db!;
    await db.collection<{ _id: string }>('rollups_day_all').insertOne({
      _id: 'day|2026-02-23T00:00:00.000Z|all|all',
      created: 999,
    } as never);
    const complaints = await Complaint.countDocuments({});
    expect(await upgradeRollupLayout(() => undefined)).toBe(complaints);
    const names = (await db.listCollections().toArray()).map((c) => c.name);
    expect(names).not.toContain('rollups_day_all');
    expect(names).toContain('rollups_day_all_202602');
    expect(names).toContain('rollups_day_all_202603');
    const after = await overview(`from=${FROM}&to=${TO}&granularity=day`);
    expect(after.totals).toEqual(before.totals);
    expect(after.series).toEqual(before.series);
    expect(await upgradeRollupLayout(() => undefined)).toBeNull();
  });
});

describe('metrics access and realtime', () => {
  it('is for supervisors and admins only', async () => {
    const agent = await createUser('agent', { teamIds: [teams[0]] });
    const client = await login(t.url, agent.email);
    expect((await client.get('/api/metrics/overview')).status).toBe(403);
    expect((await request(t.url).get('/api/metrics/overview')).status).toBe(401);
    const bad = await sup.get('/api/metrics/overview?granularity=hour&from=2020-01-01&to=2026-01-01');
    expect(bad.status).toBe(400);
  });

  it('stores retention rates and uses them', async () => {
    const put = await sup.put('/api/metrics/settings/retention', {
      neverComplained: 0.1,
      complainedUnresolved: 0.2,
      complainedResolved: 0.5,
      complainedResolvedQuickly: 0.9,
    });
    expect(put.status).toBe(200);
    expect((await sup.put('/api/metrics/settings/retention', { neverComplained: 2 })).status).toBe(400);
    const o = await overview(`from=${FROM}&to=${TO}`);
    expect(o.retentionRates.complainedResolvedQuickly).toBe(0.9);
    expect(o.retention.breakdown.resolvedQuickly.customersRetained).toBeCloseTo(o.totals.resolvedWithinTarget * 0.9, 6);
  });

  it('serves Prometheus text to loopback and to the token only', async () => {
    const local = await request(t.url).get('/metrics');
    expect(local.status).toBe(200);
    expect(local.text).toMatch(/redress_queue_depth \d+/);
    expect(local.text).toMatch(/redress_open_complaints \d+/);
    expect(local.text).toMatch(/redress_emails_pending \d+/);
    expect(local.text).toMatch(/redress_sla_breaches_total\{clock="resolution"\} \d+/);
    expect(local.text).toContain('redress_http_requests_total{method="GET",route="/api/metrics/overview",status="200"}');
    // Through a local reverse proxy, an outside caller is not loopback.
    const outside = await request(t.url).get('/metrics').set('X-Forwarded-For', '203.0.113.9');
    expect(outside.status).toBe(403);
  });

  it("tells supervisors' dashboards when figures change, at most once a second", async () => {
    const socket = ioClient(t.url, {
      extraHeaders: { cookie: sup.cookie },
      transports: ['websocket'],
    });
    await new Promise<void>((resolve, reject) => {
      socket.on('connect', () => resolve());
      socket.on('connect_error', reject);
    });
    const seen: number[] = [];
    socket.on('metrics:changed', () => seen.push(Date.now()));
    for (let i = 0; i < 3; i++) {
      await complaintFiler({
        input: {
          customer: { name: 'Live', email: `live${i}@example.com` },
          category: 'other',
          description: 'Live update check, please.',
        },
        channel: 'web',
      });
    }
    // The push follows the rollup subscriber: wait for the feed, then for the (throttled) push,
    // rather than a fixed time that a busy machine can overrun.
    await t.settle();
    for (let waited = 0; seen.length === 0 && waited < 10_000; waited += 100) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 1_200));
    expect(seen.length).toBeGreaterThanOrEqual(1);
    expect(seen.length).toBeLessThanOrEqual(3);
    for (let i = 1; i < seen.length; i++) expect(seen[i]! - seen[i - 1]!).toBeGreaterThanOrEqual(900);
    socket.close();
  });
});
