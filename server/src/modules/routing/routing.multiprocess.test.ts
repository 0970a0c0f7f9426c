/**
 * Two real server processes share one database and one Redis. Assignment decisions must hold
 * across them: one free slot is given once, one complaint is claimed once, and the notification of
 * an assignment made in process B reaches the agent's socket connected to process A.
 */
import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import request from 'supertest';
import { testMongoUri, uniqueDbName } from '../../../../test/support/harness';
import { complaintBody, createTeam, createUser, login } from '../../../../test/support/factories';
import { connectSocket, recordEvents, until, type StaffSocket } from '../../../../test/support/sockets';
import { startServerProcess, type ServerProcess } from '../../../../test/support/serverProcess';
import { User } from '../auth/user.model';
import { Complaint } from '../complaints/complaint.model';

const dbName = uniqueDbName();
const childEnv = {
  MONGODB_URI: testMongoUri(),
  TEST_DB_NAME: dbName,
  REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  REDIS_PREFIX: `routing-test-${randomBytes(4).toString('hex')}`,
  JOBS_ENABLED: 'false',
  SESSION_SECRET: 'test-session-secret-0123456789',
};

let a: ServerProcess;
let b: ServerProcess;
let socket: StaffSocket | undefined;

beforeAll(async () => {
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

it('gives one free slot once when two processes file at the same moment', async () => {
  const team = await createTeam({ categories: ['delivery_delay'] });
  const agent = await createUser('agent', { teamIds: [team._id], availability: 'online', capacity: 1 });
  const client = await login(a.url, agent.email);
  socket = await connectSocket(a.url, client.cookie);
  const rec = recordEvents(socket);

  const filed = await Promise.all(
    [a, b, a, b].map((p) =>
      request(p.url)
        .post('/api/complaints')
        .send(complaintBody({ category: 'delivery_delay' })),
    ),
  );
  expect(filed.map((r) => r.status)).toEqual([201, 201, 201, 201]);
  const ids = filed.map((r) => r.body.id as string);
  // Routing runs on each process's change feed just after the filing answered.
  const docs = await until('all four routed', async () => {
    const found = await Complaint.find({ _id: { $in: ids } }).lean();
    return found.every((d) => d.assigneeId || d.queuedAt) ? found : null;
  });
  const assigned = docs.filter((d) => String(d.assigneeId) === agent.id);
  expect(assigned).toHaveLength(1);
  // The displayed load follows the assignment on the feed (the decision itself counts from the complaints).
  await until('load shown', async () => (await User.findById(agent._id).lean())!.openCount === 1 || null);

  // Pushed to the agent's socket on A, whichever process made the assignment.
  const mine = await until('notification', () => rec.of<{ kind: string; complaintId: string }>('notification').find((n) => n.kind === 'assigned'));
  expect(mine.complaintId).toBe(String(assigned[0]!._id));
}, 60_000);

it('lets one of two agents on two processes claim the same complaint', async () => {
  const team = await createTeam({ categories: ['damaged_in_transit'] });
  const x = await createUser('agent', { teamIds: [team._id], capacity: 3 });
  const y = await createUser('agent', { teamIds: [team._id], capacity: 3 });
  const [cx, cy] = await Promise.all([login(a.url, x.email), login(b.url, y.email)]);
  for (let round = 0; round < 3; round++) {
    const filed = await request(a.url)
      .post('/api/complaints')
      .send(complaintBody({ category: 'damaged_in_transit' }));
    const id = filed.body.id as string;
    // Both agents are offline: routing puts it in their team's queue, where they may take it.
    await until('queued', async () => (await Complaint.findById(id).lean())?.queuedAt);
    const results = await Promise.all([cx.post(`/api/complaints/${id}/claim`), cy.post(`/api/complaints/${id}/claim`)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
  }
  const open = await Complaint.countDocuments({ assigneeId: { $in: [x._id, y._id] } });
  expect(open).toBe(3);
}, 60_000);
