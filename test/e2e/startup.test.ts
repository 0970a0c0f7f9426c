/**
 * The product as an operator starts it: `server/src/main.ts` in its own process. Bad settings give
 * one clear line and a non-zero exit; the embedded database keeps its data across a Ctrl-C and a
 * restart; /readyz answers 200 only once start-up is done (demo data and logins exist).
 */
import { mkdtempSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import request from 'supertest';
import { freePort } from '../../server/src/platform/db/embedded';
import { testMongoUri } from '../support/harness';
import { runMain, stopStartedMains, waitReady, type MainRun } from '../support/mainProcess';

afterAll(stopStartedMains, 30_000);

type Run = MainRun;

function expectOneLineError(run: Run, pattern: RegExp): void {
  const lines = run.stderr().trim().split('\n');
  expect(lines.some((l) => pattern.test(l))).toBe(true);
  expect(run.stderr()).not.toMatch(/\n\s+at /); // no stack trace
}

it('refuses a bad setting with one line per problem and exit code 78', async () => {
  const run = runMain({ PORT: 'not-a-port', MONGODB_URI: 'postgres://nope' });
  expect(await run.exited).toBe(78);
  expectOneLineError(run, /^redress: invalid configuration: PORT: /);
  expectOneLineError(run, /^redress: invalid configuration: MONGODB_URI: must start with mongodb:\/\//);
});

it('says so in one line when MongoDB cannot be reached', async () => {
  const dead = await freePort();
  const run = runMain({ MONGODB_URI: `mongodb://127.0.0.1:${dead}/redress`, PORT: String(await freePort()), SMTP_URL: 'smtp://127.0.0.1:1' });
  expect(await run.exited).toBe(1);
  expectOneLineError(run, /^redress: could not connect to MongoDB at mongodb:\/\/127\.0\.0\.1:\d+\/redress: /);
}, 60_000);

it('says so in one line when the port is taken', async () => {
  const blocker = net.createServer();
  const port = await new Promise<number>((r) => blocker.listen(0, '0.0.0.0', () => r((blocker.address() as net.AddressInfo).port)));
  try {
    const dbUri = testMongoUri().replace(/\/?$/, '/startup_port_test');
    const run = runMain({ MONGODB_URI: dbUri, PORT: String(port), SMTP_URL: 'smtp://127.0.0.1:1', SEED_DEMO: 'false' });
    expect(await run.exited).toBe(1);
    expectOneLineError(run, new RegExp(`^redress: port ${port} is already in use \\(set PORT to another one\\)$`));
  } finally {
    blocker.close();
  }
}, 60_000);

it('says ready only when the demo data and logins exist, not as soon as it listens', async () => {
  // main.ts always uses the database "redress": start from an empty one on the test server.
  const dropRedress = async () => {
    const conn = await mongoose.createConnection(testMongoUri(), { dbName: 'redress' }).asPromise();
    await conn.dropDatabase();
    await conn.close();
  };
  await dropRedress();
  try {
    const port = String(await freePort());
    const run = runMain({ MONGODB_URI: testMongoUri(), PORT: port, MAIL_CATCHER_PORT: String(await freePort()), INBOUND_SMTP_PORT: String(await freePort()) });
    const url = `http://127.0.0.1:${port}`;
    const seen: string[] = [];
    const deadline = Date.now() + 120_000;
    for (;;) {
      const r = await request(url)
        .get('/readyz')
        .then((res) => ({ status: res.status, body: res.body as { status?: string } }))
        .catch(() => null);
      if (r && seen[seen.length - 1] !== `${r.status} ${r.body.status}`) seen.push(`${r.status} ${r.body.status}`);
      if (r?.status === 200) break;
      if (run.child.exitCode !== null) throw new Error(`server exited:\n${run.stderr()}`);
      if (Date.now() > deadline) throw new Error(`not ready in time (seen ${seen.join(', ')}):\n${run.stderr()}`);
      await new Promise((res) => setTimeout(res, 50));
    }
    // The first 200: a demo login works right away, and the demo complaints are there.
    const admin = request.agent(url);
    const login = await admin.post('/api/auth/login').send({ email: 'admin@redress.demo', password: 'redress-demo' });
    expect(login.status).toBe(200);
    const list = await admin.get('/api/complaints?scope=all');
    expect(list.body.items.length).toBeGreaterThan(0);
    // It was reachable before that, and said so honestly.
    expect(seen).toEqual(['503 starting', '200 ready']);
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
  } finally {
    await dropRedress();
  }
}, 180_000);

it('starts the embedded database, seeds demo data, and keeps data across Ctrl-C and a restart', async () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'redress-startup-'));
  const env = async () => ({
    DATA_DIR: dataDir,
    PORT: String(await freePort()),
    MAIL_CATCHER_PORT: String(await freePort()),
    INBOUND_SMTP_PORT: String(await freePort()),
  });

  const firstEnv = await env();
  const first = runMain(firstEnv);
  const url1 = `http://127.0.0.1:${firstEnv.PORT}`;
  await waitReady(url1, first);
  expect(first.stdout()).toMatch(/embedded database: (mongod|ferretdb)/);
  expect(first.stdout()).toContain('admin@redress.demo');
  const filed = await request(url1)
    .post('/api/complaints')
    .send({ customer: { name: 'Persist Me', email: 'persist@example.com' }, category: 'delivery_delay', description: 'Still here after a restart, I hope.' });
  expect(filed.status).toBe(201);
  first.child.kill('SIGINT');
  expect(await first.exited).toBe(0);

  const secondEnv = await env();
  const second = runMain(secondEnv);
  const url2 = `http://127.0.0.1:${secondEnv.PORT}`;
  await waitReady(url2, second);
  // Seeded once only: the second start finds data and seeds nothing.
  expect(second.stdout()).not.toContain('demo data created');
  const admin = request.agent(url2);
  const login = await admin.post('/api/auth/login').send({ email: 'admin@redress.demo', password: 'redress-demo' });
  expect(login.status).toBe(200);
  const list = await admin.get(`/api/complaints?scope=all&q=${filed.body.reference}`);
  expect(list.body.items.map((c: { reference: string }) => c.reference)).toEqual([filed.body.reference]);
  second.child.kill('SIGTERM');
  expect(await second.exited).toBe(0);
}, 240_000);
