/**
 * Orders and measured retention at scale: a desk with BENCH_ORDER_COMPLAINTS complaints (default
 * 2,000, resolved over the last 365 days, their retention records built by the server's rebuild)
 * among BENCH_ORDER_CUSTOMERS customers (default 20,000) receives order events through the real
 * HTTP API (POST /api/orders/events, batches of 1,000, shop API key) up to each size in
 * BENCH_ORDER_SIZES (default 100000,1000000 events). At each size, in the same run:
 * - ingest rate (events/s over the HTTP batches, including summaries, value, stage and retention);
 * - the retention read: GET /api/metrics/retention as a supervisor (rollups), p50/p95;
 * - brute force: the same figures computed from the raw order events and complaints.
 * The read should stay flat (<= 1.5x from the first size to the last). Uses MONGODB_URI if set,
 * else the embedded database in a temp dir.
 *
 * Run: `BENCH_ONLY=orders npm run bench` or `BENCH_ORDER_SIZES=10000,100000 npx tsx bench/orders/orders.bench.ts`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose, { Types } from 'mongoose';
import { cohortMatured, DAY_MS, defaultCategories, exactPercentile, retentionWindows, seededRandom, type RetentionView } from '@redress/shared';
import { createRedressServer } from '../../server/src/app';
import { logTail, startEmbeddedDb } from '../../server/src/platform/db/embedded';
import { loadEnv } from '../../server/src/platform/env';
import { createLogger } from '../../server/src/platform/logger';
import { hashPassword } from '../../server/src/modules/auth/passwords';
import { User } from '../../server/src/modules/auth/user.model';
import { Team } from '../../server/src/modules/auth/team.model';
import { Complaint } from '../../server/src/modules/complaints/complaint.model';
import { rebuildRetention } from '../../server/src/modules/analytics/retentionRebuild';
import { orderEvents } from '../../server/src/modules/orders/orders.collections';

const SHOP_KEY = 'bench-shop-key-0123456789';
const NOW = Date.now();
const SPAN = 365 * DAY_MS;
const BATCH = 1000;
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 10);
const CUSTOMERS = Number(process.env.BENCH_ORDER_CUSTOMERS ?? 20_000);
const COMPLAINTS = Number(process.env.BENCH_ORDER_COMPLAINTS ?? 2_000);
const SIZES = (process.env.BENCH_ORDER_SIZES ?? '100000,1000000')
  .split(',')
  .map((s) => Number(s.trim()))
  .filter((n) => n > 0)
  .sort((a, b) => a - b);
const email = (i: number) => `c${i}@orders.bench`;

function pct(v: number[], p: number): number {
  return exactPercentile(v, p) ?? NaN;
}

async function timeIt(fn: () => Promise<unknown>, times: number): Promise<number[]> {
  await fn();
  const out: number[] = [];
  for (let i = 0; i < times; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return out;
}

/** Resolved complaints spread over the last year (raw, as the commands leave them); their records by the rebuild. */
async function loadComplaints(r: () => number, team: Types.ObjectId): Promise<void> {
  const docs = [];
  for (let i = 0; i < COMPLAINTS; i++) {
    const createdAt = new Date(NOW - SPAN + r() * (SPAN - 2 * DAY_MS));
    const resolvedAt = new Date(createdAt.getTime() + (r() < 0.6 ? r() * 6 : 24 + r() * 200) * 3_600_000);
    const cat = defaultCategories[Math.floor(r() * defaultCategories.length)]!;
    const c = Math.floor(r() * CUSTOMERS);
    docs.push({
      _id: new Types.ObjectId(),
      reference: `OB-${String(i).padStart(7, '0')}`,
      customerId: new Types.ObjectId(),
      customer: {
        name: `Customer ${c}`,
        email: email(c),
        tier: (['MVC', 'STC', 'standard', 'BZ'] as const)[Math.floor(r() * 4)],
        lifetimeValue: 0,
        lifecycleStage: 'build_up',
        priorComplaints: 0,
      },
      channel: 'web',
      category: cat.key,
      rootCause: cat.rootCause,
      kind: cat.kind,
      severity: cat.defaultSeverity,
      subject: 'Bench complaint',
      description: 'Generated for the orders benchmark.',
      status: 'resolved',
      priority: 'normal',
      teamId: team,
      firstResponseAt: createdAt,
      resolvedAt,
      createdAt,
      updatedAt: resolvedAt,
      rev: 0,
    });
  }
  await Complaint.collection.insertMany(docs as never[], { ordered: false });
  await rebuildRetention();
}

/** The retention figures from raw events and complaints (what the card would cost without rollups). */
async function bruteForce(): Promise<number> {
  const complaints = await Complaint.find({}, { customer: 1, resolvedAt: 1, createdAt: 1, status: 1, rootCause: 1, teamId: 1 }).lean();
  const placed = new Map<string, number[]>();
  const cursor = orderEvents().find({ kind: 'placed' }, { projection: { email: 1, at: 1 } });
  for await (const e of cursor) {
    const list = placed.get(e.email);
    if (list) list.push(e.at.getTime());
    else placed.set(e.email, [e.at.getTime()]);
  }
  let checksum = 0;
  for (const c of complaints) {
    const anchor = (c.resolvedAt ?? c.createdAt).getTime();
    const day = Math.floor(anchor / DAY_MS) * DAY_MS;
    const mine = placed.get(c.customer.email) ?? [];
    for (const w of retentionWindows) if (cohortMatured(day, w, NOW) && mine.some((t) => t > anchor && t <= anchor + w * DAY_MS)) checksum++;
  }
  return checksum;
}

async function main(): Promise<void> {
  const dir = process.env.MONGODB_URI ? null : mkdtempSync(path.join(os.tmpdir(), 'redress-bench-orders-'));
  const db = dir ? await startEmbeddedDb({ dataDir: dir }) : null;
  const uri = process.env.MONGODB_URI ?? db!.uri;
  const env = loadEnv({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    JOBS_ENABLED: 'false',
    SESSION_SECRET: 'bench-session-secret-0123456789',
    SHOP_API_KEY: SHOP_KEY,
  });
  const server = await createRedressServer({ env, mongoUri: uri, dbName: 'bench_orders', smtpUrl: 'smtp://127.0.0.1:9', logger: createLogger('silent') });
  process.stdout.write(
    `orders bench on ${db?.engine ?? 'MONGODB_URI'}: ${COMPLAINTS} complaints, ${CUSTOMERS} customers, sizes ${SIZES.join(', ')} events; ${REQUESTS} reads per size\n`,
  );
  process.stdout.write('    events | ingest events/s | retention read ms p50 p95 | brute force ms p50 | brute/read\n');
  const reads: number[] = [];
  try {
    await mongoose.connection.db!.dropDatabase();
    await Promise.all([Complaint.init(), User.init(), Team.init()]);
    const team = await Team.create({ key: 'bench', name: 'Bench', categories: [] });
    await User.create({
      email: 'sup@orders.bench',
      name: 'Sup',
      role: 'supervisor',
      passwordHash: await hashPassword('bench-password-1'),
      teamIds: [team._id],
    });
    const port = await server.listen(0, '127.0.0.1');
    const base = `http://127.0.0.1:${port}`;
    const r = seededRandom(1616);
    await loadComplaints(r, team._id);
    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'sup@orders.bench', password: 'bench-password-1' }),
    });
    if (login.status !== 200) throw new Error(`login failed: ${login.status}`);
    const cookie = login.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    let sent = 0;
    let ingestMs = 0;
    for (const size of SIZES) {
      while (sent < size) {
        const n = Math.min(BATCH, size - sent);
        const events = Array.from({ length: n }, (_, i) => {
          const k = sent + i;
          const refund = r() < 0.03;
          return {
            email: email(Math.floor(r() * CUSTOMERS)),
            orderId: `OB-${refund ? k - 1 : k}`,
            kind: refund ? 'refunded' : 'placed',
            amount: Math.round(r() * 20000) / 100,
            currency: 'EUR',
            at: new Date(NOW - SPAN + r() * SPAN).toISOString(),
          };
        });
        const t0 = performance.now();
        const res = await fetch(`${base}/api/orders/events`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-api-key': SHOP_KEY },
          body: JSON.stringify({ events }),
        });
        if (res.status !== 200) throw new Error(`ingest answered ${res.status}: ${await res.text()}`);
        await res.json();
        ingestMs += performance.now() - t0;
        sent += n;
      }
      const readMs = await timeIt(async () => {
        const res = await fetch(`${base}/api/metrics/retention`, { headers: { cookie } });
        if (res.status !== 200) throw new Error(`retention answered ${res.status}`);
        (await res.json()) as RetentionView;
      }, REQUESTS);
      const bruteMs = await timeIt(bruteForce, size >= 1_000_000 ? 1 : 3);
      reads.push(pct(readMs, 0.5));
      const f = (x: number) => x.toFixed(0).padStart(6);
      process.stdout.write(
        `${String(size).padStart(10)} | ${(sent / (ingestMs / 1000)).toFixed(0).padStart(15)} | ${f(pct(readMs, 0.5))} ${f(pct(readMs, 0.95))}             | ${f(pct(bruteMs, 0.5))}            | ${(pct(bruteMs, 0.5) / pct(readMs, 0.5)).toFixed(1).padStart(6)}x\n`,
      );
    }
    if (reads.length > 1) {
      const growth = reads[reads.length - 1]! / reads[0]!;
      process.stdout.write(
        `retention read ${SIZES[0]} -> ${SIZES[SIZES.length - 1]} events: x${growth.toFixed(2)} (target <= 1.5): ${growth <= 1.5 ? 'met' : 'NOT met'}\n`,
      );
    }
  } catch (err) {
    if (db?.logFile) process.stderr.write(`--- last of ${db.engine}'s log ---\n${logTail(db.logFile, 20_000)}\n`);
    throw err;
  } finally {
    await server.close();
    await db?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: Error) => {
  process.stderr.write(`orders bench failed: ${err.stack ?? err.message}\n`);
  process.exit(1);
});
