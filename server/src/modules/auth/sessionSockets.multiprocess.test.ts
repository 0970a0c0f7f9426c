/**
 * Issue 14 point 1: sockets do not outlive what the session allows. Two real server processes
 * share one database and Redis; a socket open on process B is closed within a second when the
 * user signs out, is deactivated, gets a new password or moves team through process A, and the
 * agent leaves routing at once (presence follows).
 */
import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import { io as ioClient } from 'socket.io-client';
import request from 'supertest';
import { testMongoUri, uniqueDbName } from '../../../../test/support/harness';
import { complaintBody, createTeam, createUser, login, type StaffClient } from '../../../../test/support/factories';
import { connectSocket, recordEvents, until, type StaffSocket } from '../../../../test/support/sockets';
import { startServerProcess, type ServerProcess } from '../../../../test/support/serverProcess';
import { Complaint } from '../complaints/complaint.model';
import { User } from './user.model';

const dbName = uniqueDbName();
const env = {
  MONGODB_URI: testMongoUri(),
  TEST_DB_NAME: dbName,
  REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  REDIS_PREFIX: `sess-mp-${randomBytes(4).toString('hex')}`,
  JOBS_ENABLED: 'false',
  SESSION_SECRET: 'test-session-secret-0123456789',
};
let a: ServerProcess;
let b: ServerProcess;
let admin: StaffClient;
const open: StaffSocket[] = [];

beforeAll(async () => {
  [a, b] = await Promise.all([startServerProcess(env), startServerProcess(env)]);
  await mongoose.connect(testMongoUri(), { dbName });
  admin = await login(a.url, (await createUser('admin')).email);
}, 120_000);
afterAll(async () => {
  for (const s of open) s.close();
  await Promise.all([a?.stop(), b?.stop()]);
  await mongoose.connection.dropDatabase().catch(() => undefined);
  await mongoose.disconnect();
});

/** A socket on `p` signed in as `c`, with the time it was disconnected (null while connected). */
async function socketOn(p: ServerProcess, c: StaffClient) {
  const s = await connectSocket(p.url, c.cookie);
  open.push(s);
  const state = { s, rec: recordEvents(s), closedAt: null as number | null, reason: '' };
  s.on('disconnect', (reason) => {
    state.closedAt = Date.now();
    state.reason = reason;
  });
  return state;
}

/** Resolves with how long after `since` the socket was disconnected; fails after 3 s. */
async function closedWithin(sock: { closedAt: number | null }, since: number): Promise<number> {
  await until('socket disconnected', () => sock.closedAt !== null, 3_000);
  return sock.closedAt! - since;
}

async function agentIn(teamId: unknown) {
  const u = await createUser('agent', { teamIds: [teamId], availability: 'online', capacity: 5 });
  return { u, c: await login(a.url, u.email) };
}

/** A handshake with this cookie is refused (the session is over). */
async function refused(p: ServerProcess, cookie: string): Promise<boolean> {
  const s = ioClient(p.url, { extraHeaders: { cookie }, transports: ['websocket'], forceNew: true, reconnection: false });
  try {
    return await new Promise<boolean>((resolve) => {
      s.once('connect', () => resolve(false));
      s.once('connect_error', (err) => resolve(err.message === 'unauthorized'));
    });
  } finally {
    s.close();
  }
}

it('logout: the session cookie is cleared, its sockets in both processes close within 1 s, the agent goes offline', async () => {
  const team = await createTeam();
  const { u, c } = await agentIn(team._id);
  const [onA, onB] = [await socketOn(a, c), await socketOn(b, c)];
  await until('agent online', async () => (await User.findById(u._id).lean())?.availability === 'online');

  const t0 = Date.now();
  const res = await c.post('/api/auth/logout');
  expect(res.status).toBe(204);
  const cleared = (res.headers['set-cookie'] as unknown as string[] | undefined)?.find((x) => x.startsWith('redress.sid='));
  expect(cleared).toMatch(/^redress\.sid=;/);
  expect(cleared).toMatch(/Expires=Thu, 01 Jan 1970/);
  expect(await closedWithin(onB, t0)).toBeLessThan(1_000);
  expect(await closedWithin(onA, t0)).toBeLessThan(1_000);
  expect(onB.reason).toBe('io server disconnect');
  // Offline at once (not after the reconnect grace), so routing passes them over.
  await until('agent offline', async () => (await User.findById(u._id).lean())?.availability === 'offline', 1_000);
  expect(await refused(b, c.cookie)).toBe(true);
});

it('deactivation through A closes the socket on B within 1 s and routing stops assigning to the agent', async () => {
  // Each test routes its own categories (the database is shared by this file's tests).
  const team = await createTeam({ categories: ['product_defect'] });
  const { u, c } = await agentIn(team._id);
  const onB = await socketOn(b, c);
  await until('agent online', async () => (await User.findById(u._id).lean())?.availability === 'online');

  const t0 = Date.now();
  expect((await admin.patch(`/api/admin/users/${u.id}`, { active: false })).status).toBe(200);
  expect(await closedWithin(onB, t0)).toBeLessThan(1_000);
  await until('agent offline', async () => (await User.findById(u._id).lean())?.availability === 'offline', 1_000);
  expect(await refused(b, c.cookie)).toBe(true);

  // A complaint for their team now waits in the queue instead of going to them.
  const filed = await request(b.url)
    .post('/api/complaints')
    .send(complaintBody({ category: team.categories[0] }));
  expect(filed.status).toBe(201);
  await until('routed', async () => (await Complaint.findById(filed.body.id).lean())?.teamId, 10_000);
  await new Promise((r) => setTimeout(r, 1_000));
  expect((await Complaint.findById(filed.body.id).lean())?.assigneeId ?? null).toBeNull();
});

it('a new password (or role) through A ends the socket on B within 1 s', async () => {
  const team = await createTeam();
  for (const change of [{ password: `fresh-${randomBytes(6).toString('hex')}` }, { role: 'supervisor' }]) {
    const { u, c } = await agentIn(team._id);
    const onB = await socketOn(b, c);
    expect((await admin.patch(`/api/admin/users/${u.id}`, change)).status).toBe(200);
    // Counted from the answer: hashing the new password (argon2) is part of the request.
    expect(await closedWithin(onB, Date.now())).toBeLessThan(1_000);
    expect(await refused(b, c.cookie)).toBe(true);
  }
});

it('a team change through A: the socket on B stops hearing the old team within 1 s; reconnected, it hears the new team only', async () => {
  const suffix = randomBytes(2).toString('hex');
  const teamA = await createTeam({ categories: ['delivery_delay'] });
  const teamB = await createTeam({ categories: ['billing_overcharge'] });
  // Colleagues who stay online take the work, so assignment does not decide who hears what.
  await createUser('agent', { teamIds: [teamA._id], availability: 'online', capacity: 50 });
  await createUser('agent', { teamIds: [teamB._id], availability: 'online', capacity: 50 });
  const { u, c } = await agentIn(teamA._id);
  await User.updateOne({ _id: u._id }, { $set: { capacity: 0 } });
  const onB = await socketOn(b, c);

  const t0 = Date.now();
  expect((await admin.patch(`/api/admin/users/${u.id}`, { teamIds: [String(teamB._id)] })).status).toBe(200);
  expect(await closedWithin(onB, t0)).toBeLessThan(1_000);

  // Still signed in: the console reconnects into its new rooms.
  const again = await socketOn(b, c);
  const old = await request(a.url)
    .post('/api/complaints')
    .send(complaintBody({ category: teamA.categories[0], customer: { name: 'Olga Oldteam', email: `olga-${suffix}@example.com` } }));
  const fresh = await request(a.url)
    .post('/api/complaints')
    .send(complaintBody({ category: teamB.categories[0], customer: { name: 'Nina Newteam', email: `nina-${suffix}@example.com` } }));
  expect([old.status, fresh.status]).toEqual([201, 201]);
  await until('new team complaint heard', () => JSON.stringify(again.rec.events).includes(fresh.body.id as string), 10_000);
  await new Promise((r) => setTimeout(r, 1_000));
  const heard = JSON.stringify([...onB.rec.events, ...again.rec.events]);
  expect(heard).not.toContain(old.body.id as string);
  expect(heard).not.toContain('Olga Oldteam');
});
