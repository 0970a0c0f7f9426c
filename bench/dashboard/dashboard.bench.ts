/**
 * Dashboard latency as history grows: loads N complaints (default 10k, 100k, 1M; set BENCH_SIZES
 * or pass sizes as arguments) spread over the last 365 days, with their rollup documents built
 * in-process by the same code the server uses (contributions.ts), into a fresh database per size.
 * Then measures, in the same run:
 * - rollup path: real HTTP GET /api/metrics/overview (last 30 days by day) as a supervisor;
 * - brute force: the same figures computed by reading the raw complaints of the range.
 * The open backlog is kept at about 500 complaints whatever N is (a desk's backlog follows its
 * workload, not its history). Uses MONGODB_URI if set, else the embedded database in a temp dir.
 *
 * Run: `npm run bench` (all benches) or `npx tsx bench/dashboard/dashboard.bench.ts 10000 100000`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose, { Types } from 'mongoose';
import { defaultCategories, exactPercentile, seededRandom, openStatuses, type PriorityLevel } from '@redress/shared';
import { createRedressServer } from '../../server/src/app';
import { logTail, startEmbeddedDb } from '../../server/src/platform/db/embedded';
import { loadEnv } from '../../server/src/platform/env';
import { createLogger } from '../../server/src/platform/logger';
import { hashPassword } from '../../server/src/modules/auth/passwords';
import { User } from '../../server/src/modules/auth/user.model';
import { Team } from '../../server/src/modules/auth/team.model';
import { Complaint } from '../../server/src/modules/complaints/complaint.model';
import { addFacet, desiredFacets, facetNames, type ComplaintSnapshot, type RollupDelta } from '../../server/src/modules/analytics/contributions';
import { deltaToDoc } from '../../server/src/modules/analytics/rebuild';
import { OpenComplaintEntry, openEntryFor } from '../../server/src/modules/analytics/openSet';
import { periodStart } from '../../server/src/modules/analytics/rollup.model';
import { deltasByCollection } from '../../server/src/modules/analytics/rollupRecorder';
import { defaultTargets } from '../../server/src/modules/analytics/settings';

const DAY = 86_400_000;
const SPAN_DAYS = 365;
const RANGE_DAYS = 30;
const BATCH = 5_000;
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 20);
const OPEN_TAIL = 1_000; // the newest complaints, half of them open
const NOW = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);

function sizes(): number[] {
  const args = process.argv.slice(2).filter((a) => /^\d+$/.test(a));
  const list = args.length ? args : (process.env.BENCH_SIZES ?? '10000,100000,1000000').split(',');
  return list.map((s) => Number(s.trim())).filter((n) => n > 0);
}

interface World {
  teams: Types.ObjectId[];
  agents: { id: Types.ObjectId; name: string }[];
}

/** One raw complaint as the commands would have left it; times never pass NOW. */
function complaintDoc(i: number, n: number, r: () => number, w: World) {
  const createdAt = new Date(NOW.getTime() - SPAN_DAYS * DAY + ((i + r()) / n) * SPAN_DAYS * DAY - 1);
  const cat = defaultCategories[Math.floor(r() * defaultCategories.length)]!;
  const channel = (['web', 'email', 'api'] as const)[Math.floor(r() * 3)]!;
  const priority = (['low', 'normal', 'normal', 'high', 'urgent'] as PriorityLevel[])[Math.floor(r() * 5)]!;
  const agent = w.agents[Math.floor(r() * w.agents.length)]!;
  const tail = i >= n - OPEN_TAIL;
  const open = tail && r() < 0.5;
  const at = (ms: number) => (createdAt.getTime() + ms < NOW.getTime() ? new Date(createdAt.getTime() + ms) : null);
  const firstResponseAt = open && r() < 0.5 ? null : at(60_000 + Math.exp(r() * 11) * 1000);
  let resolvedAt = open || !firstResponseAt ? null : at(firstResponseAt.getTime() - createdAt.getTime() + Math.exp(r() * 12.5) * 1000);
  const status = resolvedAt ? (r() < 0.3 ? 'closed' : 'resolved') : firstResponseAt ? 'in_progress' : 'assigned';
  if (!resolvedAt) resolvedAt = null;
  const closedAt = status === 'closed' ? (at(resolvedAt!.getTime() - createdAt.getTime() + 3 * DAY) ?? resolvedAt) : null;
  const csatAt = resolvedAt && r() < 0.4 ? at(resolvedAt.getTime() - createdAt.getTime() + 3_600_000) : null;
  return {
    _id: new Types.ObjectId(),
    reference: `B-${String(i).padStart(8, '0')}`,
    customerId: new Types.ObjectId(),
    customer: {
      name: `Customer ${i}`,
      email: `c${i}@bench.example`,
      tier: 'standard',
      lifetimeValue: Math.round(r() * 3000),
      lifecycleStage: 'build-up',
      priorComplaints: r() < 0.2 ? 1 : 0,
    },
    channel,
    category: cat.key,
    rootCause: cat.rootCause,
    kind: cat.kind,
    severity: cat.defaultSeverity,
    subject: 'Bench complaint',
    description: 'Generated for the dashboard benchmark.',
    language: 'en',
    status,
    priority,
    priorityScore: 0,
    teamId: w.teams[Math.floor(r() * w.teams.length)]!,
    assigneeId: agent.id,
    assigneeName: agent.name,
    assignedAt: createdAt,
    queuedAt: null,
    firstResponseAt,
    resolvedAt,
    closedAt,
    reopenCount: r() < 0.05 ? 1 : 0,
    lastCustomerMessageAt: null,
    lastStaffMessageAt: firstResponseAt,
    mailThreadRoot: null,
    csat: csatAt ? { score: 1 + Math.floor(r() * 5), comment: '', at: csatAt } : null,
    sla: null,
    rollup: null as unknown,
    createdAt,
    updatedAt: createdAt,
  };
}

/** Insert complaints and their rollups; rollup docs are flushed once no later facet can touch them. */
async function load(n: number, w: World): Promise<{ complaints: number; rollups: number }> {
  const r = seededRandom(n);
  let batch: ReturnType<typeof complaintDoc>[] = [];
  let deltas = new Map<string, RollupDelta>();
  let rollups = 0;
  const openEntries: Record<string, unknown>[] = [];
  const flushRollups = async (before: Date | null) => {
    const ready: [string, RollupDelta][] = [];
    const keep = new Map<string, RollupDelta>();
    for (const [id, d] of deltas) {
      // Facets land at most ~12 days after filing; weekly docs are done 3 weeks after they start.
      if (!before || d.meta.start.getTime() < before.getTime() - 21 * DAY) ready.push([id, d]);
      else keep.set(id, d);
    }
    // Plain inserts (the docs are complete), one stream per target collection.
    for (const { target, entries } of deltasByCollection(ready)) {
      const docs = entries.map(([id, d]) => deltaToDoc(id, d));
      for (let i = 0; i < docs.length; i += BATCH)
        await target.insertMany(docs.slice(i, i + BATCH) as never[], {
          ordered: false,
        });
    }
    rollups += ready.length;
    deltas = keep;
  };
  for (let i = 0; i < n; i++) {
    const c = complaintDoc(i, n, r, w);
    const desired = desiredFacets(c as unknown as ComplaintSnapshot, defaultTargets);
    for (const name of facetNames) if (desired[name]) addFacet(deltas, desired[name], 1);
    c.rollup = { v: 1, applied: desired };
    const entry = openEntryFor(c as unknown as Parameters<typeof openEntryFor>[0]);
    if (entry) openEntries.push(entry);
    batch.push(c);
    if (batch.length === BATCH) {
      await Complaint.collection.insertMany(batch as never[], {
        ordered: false,
      });
      batch = [];
      if (deltas.size > 200_000) await flushRollups(c.createdAt);
    }
  }
  if (batch.length) await Complaint.collection.insertMany(batch as never[], { ordered: false });
  if (openEntries.length)
    await OpenComplaintEntry.collection.insertMany(openEntries as never[], {
      ordered: false,
    });
  await flushRollups(null);
  return { complaints: n, rollups };
}

/** The overview's figures computed from raw complaints (what the dashboard would cost without rollups). */
async function bruteForce(from: Date, to: Date): Promise<number> {
  const range = { $gte: from, $lt: to };
  const docs = await Complaint.find(
    {
      $or: [
        { createdAt: range },
        { firstResponseAt: range },
        { resolvedAt: range },
        { closedAt: range },
        { 'csat.at': range },
        { status: { $in: openStatuses } },
      ],
    },
    {
      createdAt: 1,
      firstResponseAt: 1,
      resolvedAt: 1,
      closedAt: 1,
      status: 1,
      category: 1,
      rootCause: 1,
      kind: 1,
      channel: 1,
      priority: 1,
      csat: 1,
      reopenCount: 1,
      'customer.priorComplaints': 1,
      'customer.lifetimeValue': 1,
    },
  ).lean();
  const inR = (d: Date | null | undefined) => !!d && d >= from && d < to;
  const groups = new Map<
    string,
    {
      created: number;
      resolved: number;
      fr: number[];
      res: number[];
      csat: number;
    }
  >();
  const bump = (key: string) => {
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { created: 0, resolved: 0, fr: [], res: [], csat: 0 }));
    return g;
  };
  for (const c of docs) {
    const keys = [
      'all',
      `day:${periodStart(c.createdAt, 'day').toISOString()}`,
      `category:${c.category}`,
      `rootCause:${c.rootCause}`,
      `kind:${c.kind}`,
      `channel:${c.channel}`,
    ];
    for (const k of keys) {
      const g = bump(k);
      if (inR(c.createdAt)) g.created++;
      if (c.firstResponseAt && inR(c.firstResponseAt)) g.fr.push((c.firstResponseAt.getTime() - c.createdAt.getTime()) / 1000);
      if (c.resolvedAt && inR(c.resolvedAt) && (c.status === 'resolved' || c.status === 'closed')) {
        g.resolved++;
        g.res.push((c.resolvedAt.getTime() - c.createdAt.getTime()) / 1000);
      }
      if (c.csat?.at && inR(c.csat.at)) g.csat++;
    }
  }
  let checksum = 0;
  for (const g of groups.values()) checksum += (exactPercentile(g.fr, 0.5) ?? 0) + (exactPercentile(g.res, 0.9) ?? 0) + g.created + g.resolved;
  return checksum;
}

function pct(values: number[], p: number): number {
  return exactPercentile(values, p) ?? NaN;
}

async function timeIt(fn: () => Promise<unknown>, times: number, warmUp = true): Promise<number[]> {
  if (warmUp) await fn();
  const out: number[] = [];
  for (let i = 0; i < times; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return out;
}

async function benchSize(uri: string, n: number): Promise<string> {
  const dbName = `bench_dashboard_${n}`;
  const env = loadEnv({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    JOBS_ENABLED: 'false',
    SESSION_SECRET: 'bench-session-secret-0123456789',
  });
  const server = await createRedressServer({
    env,
    mongoUri: uri,
    dbName,
    smtpUrl: 'smtp://127.0.0.1:9',
    logger: createLogger(process.env.BENCH_LOG_LEVEL === 'error' ? 'error' : 'silent'),
  });
  await mongoose.connection.db!.dropDatabase();
  await Promise.all([Complaint.init(), User.init(), Team.init()]);
  const teams = await Team.insertMany(
    ['orders', 'billing', 'service', 'senior'].map((k) => ({
      key: k,
      name: k,
      categories: [],
    })),
  );
  const agents = await User.insertMany(
    Array.from({ length: 20 }, (_, i) => ({
      email: `a${i}@bench.example`,
      name: `Agent ${i}`,
      role: 'agent',
      passwordHash: 'x',
      capacity: 8,
    })),
  );
  await User.create({
    email: 'sup@bench.example',
    name: 'Supervisor',
    role: 'supervisor',
    passwordHash: await hashPassword('bench-password-1'),
  });

  const t0 = Date.now();
  const loaded = await load(n, {
    teams: teams.map((t) => t._id),
    agents: agents.map((a) => ({ id: a._id, name: a.name })),
  });
  const loadSecs = (Date.now() - t0) / 1000;

  const port = await server.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${port}`;
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      email: 'sup@bench.example',
      password: 'bench-password-1',
    }),
  });
  if (login.status !== 200) throw new Error(`login failed: ${login.status}`);
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const from = new Date(NOW.getTime() - RANGE_DAYS * DAY);
  const url = `${base}/api/metrics/overview?from=${from.toISOString()}&to=${NOW.toISOString()}&granularity=day`;
  const rollupMs = await timeIt(async () => {
    const res = await fetch(url, { headers: { cookie } });
    if (res.status !== 200) throw new Error(`overview answered ${res.status}`);
    await res.json();
  }, REQUESTS);
  // A brute-force call at 1M takes minutes: two cold samples there, warm samples below it.
  const huge = n >= 1_000_000;
  const bruteMs = await timeIt(() => bruteForce(from, NOW), huge ? 2 : Math.max(3, Math.min(REQUESTS, n >= 100_000 ? 5 : REQUESTS)), !huge);
  await mongoose.connection.db!.dropDatabase();
  await server.close();
  const f = (x: number) => x.toFixed(0).padStart(7);
  return `${String(n).padStart(9)} | ${String(loaded.rollups).padStart(8)} | ${loadSecs.toFixed(0).padStart(6)} s | ${f(pct(rollupMs, 0.5))} ${f(pct(rollupMs, 0.95))} | ${f(pct(bruteMs, 0.5))} ${f(pct(bruteMs, 0.95))} | ${(pct(bruteMs, 0.5) / pct(rollupMs, 0.5)).toFixed(1).padStart(6)}x`;
}

async function main(): Promise<void> {
  const list = sizes();
  const dir = process.env.MONGODB_URI ? null : mkdtempSync(path.join(os.tmpdir(), 'redress-bench-dashboard-'));
  const db = dir ? await startEmbeddedDb({ dataDir: dir }) : null;
  const uri = process.env.MONGODB_URI ?? db!.uri;
  process.stdout.write(
    `dashboard bench on ${db?.engine ?? 'MONGODB_URI'}: sizes ${list.join(', ')}; overview of the last ${RANGE_DAYS} days by day, ${REQUESTS} requests\n`,
  );
  process.stdout.write(' complaints |  rollups |   load | rollup ms p50 p95 | brute ms p50 p95 | brute/rollup\n');
  try {
    for (const n of list) process.stdout.write(`${await benchSize(uri, n)}\n`);
  } catch (err) {
    // The database's own account of what went wrong, before its temp folder goes.
    if (db?.logFile) process.stderr.write(`--- last of ${db.engine}'s log ---\n${logTail(db.logFile, 20_000)}\n`);
    throw err;
  } finally {
    await db?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: Error) => {
  process.stderr.write(`dashboard bench failed: ${err.stack ?? err.message}\n`);
  process.exit(1);
});
