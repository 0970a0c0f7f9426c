/**
 * SLA sweep cost as open complaints grow (1k, 10k, 100k): the timer sweep (indexed range of due
 * timers, atomic claims) against a brute-force tick that reads every open complaint to find the
 * due ones. Run: `npx tsx bench/sla/sweep.bench.ts [sizes...]` (or `npm run bench`). Uses
 * MONGODB_URI if set, else starts the embedded database in a temp folder.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose, { Types } from 'mongoose';
import { alwaysOpenCalendar, openStatuses, type Clock } from '@redress/shared';
import { setServices } from '../../server/src/platform/context';
import { startEmbeddedDb } from '../../server/src/platform/db/embedded';
import { loadEnv } from '../../server/src/platform/env';
import { createLogger } from '../../server/src/platform/logger';
import type { Realtime } from '../../server/src/platform/realtime/realtime';
import { EventStreams } from '../../server/src/platform/realtime/eventStreams';
import { Complaint } from '../../server/src/modules/complaints/complaint.model';
import { ComplaintEvent } from '../../server/src/modules/complaints/complaintEvent.model';
import { sweepSlaTimers } from '../../server/src/modules/sla/jobs/slaSweep';
import { SLOT_MS, slotEntry, slotOf, SWEEP_STATE_ID, type NewTimer } from '../../server/src/modules/sla/commands/slaTimerScheduler';
import { SlaDueSlot, SlaSweepState, SlaTimer, type SlotEntry } from '../../server/src/modules/sla/slaTimer.model';
import { startSla, timerChanges, type ComplaintSlaData, type SlaTargets } from '../../server/src/modules/sla/slaState';

const H = 3_600_000;
const BATCH = 2_000;
/** Ticks measured per size; each "due" tick fires DUE_PER_TICK breaches. */
const TICKS = 10;
const DUE_PER_TICK = 10;
const BRUTE_SAMPLES = 3;
const base = new Date('2026-11-23T00:00:00Z').getTime();

class BenchClock implements Clock {
  t = base;
  now(): Date {
    return new Date(this.t);
  }
}

const targets: SlaTargets = {
  policyId: null,
  policyName: 'Bench',
  calendarId: null,
  calendarName: '24/7',
  calendar: alwaysOpenCalendar,
  firstResponseMs: 4 * H,
  resolutionMs: 24 * H,
  nextResponseMs: null,
  warnAtPercent: 75,
};

function complaintDoc(i: number, sla: ComplaintSlaData, createdAt: Date) {
  return {
    _id: new Types.ObjectId(),
    reference: `B-${i}`,
    customerId: new Types.ObjectId(),
    customer: { name: `Bench ${i}`, email: `bench${i}@example.com`, tier: 'standard', lifetimeValue: 0, lifecycleStage: 'acquisition', priorComplaints: 0 },
    channel: 'web',
    category: 'delivery_delay',
    rootCause: 'system',
    kind: 'outcome',
    severity: 'medium',
    subject: 'Bench complaint',
    description: 'Seeded by the SLA sweep benchmark.',
    language: 'en',
    status: 'in_progress',
    priority: 'normal',
    priorityScore: 0,
    teamId: null,
    assigneeId: null,
    assigneeName: null,
    assignedAt: null,
    queuedAt: null,
    firstResponseAt: createdAt,
    resolvedAt: null,
    closedAt: null,
    reopenCount: 0,
    lastCustomerMessageAt: null,
    lastStaffMessageAt: null,
    mailThreadRoot: null,
    sla,
    createdAt,
    updatedAt: createdAt,
  };
}

/**
 * N open complaints with clocks and timers (filed through the real scheduler, so due slots are
 * built as in production). The first TICKS*DUE_PER_TICK are already warned and breach one batch
 * per slot (batch r at base + r slots); every other complaint's warning and breach lie after the
 * measured window, spread over five days, as in a desk with a steady backlog.
 */
async function seed(n: number, clock: BenchClock): Promise<void> {
  clock.t = base - SLOT_MS;
  const slots = new Map<string, SlotEntry[]>();
  const scripted = TICKS * DUE_PER_TICK;
  for (let start = 0; start < n; start += BATCH) {
    const complaints = [];
    const timers: NewTimer[] = [];
    for (let i = start; i < Math.min(n, start + BATCH); i++) {
      const tick = Math.floor(i / DUE_PER_TICK) + 1;
      const createdAt =
        i < scripted
          ? new Date(base + tick * SLOT_MS - targets.resolutionMs) // due exactly at its slot
          : new Date(base + 1 * H - 0.75 * targets.resolutionMs + Math.random() * 5 * 24 * H);
      let sla = startSla(targets, createdAt);
      // The reply was sent: only the resolution clock is live.
      sla = { ...sla, firstResponse: { ...sla.firstResponse, metAt: createdAt, state: 'met', dueAt: null, warnAt: null } };
      if (i < scripted) sla = { ...sla, resolution: { ...sla.resolution, warnedAt: createdAt, state: 'at_risk' } };
      const doc = complaintDoc(i, sla, createdAt);
      complaints.push(doc);
      for (const t of timerChanges(null, sla).flatMap((x) => x.timers.map((r) => ({ ...r, clock: x.clock })))) {
        if (t.clock !== 'resolution') continue;
        timers.push({ complaintId: doc._id, clock: t.clock, kind: t.kind, dueAt: t.dueAt, generation: t.generation });
      }
    }
    // The documents timerScheduler and slaRecorder would write, in bulk (seeding one by one takes too long).
    const byId = new Map(complaints.map((c) => [String(c._id), c]));
    const docs = timers.map((t) => ({ _id: new Types.ObjectId(), ...t, createdAt: clock.now() }));
    for (const d of docs) {
      byId.get(String(d.complaintId))!.sla.timers.push({ id: String(d._id), clock: d.clock, kind: d.kind, generation: d.generation });
      const s = String(slotOf(d.dueAt));
      if (!slots.has(s)) slots.set(s, []);
      slots.get(s)!.push(slotEntry(d));
    }
    await SlaTimer.collection.insertMany(docs, { ordered: false });
    await Complaint.collection.insertMany(complaints, { ordered: false });
  }
  const slotDocs = [...slots].map(([_id, timers]) => ({ _id, closed: false, timers }));
  for (let i = 0; i < slotDocs.length; i += BATCH) await SlaDueSlot.collection.insertMany(slotDocs.slice(i, i + BATCH) as never[], { ordered: false });
  await SlaSweepState.updateOne({ _id: SWEEP_STATE_ID }, { $set: { doneThrough: slotOf(clock.now()) - 1 } }, { upsert: true });
}

/** What a sweep would do without durable timers: read every open complaint, pick the due clocks. */
async function bruteForceTick(now: Date): Promise<number> {
  let due = 0;
  const cursor = Complaint.find({ status: { $in: openStatuses } }, { sla: 1 })
    .lean()
    .cursor({ batchSize: 1_000 });
  for await (const c of cursor) {
    const r = c.sla?.resolution;
    if (!r || r.metAt || r.breachedAt) continue;
    if ((r.dueAt && r.dueAt <= now) || (!r.warnedAt && r.warnAt && r.warnAt <= now)) due++;
  }
  return due;
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = process.hrtime.bigint();
  const value = await fn();
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, value };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export interface SweepBenchRow {
  open: number;
  seedSeconds: number;
  idleTickMs: number;
  dueTickMs: number;
  bruteForceMs: number;
}

async function measure(uri: string, n: number, clock: BenchClock): Promise<SweepBenchRow> {
  const dbName = `bench_sla_${n}_${Date.now().toString(36)}`;
  await mongoose.connect(uri, { dbName });
  await Promise.all([Complaint.createIndexes(), SlaTimer.createIndexes(), SlaDueSlot.createIndexes(), ComplaintEvent.createIndexes()]);
  const seeded = await timed(() => seed(n, clock));
  // The desk has been running: the sweep has caught up to just before the window.
  clock.t = base - 1_000;
  await sweepSlaTimers();
  const idle: number[] = [];
  const due: number[] = [];
  const brute: number[] = [];
  // Firing touches complaints by _id, which FerretDB answers by scanning: fewer samples at 100k.
  const ticks = n >= 100_000 ? 3 : TICKS;
  for (let r = 1; r <= ticks; r++) {
    // Just before batch r is due: an idle tick (the normal case, nearly every second).
    clock.t = base + r * SLOT_MS - 1_000;
    const i = await timed(() => sweepSlaTimers());
    if (i.value !== 0) throw new Error(`idle tick claimed ${i.value}`);
    idle.push(i.ms);
    // The baseline reads every open complaint: a few samples are enough (it is slow by design).
    if (r <= BRUTE_SAMPLES) brute.push((await timed(() => bruteForceTick(clock.now()))).ms);
    // Batch r is due: the tick claims and fires exactly DUE_PER_TICK breaches.
    clock.t = base + r * SLOT_MS + 1_000;
    const d = await timed(() => sweepSlaTimers());
    if (d.value !== DUE_PER_TICK) throw new Error(`due tick claimed ${d.value}, expected ${DUE_PER_TICK}`);
    due.push(d.ms);
  }
  await mongoose.connection.dropDatabase();
  await mongoose.disconnect();
  return { open: n, seedSeconds: seeded.ms / 1000, idleTickMs: median(idle), dueTickMs: median(due), bruteForceMs: median(brute) };
}

/** Run the benchmark for the given sizes and print a table; returns the rows. */
export async function runSweepBench(sizes = [1_000, 10_000, 100_000]): Promise<SweepBenchRow[]> {
  let stop = async () => undefined as void;
  let uri = process.env.MONGODB_URI;
  if (!uri) {
    const db = await startEmbeddedDb({ dataDir: mkdtempSync(path.join(os.tmpdir(), 'redress-bench-')) });
    uri = db.uri;
    stop = () => db.stop();
    console.log(`sla sweep bench: embedded ${db.engine} at ${db.uri}`);
  }
  const clock = new BenchClock();
  const realtime = {
    io: undefined as never,
    toRooms: () => ({ emit: () => undefined }),
    toTracking: () => ({ emit: () => undefined }),
    trackingStreams: new EventStreams(),
    close: async () => undefined,
  } satisfies Realtime;
  setServices({
    env: loadEnv({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }),
    logger: createLogger('silent'),
    clock,
    realtime,
    mailer: { send: async () => undefined, close: () => undefined },
    publicUrl: 'http://localhost',
    trackingSecret: 'bench',
  });
  const rows: SweepBenchRow[] = [];
  try {
    for (const n of sizes) {
      rows.push(await measure(uri, n, clock));
      printTable(rows);
    }
  } finally {
    await stop();
  }
  return rows;
}

function printTable(rows: SweepBenchRow[]): void {
  const head = [
    'open complaints',
    'seed s',
    'sweep idle tick ms',
    `sweep tick, ${DUE_PER_TICK} due ms`,
    'brute-force scan ms',
    'scan / idle tick',
    'scan / due tick',
  ];
  const lines = rows.map((r) => [
    r.open.toLocaleString('en'),
    r.seedSeconds.toFixed(1),
    r.idleTickMs.toFixed(2),
    r.dueTickMs.toFixed(1),
    r.bruteForceMs.toFixed(1),
    `${(r.bruteForceMs / r.idleTickMs).toFixed(0)}x`,
    `${(r.bruteForceMs / r.dueTickMs).toFixed(1)}x`,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (cells: string[]) => `| ${cells.map((c, i) => c.padStart(widths[i]!)).join(' | ')} |`;
  console.log(['', fmt(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...lines.map(fmt)].join('\n'));
}

if (require.main === module) {
  const sizes = process.argv
    .slice(2)
    .map(Number)
    .filter((n) => n > 0);
  runSweepBench(sizes.length ? sizes : undefined).then(
    () => process.exit(0),
    (err: Error) => {
      console.error(err);
      process.exit(1);
    },
  );
}
