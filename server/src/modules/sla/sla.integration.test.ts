/**
 * Two real server processes share one database and one Redis; both run the SLA sweep every second.
 * A supervisor's socket is connected to process A only. Time is moved for both processes at once
 * through a FileClock offset. Each warning and breach must reach the socket exactly once, and a
 * crash (SIGKILL) and restart of process B between the warning and the breach must neither lose
 * nor repeat the breach.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import request from 'supertest';
import { io as ioClient, type Socket } from 'socket.io-client';
import type { ServerToClientEvents } from '@redress/shared';
import { testMongoUri, uniqueDbName } from '../../../../test/support/harness';
import { complaintBody, createUser, login } from '../../../../test/support/factories';
import { FileClock } from '../../../../test/support/fileClock';
import { startServerProcess, type ServerProcess } from '../../../../test/support/serverProcess';
import { ComplaintEvent } from '../complaints/complaintEvent.model';
import { SlaTimer, SlaTimerClaim } from './slaTimer.model';

type Alert = Parameters<ServerToClientEvents['sla:alert']>[0];

const MIN = 60_000;
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const dbName = uniqueDbName();
const clockFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'redress-clock-')), 'offset');
const childEnv = {
  MONGODB_URI: testMongoUri(),
  TEST_DB_NAME: dbName,
  REDIS_URL,
  // Our own adapter channels: other test files using the same Redis cannot leak events in.
  REDIS_PREFIX: `sla-test-${randomBytes(4).toString('hex')}`,
  JOBS_ENABLED: 'true',
  TEST_CLOCK_FILE: clockFile,
  SESSION_SECRET: 'test-session-secret-0123456789',
};

let a: ServerProcess;
let b: ServerProcess;
let socket: Socket;
const alerts: Alert[] = [];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, probe: () => T | Promise<T>, timeoutMs = 20_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

const count = (complaintId: string, clock: string, state: string) =>
  alerts.filter((x) => x.complaintId === complaintId && x.clock === clock && x.state === state).length;

beforeAll(async () => {
  FileClock.setOffset(clockFile, 0);
  // One after the other: concurrent first boots race on the default categories' upserts (E11000).
  a = await startServerProcess(childEnv);
  b = await startServerProcess(childEnv);
  await mongoose.connect(testMongoUri(), { dbName });
}, 120_000);

afterAll(async () => {
  socket?.close();
  await Promise.all([a?.stop(), b?.stop()]);
  await mongoose.connection.dropDatabase().catch(() => undefined);
  await mongoose.disconnect();
});

it('warns and breaches exactly once across two processes, and a crash of one loses nothing', async () => {
  const admin = await login(a.url, (await createUser('admin')).email);
  const supervisor = await login(a.url, (await createUser('supervisor')).email);
  const cal = await admin.post('/api/sla/calendars', { name: '24/7', calendar: { timeZone: 'UTC', alwaysOpen: true, weekly: [], holidays: [] } });
  const policy = await admin.post('/api/sla/policies', {
    name: 'Short',
    order: 0,
    calendarId: cal.body.calendar.id,
    targets: { firstResponseMinutes: 10, resolutionMinutes: 20 },
    warnAtPercent: 75,
  });
  expect(policy.status).toBe(201);

  socket = ioClient(a.url, { extraHeaders: { cookie: supervisor.cookie }, transports: ['websocket'] });
  socket.on('sla:alert', (p) => alerts.push(p));
  await new Promise<void>((resolve, reject) => {
    socket.on('connect', () => resolve());
    socket.on('connect_error', reject);
  });

  // Filed on process B, watched on process A.
  const filed = await request(b.url).post('/api/complaints').send(complaintBody());
  expect(filed.status).toBe(201);
  const id = filed.body.id as string;
  const sla = await until('clocks started', async () => (await supervisor.get(`/api/complaints/${id}/sla`)).body.sla);
  expect(sla.firstResponse.targetMs).toBe(10 * MIN);
  expect(sla.resolution.targetMs).toBe(20 * MIN);

  // First response: warn at 7.5 min, breach at 10 min. Both processes sweep every second.
  FileClock.setOffset(clockFile, 8 * MIN);
  await until('first response at risk', () => count(id, 'firstResponse', 'at_risk') > 0);
  FileClock.setOffset(clockFile, 11 * MIN);
  await until('first response breached', () => count(id, 'firstResponse', 'breached') > 0);
  FileClock.setOffset(clockFile, 16 * MIN);
  await until('resolution at risk', () => count(id, 'resolution', 'at_risk') > 0);

  // Process B crashes between the warning and the breach, and comes back.
  await b.kill();
  FileClock.setOffset(clockFile, 17 * MIN);
  b = await startServerProcess(childEnv);
  FileClock.setOffset(clockFile, 21 * MIN);
  await until('resolution breached', () => count(id, 'resolution', 'breached') > 0);

  // Give both processes several more sweeps to repeat anything they would repeat.
  await sleep(3_500);
  expect(alerts.filter((x) => x.complaintId === id).map((x) => `${x.clock}:${x.state}`)).toEqual([
    'firstResponse:at_risk',
    'firstResponse:breached',
    'resolution:at_risk',
    'resolution:breached',
  ]);
  const timers = await SlaTimer.find({ complaintId: id }).lean();
  const claims = await SlaTimerClaim.find({ _id: { $in: timers.map((t) => String(t._id)) } }).lean();
  const fired = claims.filter((c) => c.outcome === 'fired');
  expect(fired).toHaveLength(4);
  if (process.env.SLA_TEST_VERBOSE) console.log(fired.map((c) => `${c._id} fired by ${c.by}`).join('\n'));
  expect(await ComplaintEvent.countDocuments({ complaintId: id, type: 'sla' })).toBe(4);
  const after = (await supervisor.get(`/api/complaints/${id}/sla`)).body.sla;
  expect(after.outcome).toMatchObject({ firstResponse: 'breached', resolution: 'breached' });
  expect(after.resolution.breachedAt).toBe(new Date(new Date(after.resolution.startedAt).getTime() + 20 * MIN).toISOString());
}, 120_000);
