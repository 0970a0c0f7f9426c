/**
 * A real desk's day on a store that holds years of history: loads 10,000 and then 100,000 complaints
 * of history (bench/desk/history.ts) into the embedded default (or MONGODB_URI), files 300 open
 * complaints through the API, then 4 concurrent users (two agents, a supervisor, a customer) work
 * for BENCH_SECONDS (default 30) per size; prints p50/p95 of each request kind and the target.
 * BENCH_DESK_SIZES (default 10000,100000); EMBEDDED_DB_ENGINE picks another embedded engine.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose, { Types } from 'mongoose';
import request from 'supertest';
import { createRedressServer } from '../../server/src/app';
import { startEmbeddedDb, type EmbeddedEngine } from '../../server/src/platform/db/embedded';
import { loadEnv } from '../../server/src/platform/env';
import { seedDemo, DEMO_PASSWORD } from '../../server/src/seed/seed';
import { User } from '../../server/src/modules/auth/user.model';
import { Team } from '../../server/src/modules/auth/team.model';
import { startServerProcess } from '../../test/support/serverProcess';
import { percentile } from '../support/load';
import { login } from '../../test/support/factories';
import { loadHistory, type HistoryTeam } from './history';

const SIZES = (process.env.BENCH_DESK_SIZES ?? '10000,100000').split(',').map(Number);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const OPEN = Number(process.env.BENCH_DESK_OPEN ?? 300);
const TARGET_MS: Record<string, number> = { dashboard: 1000 };
const DEFAULT_TARGET_MS = 300;

type Op = 'file' | 'open list' | 'open complaint' | 'reply' | 'status' | 'tracking page' | 'dashboard';
const OPS: Op[] = ['file', 'open list', 'open complaint', 'reply', 'status', 'tracking page', 'dashboard'];

const body = (i: number) => ({
  customer: { name: `Bench customer ${i}`, email: `bench-live-${i % 500}@example.com` },
  category: ['delivery_delay', 'wrong_or_missing_item', 'billing_overcharge', 'staff_behaviour'][i % 4],
  description: `Bench: my order ${i} has not arrived and nobody answers. Please help.`,
});

interface Filed {
  id: string;
  reference: string;
  token: string;
}

async function file(url: string, i: number): Promise<Filed> {
  const res = await request(url).post('/api/complaints').send(body(i));
  if (res.status !== 201) throw new Error(`filing answered ${res.status}: ${JSON.stringify(res.body)}`);
  return { id: res.body.id, reference: res.body.reference, token: decodeURIComponent(String(res.body.trackingUrl).split('#')[1] ?? '').replace(/^token=/, '') };
}

/** Four users for `seconds`: each repeats the desk's round (file, list, open, reply, status, track, dashboard). */
async function workday(url: string, filed: Filed[], seconds: number): Promise<Map<Op, number[]>> {
  const times = new Map<Op, number[]>(OPS.map((op) => [op, []]));
  const agents = await Promise.all(['li@redress.demo', 'maria@redress.demo', 'omar@redress.demo', 'zoe@redress.demo'].map((e) => login(url, e, DEMO_PASSWORD)));
  const supervisor = await login(url, 'supervisor@redress.demo', DEMO_PASSWORD);
  const until = performance.now() + seconds * 1000;
  let n = 100_000;
  const errors: string[] = [];
  const timed = async (op: Op, call: () => Promise<request.Response>) => {
    const t0 = performance.now();
    const res = await call();
    times.get(op)!.push(performance.now() - t0);
    if (res.status >= 400) errors.push(`${op}: ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
    return res;
  };
  await Promise.all(
    agents.map(async (agent, u) => {
      while (performance.now() < until) {
        const i = n++;
        await timed('file', () => request(url).post('/api/complaints').send(body(i)));
        // What the console asks on opening: the team's open complaints (its default filter).
        const list = await timed('open list', () => agent.get('/api/complaints?scope=team&status=open&limit=50'));
        const items = (list.body.items ?? []) as { id: string; status: string }[];
        const open = items.filter((c) => c.status !== 'resolved' && c.status !== 'closed');
        const target = open[Math.floor(Math.random() * open.length)];
        const next = target?.status === 'in_progress' ? (i % 3 === 0 ? 'resolved' : 'waiting_on_customer') : 'in_progress';
        if (target) {
          await timed('open complaint', () => agent.get(`/api/complaints/${target.id}`));
          await timed('reply', () => agent.post(`/api/complaints/${target.id}/messages`, { body: `Bench reply ${i}: we are on it.`, visibility: 'public' }));
          await timed('status', () => agent.post(`/api/complaints/${target.id}/status`, { status: next }));
        }
        const mine = filed[(i * 7 + u) % filed.length]!;
        await timed('tracking page', () => request(url).get(`/api/portal/complaints/${mine.reference}`).set('X-Tracking-Token', mine.token));
        await timed('dashboard', () => supervisor.get('/api/metrics/overview?days=30'));
      }
    }),
  );
  if (errors.length) process.stdout.write(`  ${errors.length} error answers, first: ${errors[0]}\n`);
  return times;
}

function report(size: number, times: Map<Op, number[]>): boolean {
  let met = true;
  for (const op of OPS) {
    const list = times.get(op)!;
    const target = TARGET_MS[op] ?? DEFAULT_TARGET_MS;
    const p95 = percentile(list, 95);
    met &&= p95 <= target;
    process.stdout.write(
      `${String(size).padStart(7)} ${op.padEnd(15)} ${String(list.length).padStart(6)} ${percentile(list, 50).toFixed(0).padStart(7)} ${p95.toFixed(0).padStart(7)}   ≤ ${target} ${p95 <= target ? 'met' : 'NOT met'}\n`,
    );
  }
  return met;
}

async function main(): Promise<void> {
  const dataDir = process.env.MONGODB_URI ? null : mkdtempSync(path.join(os.tmpdir(), 'redress-bench-desk-'));
  const engine = (process.env.EMBEDDED_DB_ENGINE ?? 'auto') as EmbeddedEngine | 'auto';
  const db = dataDir ? await startEmbeddedDb({ dataDir, engine }) : null;
  const uri = process.env.MONGODB_URI ?? db!.uri;
  const dbName = `bench_desk_${Date.now()}`;
  const env = {
    MONGODB_URI: uri,
    TEST_DB_NAME: dbName,
    SESSION_SECRET: 'bench-session-secret-0123456789',
    RATE_LIMIT_PUBLIC_PER_MINUTE: '1000000',
    NODE_ENV: 'test',
  };
  process.stdout.write(`desk bench on ${db?.engine ?? 'MONGODB_URI'}: history sizes ${SIZES.join(', ')}, ${OPEN} open complaints, 4 users for ${SECONDS} s\n`);
  // Demo staff, teams, SLA policies and remedy rules, by the seed, with the server in this process.
  const setup = await createRedressServer({
    env: loadEnv({ ...env, JOBS_ENABLED: 'false', LOG_LEVEL: 'silent' }),
    mongoUri: uri,
    dbName,
    smtpUrl: 'smtp://127.0.0.1:1',
  });
  let loaded = 0;
  try {
    await seedDemo();
    const teams = await Team.find({}).lean();
    const agents = await User.find({ role: 'agent' }).lean();
    const teamFor = (category: string): HistoryTeam => {
      const team = teams.find((t) => (t.categories as string[]).includes(category)) ?? teams[0]!;
      const of = agents.filter((a) => a.teamIds.some((id) => String(id) === String(team._id)));
      return { teamId: team._id as Types.ObjectId, agents: (of.length ? of : agents).map((a) => ({ id: a._id as Types.ObjectId, name: a.name })) };
    };
    process.stdout.write(
      `${'size'.padStart(7)} ${'request'.padEnd(15)} ${'count'.padStart(6)} ${'p50 ms'.padStart(7)} ${'p95 ms'.padStart(7)}   target (p95)\n`,
    );
    let allMet = true;
    for (const size of SIZES) {
      const t0 = Date.now();
      await loadHistory(loaded, size, new Date(), teamFor, (line) => process.stdout.write(line));
      loaded = size;
      await db?.syncIndexes?.();
      process.stdout.write(`  (history of ${size} loaded in ${((Date.now() - t0) / 1000).toFixed(0)} s)\n`);
      const server = await startServerProcess({ ...env, JOBS_ENABLED: 'true' }, 120_000);
      try {
        const filed: Filed[] = [];
        for (let i = 0; i < OPEN; i++) filed.push(await file(server.url, size + i));
        await waitForFeed(dbName);
        allMet = report(size, await workday(server.url, filed, SECONDS)) && allMet;
        await waitForFeed(dbName);
      } finally {
        await server.stop();
      }
    }
    process.stdout.write(allMet ? 'every target met\n' : 'some targets NOT met\n');
  } finally {
    await mongoose.connection.db?.dropDatabase().catch(() => undefined);
    await setup.close();
    await db?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

async function waitForFeed(dbName: string): Promise<void> {
  const changes = mongoose.connection.getClient().db(dbName).collection('complaint_changes');
  const deadline = Date.now() + 600_000;
  while ((await changes.countDocuments({})) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 500));
}

main().catch((err: Error) => {
  process.stderr.write(`desk bench failed: ${err.stack ?? err.message}\n`);
  process.exit(1);
});
