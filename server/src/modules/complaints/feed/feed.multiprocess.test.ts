/**
 * Two real server processes with Redis share one database: 200 complaints filed across both, and
 * every subscriber's effect happens once — SLA clocks and timers, rollup totals, assignments,
 * confirmation mails — whichever process filed a complaint and whichever ran its subscribers.
 */
import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import request from 'supertest';
import { testMongoUri, uniqueDbName } from '../../../../../test/support/harness';
import { complaintBody, createTeam, createUser, login } from '../../../../../test/support/factories';
import { until } from '../../../../../test/support/sockets';
import { startServerProcess, type ServerProcess } from '../../../../../test/support/serverProcess';
import { followTracking } from '../../../../../test/support/trackingStream';
import { OutboxMail } from '../../notifications/outbox.model';
import { SlaTimer } from '../../sla/slaTimer.model';
import { Complaint } from '../complaint.model';
import { ComplaintEvent } from '../complaintEvent.model';
import { ComplaintChangeRecord } from './complaintChange.model';

const N = 200;
const dbName = uniqueDbName();
const env = {
  MONGODB_URI: testMongoUri(),
  TEST_DB_NAME: dbName,
  REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  REDIS_PREFIX: `feed-mp-${randomBytes(4).toString('hex')}`,
  JOBS_ENABLED: 'false',
  SESSION_SECRET: 'test-session-secret-0123456789',
};
let a: ServerProcess;
let b: ServerProcess;

beforeAll(async () => {
  [a, b] = await Promise.all([startServerProcess(env), startServerProcess(env)]);
  await mongoose.connect(testMongoUri(), { dbName });
}, 120_000);
afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await mongoose.connection.dropDatabase().catch(() => undefined);
  await mongoose.disconnect();
});

it(`${N} complaints across two processes: every subscriber effect once`, async () => {
  const team = await createTeam({ categories: ['delivery_delay'] });
  for (let i = 0; i < 4; i++) await createUser('agent', { teamIds: [team._id], availability: 'online', capacity: 1_000 });
  const supervisor = await login(a.url, (await createUser('supervisor', { teamIds: [team._id] })).email);
  const from = new Date(Date.now() - 60_000).toISOString();

  const ids: string[] = [];
  for (let i = 0; i < N; i += 4) {
    const batch = await Promise.all(
      [a, b, a, b].map((p) =>
        request(p.url)
          .post('/api/complaints')
          .send(complaintBody({ category: 'delivery_delay' })),
      ),
    );
    for (const r of batch) {
      expect(r.status).toBe(201);
      ids.push(r.body.id as string);
    }
  }
  // Generous: with measured retention and webhooks on the feed, two processes on FerretDB/SQLite
  // took about 9 minutes for the 200 here (see README, Capacity); the check is the effects, not the time.
  await until('both feeds caught up', async () => (await ComplaintChangeRecord.countDocuments({})) === 0 || null, 1_200_000);

  const docs = await Complaint.find({ _id: { $in: ids } }).lean();
  expect(docs).toHaveLength(N);
  // Assigned once each: one assignment on the timeline, an assignee, SLA state written once.
  expect(docs.filter((d) => d.assigneeId && d.status === 'assigned')).toHaveLength(N);
  expect(docs.every((d) => d.sla && d.sla.revision === 0)).toBe(true);
  const assigned = await ComplaintEvent.aggregate<{ _id: unknown; n: number }>([
    { $match: { complaintId: { $in: docs.map((d) => d._id) }, type: 'assigned' } },
    { $group: { _id: '$complaintId', n: { $sum: 1 } } },
  ]);
  expect(assigned).toHaveLength(N);
  expect(assigned.every((x) => x.n === 1)).toBe(true);
  // Timers: exactly those the one SLA write scheduled.
  const timers = await SlaTimer.countDocuments({ complaintId: { $in: docs.map((d) => d._id) } });
  expect(timers).toBe(docs.reduce((n, d) => n + d.sla!.timers.length, 0));
  // One confirmation each.
  expect(await OutboxMail.countDocuments({ complaintId: { $in: docs.map((d) => d._id) }, dedupeKey: /^confirm:/ })).toBe(N);
  // Rollups counted each complaint once, whichever process synced it.
  const overview = await supervisor.get(`/api/metrics/overview?from=${from}&granularity=day`);
  expect(overview.status).toBe(200);
  expect(overview.body.totals.created).toBe(N);
}, 1_300_000);

it("a tracking page's live stream hears a change made through the other process", async () => {
  const staff = await login(a.url, (await createUser('admin')).email);
  const filed = await request(a.url)
    .post('/api/complaints')
    .send(complaintBody({ category: 'billing_overcharge' }));
  expect(filed.status).toBe(201);
  const token = String(filed.body.trackingUrl).split('#t=')[1]!;
  // One customer tab on each process; whichever process's feed handles the reply, both hear it.
  const onA = await followTracking(a.url, filed.body.reference as string, token);
  const onB = await followTracking(b.url, filed.body.reference as string, token);
  try {
    expect((await staff.post(`/api/complaints/${filed.body.id as string}/messages`, { body: 'Refund on its way.', visibility: 'public' })).status).toBe(201);
    const heard = (s: typeof onA) => () => s.pushes.find((p) => p.events.some((e) => e.type === 'message' && e.body === 'Refund on its way.')) ?? null;
    await until('the reply pushed to the tab on process A', heard(onA), 30_000);
    await until('the reply pushed to the tab on process B', heard(onB), 30_000);
  } finally {
    onA.close();
    onB.close();
  }
}, 60_000);
