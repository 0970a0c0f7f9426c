/**
 * The change feed under faults, on the real database: a subscriber that fails is retried until
 * its effect happens once; one that keeps failing parks the complaint as a dead letter that an
 * admin sees and replays; a server killed (SIGKILL) after acknowledging complaints, before or
 * while their subscribers ran, leaves nothing undone once a server runs again.
 */
import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import request from 'supertest';
import { startTestServer, testMongoUri, uniqueDbName, type TestServer } from '../../../../../test/support/harness';
import { complaintBody, createTeam, createUser, login, type StaffClient } from '../../../../../test/support/factories';
import { until } from '../../../../../test/support/sockets';
import { startServerProcess } from '../../../../../test/support/serverProcess';
import { OutboxMail } from '../../notifications/outbox.model';
import { slaProcessor } from '../../sla/slaListeners';
import { SlaTimer } from '../../sla/slaTimer.model';
import { RollupState } from '../../analytics/rollupState.model';
import { Complaint } from '../complaint.model';
import { ComplaintEvent } from '../complaintEvent.model';
import { ComplaintChangeRecord, FeedState } from './complaintChange.model';

/** Every subscriber's effect on one complaint, counted (each must be exactly one). */
async function effectsOf(id: unknown) {
  const c = await Complaint.findById(id).lean();
  return {
    routed: !!c?.teamId && (!!c.assigneeId || !!c.queuedAt),
    slaWrites: c?.sla ? c.sla.revision + 1 : 0,
    timers: await SlaTimer.countDocuments({ complaintId: id }),
    confirmations: await OutboxMail.countDocuments({ complaintId: id, dedupeKey: /^confirm:/ }),
    assignedEntries: await ComplaintEvent.countDocuments({ complaintId: id, type: { $in: ['assigned', 'queued'] } }),
    rollupClaims: (await RollupState.findById(id).lean())?.v ?? 0,
    pendingChanges: await ComplaintChangeRecord.countDocuments({ complaintId: id }),
  };
}

const once = { routed: true, slaWrites: 1, confirmations: 1, assignedEntries: 1, pendingChanges: 0 };

describe('in one process', () => {
  let t: TestServer;
  let admin: StaffClient;
  const original = slaProcessor.handle;

  beforeAll(async () => {
    t = await startTestServer({ env: { FEED_RETRY_BASE_MS: '40' } });
    const team = await createTeam({ categories: ['delivery_delay'] });
    await createUser('agent', { teamIds: [team._id], availability: 'online', capacity: 50 });
    admin = await login(t.url, (await createUser('admin')).email);
  });
  afterAll(async () => {
    slaProcessor.handle = original;
    await t.close();
  });

  it('a subscriber that throws on its first 3 attempts still takes effect exactly once', async () => {
    let failures = 0;
    slaProcessor.handle = async (...args) => {
      if (failures < 3) {
        failures++;
        throw new Error('injected SLA failure');
      }
      return original(...args);
    };
    const res = await request(t.url)
      .post('/api/complaints')
      .send(complaintBody({ category: 'delivery_delay' }));
    expect(res.status).toBe(201);
    const id = res.body.id as string;
    await until('SLA clocks after retries', async () => (await Complaint.findById(id).lean())?.sla, 15_000);
    await until('feed caught up', async () => (await ComplaintChangeRecord.countDocuments({ complaintId: id })) === 0 || null, 15_000);
    expect(failures).toBe(3);
    const e = await effectsOf(id);
    expect(e).toMatchObject(once);
    expect(e.timers).toBeGreaterThan(0);
    expect(e.rollupClaims).toBeGreaterThan(0);
    const state = await FeedState.findById(id).lean();
    expect(state!.subs.sla).toMatchObject({ attempts: 0 });
    expect(state!.dead).toEqual([]);
  });

  it('parks a complaint a subscriber keeps failing on, shows it to admins, and replays it once fixed', async () => {
    let broken = true;
    slaProcessor.handle = async (...args) => {
      if (broken) throw new Error('SLA store unreachable');
      return original(...args);
    };
    const res = await request(t.url)
      .post('/api/complaints')
      .send(complaintBody({ category: 'delivery_delay' }));
    const id = res.body.id as string;
    await until('dead letter', async () => ((await FeedState.findById(id).lean())?.dead ?? []).includes('sla') || null, 30_000);
    // The other subscribers went on: routed, confirmed.
    expect(await effectsOf(id)).toMatchObject({ routed: true, confirmations: 1, slaWrites: 0 });
    const status = await admin.get('/api/admin/feed');
    expect(status.status).toBe(200);
    expect(status.body.deadLetters).toEqual([expect.objectContaining({ complaintId: id, subscriber: 'sla', attempts: 8, error: 'SLA store unreachable' })]);
    expect(status.body.subscribers.find((s: { name: string }) => s.name === 'sla')).toMatchObject({ deadLetters: 1 });
    const metrics = await request(t.url).get('/metrics');
    expect(metrics.text).toMatch(/redress_feed_dead_letters_total\{subscriber="sla"\} [1-9]/);
    expect(metrics.text).toMatch(/redress_feed_lag_seconds_count\{subscriber="routing"\} [1-9]/);

    broken = false;
    expect((await admin.post('/api/admin/feed/replay', { complaintId: id, subscriber: 'sla' })).body).toEqual({ replayed: 1 });
    await until('SLA after replay', async () => (await Complaint.findById(id).lean())?.sla, 10_000);
    await until('feed caught up', async () => (await ComplaintChangeRecord.countDocuments({ complaintId: id })) === 0 || null, 10_000);
    expect(await effectsOf(id)).toMatchObject(once);
    expect((await admin.get('/api/admin/feed')).body.deadLetters).toEqual([]);
    expect((await admin.post('/api/admin/feed/replay', { complaintId: id })).status).toBe(404);
  });
});

describe('across a killed process', () => {
  const dbName = uniqueDbName();
  const env = {
    MONGODB_URI: testMongoUri(),
    TEST_DB_NAME: dbName,
    REDIS_PREFIX: `feed-test-${randomBytes(4).toString('hex')}`,
    JOBS_ENABLED: 'false',
    SESSION_SECRET: 'test-session-secret-0123456789',
  };

  beforeAll(async () => {
    await mongoose.connect(testMongoUri(), { dbName });
  });
  afterAll(async () => {
    await mongoose.connection.dropDatabase().catch(() => undefined);
    await mongoose.disconnect();
  });

  it('SIGKILL after acknowledging, before or while subscribers run: a restarted server completes every complaint once', async () => {
    const team = await createTeam({ categories: ['delivery_delay'] });
    await createUser('agent', { teamIds: [team._id], availability: 'online', capacity: 100 });
    const file = (url: string) =>
      request(url)
        .post('/api/complaints')
        .send(complaintBody({ category: 'delivery_delay' }));

    // A web-only process: it stores and acknowledges, and is killed before any subscriber ran.
    const webOnly = await startServerProcess({ ...env, FEED_ENABLED: 'false' });
    const before = await Promise.all(Array.from({ length: 6 }, () => file(webOnly.url)));
    await webOnly.kill();
    // A full process killed right after its last answer, its subscribers mid-way.
    const full = await startServerProcess(env);
    const during = [];
    for (let i = 0; i < 6; i++) during.push(await file(full.url));
    await full.kill();
    const acknowledged = [...before, ...during].filter((r) => r.status === 201).map((r) => r.body.id as string);
    expect(acknowledged).toHaveLength(12);

    const restarted = await startServerProcess(env);
    try {
      await until(
        'every change handled',
        async () => (await ComplaintChangeRecord.countDocuments({ complaintId: { $in: acknowledged } })) === 0 || null,
        60_000,
      );
      for (const id of acknowledged) expect(await effectsOf(id)).toMatchObject(once);
      const rollupTotal = await RollupState.countDocuments({ _id: { $in: acknowledged } });
      expect(rollupTotal).toBe(acknowledged.length);
    } finally {
      await restarted.stop();
    }
  }, 120_000);
});
