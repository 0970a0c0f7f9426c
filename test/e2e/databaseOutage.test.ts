/**
 * The database goes away and comes back (issue 14, point 6). While it is away the server answers
 * within 2 s with 503 `service_unavailable` and a Retry-After: /readyz, a public filing and a
 * request carrying a session cookie (the session store has its own client). When it is back, the
 * same requests work again without a restart. The server runs in its own process on a database
 * this file starts, so the test can stop it.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import request from 'supertest';
import { freePort, startEmbeddedDb, type EmbeddedDb } from '../../server/src/platform/db/embedded';
import { complaintBody, createTeam, createUser, login, type StaffClient } from '../support/factories';
import { until } from '../support/sockets';
import { startServerProcess, type ServerProcess } from '../support/serverProcess';

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'redress-db-outage-'));
let port: number;
let db: EmbeddedDb;
let server: ServerProcess;

beforeAll(async () => {
  port = await freePort();
  db = await startEmbeddedDb({ dataDir, port, engine: 'ferretdb-sqlite' });
  await mongoose.connect(db.uri, { dbName: 'dboutage' });
  server = await startServerProcess({ MONGODB_URI: db.uri, TEST_DB_NAME: 'dboutage', JOBS_ENABLED: 'false', SESSION_SECRET: 'test-session-secret-0123456789' });
}, 120_000);
afterAll(async () => {
  await server?.stop();
  await mongoose.disconnect();
  await db?.stop();
});

interface Timed {
  status: number;
  ms: number;
  id?: string;
  retryAfter?: string;
}

async function timed(req: request.Test): Promise<Timed> {
  const started = Date.now();
  const res = await req.timeout(30_000).then(
    (r) => r,
    (err: { response?: request.Response }) => err.response ?? null,
  );
  return { status: res?.status ?? 0, ms: Date.now() - started, id: res?.body?.error?.id, retryAfter: res?.headers['retry-after'] };
}

it('answers 503 with Retry-After within 2 s while the database is away, and works again once it is back', async () => {
  const team = await createTeam({ categories: ['delivery_delay'] });
  const agent = await createUser('agent', { teamIds: [team._id] });
  const staff: StaffClient = await login(server.url, agent.email);
  expect((await staff.get('/api/auth/me')).status).toBe(200);
  expect((await request(server.url).post('/api/complaints').send(complaintBody())).status).toBe(201);

  await db.stop();
  // Several rounds: the first request after the loss, and the ones that follow while it lasts.
  for (let round = 0; round < 3; round++) {
    const [ready, filing, session] = await Promise.all([
      timed(request(server.url).get('/readyz')),
      timed(request(server.url).post('/api/complaints').send(complaintBody())),
      timed(staff.get('/api/auth/me')),
    ]);
    expect(ready).toMatchObject({ status: 503 });
    expect(filing).toMatchObject({ status: 503, id: 'service_unavailable' });
    expect(session).toMatchObject({ status: 503, id: 'service_unavailable' });
    for (const r of [ready, filing, session]) {
      expect(r.ms).toBeLessThan(2_000);
      expect(Number(r.retryAfter)).toBeGreaterThan(0);
    }
    await new Promise((r) => setTimeout(r, 1_000));
  }

  db = await startEmbeddedDb({ dataDir, port, engine: 'ferretdb-sqlite' });
  await until('ready again', async () => ((await request(server.url).get('/readyz')).status === 200 ? true : null), 30_000);
  expect((await request(server.url).post('/api/complaints').send(complaintBody())).status).toBe(201);
  expect((await staff.get('/api/auth/me')).status).toBe(200);
  // A write with the session (CSRF checked against the stored session) works too.
  expect((await staff.post('/api/auth/logout')).status).toBeLessThan(300);
}, 180_000);
