/**
 * The database goes away for 10 s while customers file complaints, then comes back. Every complaint
 * the server acknowledged (201) ends up routed, with SLA clocks, a confirmation and rollups, once;
 * the others were refused, not half-stored. Runs its own embedded database so it can stop it.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import request from 'supertest';
import { freePort, startEmbeddedDb, type EmbeddedDb } from '../../../platform/db/embedded';
import { complaintBody, createTeam, createUser } from '../../../../../test/support/factories';
import { until } from '../../../../../test/support/sockets';
import { startServerProcess, type ServerProcess } from '../../../../../test/support/serverProcess';
import { OutboxMail } from '../../notifications/outbox.model';
import { RollupState } from '../../analytics/rollupState.model';
import { Complaint } from '../complaint.model';
import { ComplaintEvent } from '../complaintEvent.model';
import { ComplaintChangeRecord } from './complaintChange.model';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'redress-outage-'));
let port: number;
let db: EmbeddedDb;
let server: ServerProcess;

beforeAll(async () => {
  port = await freePort();
  db = await startEmbeddedDb({ dataDir, port });
  await mongoose.connect(db.uri, { dbName: 'outage' });
  server = await startServerProcess({
    MONGODB_URI: db.uri,
    TEST_DB_NAME: 'outage',
    JOBS_ENABLED: 'false',
    FEED_RETRY_BASE_MS: '200',
    SESSION_SECRET: 'test-session-secret-0123456789',
  });
}, 120_000);
afterAll(async () => {
  await server?.stop();
  await mongoose.disconnect();
  await db?.stop();
});

it('acknowledged complaints filed around a 10 s database outage all complete, once', async () => {
  const team = await createTeam({ categories: ['delivery_delay'] });
  await createUser('agent', { teamIds: [team._id], availability: 'online', capacity: 1_000 });
  const file = () =>
    request(server.url)
      .post('/api/complaints')
      .timeout(30_000)
      .send(complaintBody({ category: 'delivery_delay' }))
      .then(
        (r) => ({ status: r.status, id: r.body?.id as string | undefined }),
        () => ({ status: 0, id: undefined }),
      );

  const results: Promise<{ status: number; id?: string }>[] = [];
  for (let i = 0; i < 5; i++) results.push(file());
  await sleep(300); // some are acknowledged, their subscribers under way
  await db.stop();
  const outageEnds = Date.now() + 10_000;
  while (Date.now() < outageEnds) {
    results.push(file());
    await sleep(1_000);
  }
  db = await startEmbeddedDb({ dataDir, port });
  for (let i = 0; i < 5; i++) results.push(file());
  const done = await Promise.all(results);
  const acknowledged = done.filter((r) => r.status === 201).map((r) => r.id!);
  expect(acknowledged.length).toBeGreaterThanOrEqual(5);
  expect(done.filter((r) => r.status !== 201).length).toBeGreaterThan(0); // the outage was felt

  await until('feed caught up after the outage', async () => (await ComplaintChangeRecord.countDocuments({})) === 0 || null, 120_000);
  for (const id of acknowledged) {
    const c = await Complaint.findById(id).lean();
    expect(c).toMatchObject({ status: 'assigned' });
    expect(c!.sla?.revision).toBe(0);
    expect(await ComplaintEvent.countDocuments({ complaintId: id, type: 'assigned' })).toBe(1);
    expect(await OutboxMail.countDocuments({ complaintId: id, dedupeKey: /^confirm:/ })).toBe(1);
    expect(await RollupState.exists({ _id: id })).toBeTruthy();
  }
  // Nothing half-stored: every complaint in the database was acknowledged or is complete anyway.
  const stored = await Complaint.find({}, { _id: 1, assigneeId: 1 }).lean();
  expect(stored.every((c) => c.assigneeId)).toBe(true);
}, 240_000);
