/**
 * Intake throughput: POST /api/complaints from 1, 4 and 16 concurrent clients for a fixed time
 * against a real Redress server process (change feed on, so its subscribers compete for the same
 * database), and the same load against a bare node:http + one insertOne server on the same
 * database, in the same run. Prints req/s, p50, p99 and the ratio Redress / bare, then how long
 * the change feed took to catch up with everything that was filed.
 *
 * BENCH_SECONDS (default 10) per run; BENCH_CLIENTS (default 1,4,16). Uses MONGODB_URI if set,
 * else the embedded database in a temporary folder.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { startEmbeddedDb } from '../../server/src/platform/db/embedded';
import { startServerProcess } from '../../test/support/serverProcess';
import { closedLoop, type LoadResult } from '../support/load';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CLIENTS = (process.env.BENCH_CLIENTS ?? '1,4,16').split(',').map(Number);

const body = (i: number) =>
  JSON.stringify({
    customer: { name: `Bench Customer ${i % 500}`, email: `bench${i % 500}@example.com` },
    category: 'delivery_delay',
    description: `Bench complaint ${i}: my parcel is a week late and nobody answers.`,
    amount: 49.9,
    currency: 'EUR',
  });

async function startBare(env: Record<string, string>): Promise<{ url: string; stop(): Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'bareServer.ts')], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /READY (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`bare server exited ${code}`)));
  });
  return { url: `http://127.0.0.1:${port}`, stop: async () => void child.kill('SIGTERM') };
}

function row(name: string, r: LoadResult, ratio?: number): string {
  const cells = [
    name.padEnd(8),
    String(r.clients).padStart(7),
    r.perSecond.toFixed(1).padStart(8),
    r.p50.toFixed(1).padStart(8),
    r.p99.toFixed(1).padStart(8),
    String(r.errors).padStart(6),
  ];
  return `${cells.join(' ')}${ratio === undefined ? '' : `   ratio ${ratio.toFixed(2)}`}`;
}

async function main(): Promise<void> {
  const dataDir = process.env.MONGODB_URI ? null : mkdtempSync(path.join(os.tmpdir(), 'redress-bench-intake-'));
  const db = dataDir ? await startEmbeddedDb({ dataDir }) : null;
  const uri = process.env.MONGODB_URI ?? db!.uri;
  const dbName = `bench_intake_${Date.now()}`;
  const env = {
    MONGODB_URI: uri,
    TEST_DB_NAME: dbName,
    SESSION_SECRET: 'bench-session-secret-0123456789',
    RATE_LIMIT_PUBLIC_PER_MINUTE: '1000000',
    JOBS_ENABLED: 'true',
    NODE_ENV: 'test',
  };
  process.stdout.write(`intake bench on ${db?.engine ?? 'MONGODB_URI'}: ${SECONDS} s per run, clients ${CLIENTS.join(', ')}\n`);
  const redress = await startServerProcess(env);
  const bare = await startBare(env);
  const client = await new MongoClient(uri).connect();
  const changes = client.db(dbName).collection('complaint_changes');
  try {
    // Warm both (connections, JIT, the category cache) before measuring.
    await closedLoop(`${redress.url}/api/complaints`, 2, 2, body);
    await closedLoop(`${bare.url}/`, 2, 2, body);
    process.stdout.write(
      `${'server'.padEnd(8)} ${'clients'.padStart(7)} ${'req/s'.padStart(8)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'errors'.padStart(6)}\n`,
    );
    for (const clients of CLIENTS) {
      const b = await closedLoop(`${bare.url}/`, clients, SECONDS, body);
      process.stdout.write(`${row('bare', b)}\n`);
      const r = await closedLoop(`${redress.url}/api/complaints`, clients, SECONDS, body);
      process.stdout.write(`${row('redress', r, r.perSecond / b.perSecond)}\n`);
      // Let the feed catch up before the next run, and say how long that took.
      const t0 = Date.now();
      while ((await changes.countDocuments({})) > 0) await new Promise((res) => setTimeout(res, 200));
      process.stdout.write(`         change feed caught up ${((Date.now() - t0) / 1000).toFixed(1)} s after the run\n`);
    }
  } finally {
    await client
      .db(dbName)
      .dropDatabase()
      .catch(() => undefined);
    await client.close();
    await bare.stop();
    await redress.stop();
    await db?.stop();
  }
}

main().catch((err: Error) => {
  process.stderr.write(`intake bench failed: ${err.stack ?? err.message}\n`);
  process.exit(1);
});
