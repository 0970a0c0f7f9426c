/**
 * Fan-out: N staff sockets (100 and 1,000, spread over BENCH_AGENTS signed-in agents, as agents
 * with several tabs) on a real Redress server process; complaints filed at a steady rate; the
 * time from sending POST /api/complaints to the assigned agent's socket receiving its 'assigned'
 * notification (p50/p99), and the server's memory per socket (resident and heap, before and
 * after connecting the sockets, from its own /metrics).
 *
 * BENCH_SOCKETS (default 100,1000), BENCH_RATE complaints/s (default 2), BENCH_SECONDS per run
 * (default 15), BENCH_AGENTS (default 50). Uses MONGODB_URI if set, else the embedded database.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import request from 'supertest';
import { startEmbeddedDb } from '../../server/src/platform/db/embedded';
import { startServerProcess, type ServerProcess } from '../../test/support/serverProcess';
import { complaintBody, createTeam, createUser, login } from '../../test/support/factories';
import { connectSocket, type StaffSocket } from '../../test/support/sockets';
import { percentile } from '../support/load';

const SOCKETS = (process.env.BENCH_SOCKETS ?? '100,1000').split(',').map(Number);
const RATE = Number(process.env.BENCH_RATE ?? 2);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const AGENTS = Number(process.env.BENCH_AGENTS ?? 50);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function memory(server: ServerProcess): Promise<{ rss: number; heap: number }> {
  const text = (await request(server.url).get('/metrics')).text;
  const read = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);
  return { rss: read('redress_process_resident_memory_bytes'), heap: read('redress_nodejs_heap_size_used_bytes') };
}

async function run(server: ServerProcess, cookies: string[], n: number): Promise<string> {
  const before = await memory(server);
  const sockets: StaffSocket[] = [];
  const seen = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const s = await connectSocket(server.url, cookies[i % cookies.length]!);
    s.on('notification', (p) => {
      if (p.kind === 'assigned' && p.complaintId && !seen.has(p.complaintId)) seen.set(p.complaintId, performance.now());
    });
    sockets.push(s);
  }
  await sleep(2_000); // presence settles: every agent online
  const after = await memory(server);

  const sent = new Map<string, number>();
  const posts: Promise<void>[] = [];
  const total = Math.round(RATE * SECONDS);
  for (let i = 0; i < total; i++) {
    const t0 = performance.now();
    posts.push(
      request(server.url)
        .post('/api/complaints')
        .send(complaintBody({ category: 'delivery_delay' }))
        .then((r) => void (r.status === 201 && sent.set(r.body.id as string, t0))),
    );
    await sleep(1000 / RATE);
  }
  await Promise.all(posts);
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline && [...sent.keys()].some((id) => !seen.has(id))) await sleep(100);
  const latencies = [...sent].filter(([id]) => seen.has(id)).map(([id, t0]) => seen.get(id)! - t0);
  for (const s of sockets) s.close();
  await sleep(1_000);
  const kb = (bytes: number) => (bytes / 1024).toFixed(1);
  return [
    `${String(n).padStart(7)} sockets: ${latencies.length}/${sent.size} delivered`,
    `p50 ${percentile(latencies, 50).toFixed(0)} ms, p99 ${percentile(latencies, 99).toFixed(0)} ms`,
    `memory per socket: resident ${kb((after.rss - before.rss) / n)} KB, heap ${kb((after.heap - before.heap) / n)} KB`,
  ].join('; ');
}

async function main(): Promise<void> {
  const dataDir = process.env.MONGODB_URI ? null : mkdtempSync(path.join(os.tmpdir(), 'redress-bench-fanout-'));
  const db = dataDir ? await startEmbeddedDb({ dataDir }) : null;
  const uri = process.env.MONGODB_URI ?? db!.uri;
  const dbName = `bench_fanout_${Date.now()}`;
  await mongoose.connect(uri, { dbName });
  const server = await startServerProcess({
    MONGODB_URI: uri,
    TEST_DB_NAME: dbName,
    SESSION_SECRET: 'bench-session-secret-0123456789',
    RATE_LIMIT_PUBLIC_PER_MINUTE: '1000000',
    JOBS_ENABLED: 'true',
    NODE_ENV: 'test',
  });
  try {
    process.stdout.write(`fanout bench on ${db?.engine ?? 'MONGODB_URI'}: ${AGENTS} agents, ${RATE} complaints/s for ${SECONDS} s per run\n`);
    const team = await createTeam({ categories: ['delivery_delay'] });
    const cookies: string[] = [];
    for (let i = 0; i < AGENTS; i++) {
      const agent = await createUser('agent', { teamIds: [team._id], capacity: 100_000 });
      cookies.push((await login(server.url, agent.email)).cookie);
    }
    for (const n of SOCKETS) process.stdout.write(`${await run(server, cookies, n)}\n`);
  } finally {
    await server.stop();
    await mongoose.connection.dropDatabase().catch(() => undefined);
    await mongoose.disconnect();
    await db?.stop();
  }
}

main().catch((err: Error) => {
  process.stderr.write(`fanout bench failed: ${err.stack ?? err.message}\n`);
  process.exit(1);
});
