import { readFileSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { FakeClock, startTestServer, type TestServer } from '../../../../test/support/harness';
import { complaintBody, createTeam, createUser, login, type StaffClient } from '../../../../test/support/factories';
import { WebhookReceiver, type ReceivedWebhook } from '../../../../test/support/webhookReceiver';
import { deliverDueMail } from '../notifications/outbox';
import { pruneWebhookLog } from './jobs/webhookLogPrune';
import { writeComplaint } from '../../../../test/support/changes';
import { WebhookAttempt, WebhookDelivery, WebhookEvent } from './webhook.models';
import { deliverDueWebhooks } from './webhookDeliverer';

type Verify = (secret: string, rawBody: string, header: string, toleranceSeconds?: number) => boolean;

/** The signature check exactly as README.md shows it (its ```js block under "Verifying a webhook"). */
function readmeVerifier(): Verify {
  const readme = readFileSync(path.join(__dirname, '../../../../README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### Verifying a webhook'));
  const code = /```js\n([\s\S]*?)```/.exec(section)![1]!;
  // Running the documented snippet itself is the point.
  return new Function('require', `${code}\nreturn verifyRedressWebhook;`)(require) as Verify;
}

const clock = new FakeClock(new Date());
let t: TestServer;
let admin: StaffClient;
let agent: StaffClient;
let teamId: unknown;
const verify = readmeVerifier();

beforeAll(async () => {
  t = await startTestServer({ clock, env: { WEBHOOK_RETRY_BASE_MS: '1000', SHOP_API_KEY: 'shop-key-0123456789abcdef' } });
  const team = await createTeam();
  teamId = team._id;
  const [a, g] = await Promise.all([
    createUser('admin', { name: 'Ada Admin' }),
    createUser('agent', { teamIds: [team._id], availability: 'online', capacity: 50, remedyLimits: { perRemedy: 500, perDay: 5000 } }),
  ]);
  [admin, agent] = await Promise.all([login(t.url, a.email), login(t.url, g.email)]);
  // The receivers listen on 127.0.0.1: allowed only by the admin setting.
  expect((await admin.put('/api/admin/webhooks/settings', { allowPrivateAddresses: true })).status).toBe(200);
});
afterAll(async () => {
  await t.close();
});

async function addEndpoint(url: string, events: string[]): Promise<{ id: string; secret: string }> {
  const res = await admin.post('/api/admin/webhooks', { url, events });
  expect(res.status).toBe(201);
  expect(res.body.secret).toMatch(/^whsec_/);
  return { id: res.body.endpoint.id, secret: res.body.secret };
}

/** Run the feed and the deliverer until `done` holds (the clock moves on by `stepMs` per round for retries). */
async function pump(done: () => boolean, opts: { stepMs?: number; rounds?: number } = {}): Promise<void> {
  for (let i = 0; i < (opts.rounds ?? 200); i++) {
    await t.settle();
    await deliverDueWebhooks();
    if (done()) return;
    if (opts.stepMs) clock.advance(opts.stepMs);
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('webhooks did not arrive');
}

async function fileComplaint(t: TestServer, over: Record<string, unknown> = {}): Promise<{ id: string; reference: string }> {
  const res = await request(t.url).post('/api/complaints').send(complaintBody(over));
  expect(res.status).toBe(201);
  return { id: res.body.id, reference: res.body.reference };
}

const types = (rs: ReceivedWebhook[]): string[] => rs.map((r) => r.json.type);

const complaintEvents = [
  'complaint.filed',
  'complaint.assigned',
  'complaint.status_changed',
  'complaint.replied',
  'remedy.requested',
  'remedy.approved',
  'remedy.issued',
  'remedy.fulfilled',
];

/** File, assign (routing), reply, resolve, propose a refund (approved within limits) and issue it. */
async function workAComplaint(): Promise<{ id: string; remedyId: string }> {
  const c = await fileComplaint(t, { category: 'delivery_delay', amount: 89.9, currency: 'EUR' });
  await t.settle();
  expect((await agent.post(`/api/complaints/${c.id}/messages`, { body: 'A courier is booked for tomorrow.', visibility: 'public' })).status).toBe(201);
  expect((await agent.post(`/api/complaints/${c.id}/status`, { status: 'resolved' })).status).toBe(200);
  const proposed = await agent.post(`/api/complaints/${c.id}/remedies`, { type: 'refund', amount: 89.9, currency: 'EUR', note: 'full refund' });
  expect(proposed.status).toBe(201);
  expect(proposed.body.autoApproved).toBe(true);
  const remedyId = proposed.body.remedy.id as string;
  expect((await agent.post(`/api/remedies/${remedyId}/issue`)).status).toBe(200);
  return { id: c.id, remedyId };
}

describe('acceptance 1: signed events in order per complaint', () => {
  it('filing, assignment, reply, resolution, a remedy approved and issued each deliver one event the README check verifies', async () => {
    const rx = new WebhookReceiver();
    await rx.up();
    const ep = await addEndpoint(rx.url, complaintEvents);
    const c = await workAComplaint();
    const wanted = [
      'complaint.filed',
      'complaint.assigned',
      'complaint.replied',
      'complaint.status_changed',
      'remedy.requested',
      'remedy.approved',
      'remedy.issued',
    ];
    await pump(() => rx.forComplaint(c.id).length >= 8);
    const got = rx.forComplaint(c.id);
    // The reply moved the complaint new -> in_progress, then it was resolved: two status events.
    expect(types(got)).toEqual([
      'complaint.filed',
      'complaint.assigned',
      'complaint.replied',
      'complaint.status_changed',
      'complaint.status_changed',
      'remedy.requested',
      'remedy.approved',
      'remedy.issued',
    ]);
    for (const w of wanted) expect(types(got)).toContain(w);
    const statuses = got.filter((r) => r.json.type === 'complaint.status_changed').map((r) => (r.json.data.change as { to: string }).to);
    expect(statuses).toEqual(['in_progress', 'resolved']);
    for (const r of got) {
      expect(verify(ep.secret, r.body, String(r.headers['redress-signature']))).toBe(true);
      expect(r.headers['redress-event-id']).toBe(r.json.id);
      expect(r.json.apiVersion).toBeTruthy();
      // A wrong secret or a changed body fails the same check.
      expect(verify(`${ep.secret}x`, r.body, String(r.headers['redress-signature']))).toBe(false);
      expect(verify(ep.secret, r.body.replace('"type"', '"typ"'), String(r.headers['redress-signature']))).toBe(false);
    }
    expect(new Set(got.map((r) => r.json.id)).size).toBe(got.length);
    // The presented resource, no internal fields.
    const filed = got[0]!.json.data as { complaint: Record<string, unknown> };
    expect(filed.complaint).toMatchObject({ id: c.id, customer: expect.objectContaining({ email: expect.any(String) }) });
    expect(filed.complaint).not.toHaveProperty('description');
    expect(filed.complaint).not.toHaveProperty('sla');
    const issued = got[7]!.json.data as { remedy: Record<string, unknown> };
    expect(issued.remedy).toMatchObject({ id: c.remedyId, type: 'refund', status: 'issued', amount: 89.9, fulfilment: { status: 'pending' } });
    expect(issued.remedy).not.toHaveProperty('reservation');
    // Delivering again sends nothing twice.
    await deliverDueWebhooks();
    expect(rx.forComplaint(c.id)).toHaveLength(8);
    await admin.patch(`/api/admin/webhooks/${ep.id}`, { active: false });
    await rx.down();
  });
});

describe('the other event types', () => {
  it('SLA at risk and breached, CSAT, a declined remedy and a redeemed voucher each deliver their event, internal notes none', async () => {
    const rx = new WebhookReceiver();
    await rx.up();
    const ep = await addEndpoint(rx.url, [
      'complaint.replied',
      'complaint.sla_at_risk',
      'complaint.sla_breached',
      'complaint.csat',
      'remedy.declined',
      'remedy.issued',
      'voucher.redeemed',
    ]);
    const c = await fileComplaint(t, { category: 'delivery_delay', amount: 50, currency: 'EUR' });
    await t.settle();
    expect((await agent.post(`/api/complaints/${c.id}/messages`, { body: 'internal: courier is slow', visibility: 'internal' })).status).toBe(201);
    await writeComplaint(c.id, {}, { type: 'sla_alert', clock: 'resolution', kind: 'warn', generation: 0, breachedByMs: 0 });
    await writeComplaint(c.id, {}, { type: 'sla_alert', clock: 'resolution', kind: 'breach', generation: 0, breachedByMs: 60_000 });
    await writeComplaint(c.id, { csat: { score: 4, at: new Date() } }, { type: 'csat', score: 4 });
    // A refund above the agent's limit waits for a supervisor, who declines it.
    const big = await agent.post(`/api/complaints/${c.id}/remedies`, { type: 'replacement', amount: 900, currency: 'EUR' });
    expect(big.body.remedy.status).toBe('pending_approval');
    const supUser = await createUser('supervisor', { teamIds: [teamId] });
    const sup = await login(t.url, supUser.email);
    expect((await sup.post(`/api/remedies/${big.body.remedy.id}/decline`, { reason: 'too much for a late parcel' })).status).toBe(200);
    const voucher = await agent.post(`/api/complaints/${c.id}/remedies`, { type: 'voucher', amount: 10, currency: 'EUR' });
    const issued = await agent.post(`/api/remedies/${voucher.body.remedy.id}/issue`);
    const code = issued.body.remedy.voucher.code as string;
    const redeemed = await request(t.url).post(`/api/vouchers/${code}/redeem`).set('X-Api-Key', 'shop-key-0123456789abcdef').send({ orderRef: 'ORDER-7' });
    expect(redeemed.status).toBe(200);
    await pump(() => rx.forComplaint(c.id).length >= 6);
    const got = rx.forComplaint(c.id);
    expect(types(got)).toEqual(['complaint.sla_at_risk', 'complaint.sla_breached', 'complaint.csat', 'remedy.declined', 'remedy.issued', 'voucher.redeemed']);
    expect(got[1]!.json.data.change).toEqual({ clock: 'resolution', breachedByMs: 60_000 });
    expect(got[2]!.json.data.change).toEqual({ score: 4 });
    expect(got[3]!.json.data.remedy).toMatchObject({ type: 'replacement', status: 'declined', decisionReason: 'too much for a late parcel' });
    expect(got[5]!.json.data.voucher).toMatchObject({ code, orderRef: 'ORDER-7', amount: 10, remedyId: voucher.body.remedy.id });
    for (const r of got) expect(verify(ep.secret, r.body, String(r.headers['redress-signature']))).toBe(true);
    await admin.patch(`/api/admin/webhooks/${ep.id}`, { active: false });
    await rx.down();
  });
});

describe('acceptance 2: outages and failing receivers', () => {
  it('a receiver down for a while gets every event exactly once per id after it is back, in order per complaint', async () => {
    const rx = new WebhookReceiver();
    await rx.up();
    const ep = await addEndpoint(rx.url, complaintEvents);
    await rx.down();
    const first = await workAComplaint();
    const second = await workAComplaint();
    // Several rounds of failed attempts while it is down (connection refused), with retries backing off.
    for (let i = 0; i < 4; i++) {
      await t.settle();
      await deliverDueWebhooks();
      clock.advance(5_000);
    }
    const waiting = await WebhookDelivery.find({ endpointId: ep.id }).lean();
    expect(waiting.length).toBe(16);
    expect(waiting.every((d) => d.status === 'pending')).toBe(true);
    expect(Math.max(...waiting.map((d) => d.attempts))).toBeGreaterThanOrEqual(2);
    // Only each complaint's first event was tried: the rest wait for it.
    expect(waiting.filter((d) => d.attempts > 0).map((d) => d.type)).toEqual(['complaint.filed', 'complaint.filed']);
    await rx.up();
    await pump(() => rx.received.length >= 16, { stepMs: 60_000 });
    await deliverDueWebhooks();
    for (const c of [first, second]) {
      const got = rx.forComplaint(c.id);
      expect(types(got)).toEqual([
        'complaint.filed',
        'complaint.assigned',
        'complaint.replied',
        'complaint.status_changed',
        'complaint.status_changed',
        'remedy.requested',
        'remedy.approved',
        'remedy.issued',
      ]);
      for (const r of got) expect(verify(ep.secret, r.body, String(r.headers['redress-signature']))).toBe(true);
    }
    const ids = rx.received.map((r) => r.json.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(16);
    await admin.patch(`/api/admin/webhooks/${ep.id}`, { active: false });
    await rx.down();
  });

  it('a receiver that always answers 500 is retried for 24 h, then the endpoint is turned off and the admins emailed', async () => {
    const rx = new WebhookReceiver();
    rx.mode = 'fail';
    await rx.up();
    const ep = await addEndpoint(rx.url, ['complaint.filed']);
    const c = await fileComplaint(t, { category: 'delivery_delay' });
    await t.settle();
    await deliverDueWebhooks();
    let d = await WebhookDelivery.findById(`evt_${c.id}_1:${ep.id}`).lean();
    expect(d).toMatchObject({ status: 'pending', attempts: 1, lastStatusCode: 500 });
    // 23 hours of retries: still pending, still on.
    for (let h = 0; h < 23 * 4; h++) {
      clock.advance(15 * 60_000);
      await deliverDueWebhooks();
    }
    d = await WebhookDelivery.findById(`evt_${c.id}_1:${ep.id}`).lean();
    expect(d!.status).toBe('pending');
    expect(d!.attempts).toBeGreaterThan(10);
    expect((await admin.get('/api/admin/webhooks')).body.items.find((e: { id: string }) => e.id === ep.id).active).toBe(true);
    // Past 24 h: failed, and the endpoint is off.
    for (let h = 0; h < 8; h++) {
      clock.advance(15 * 60_000);
      await deliverDueWebhooks();
    }
    d = await WebhookDelivery.findById(`evt_${c.id}_1:${ep.id}`).lean();
    expect(d!.status).toBe('failed');
    const listed = (await admin.get('/api/admin/webhooks')).body.items.find((e: { id: string }) => e.id === ep.id);
    expect(listed).toMatchObject({ active: false, disabledReason: 'failing' });
    await deliverDueMail();
    const mail = await t.waitForMail((m) => m.subject.includes('Webhook endpoint turned off') && m.text.includes(rx.url));
    expect(mail.text).toMatch(/HTTP 500/);
    // The log holds every attempt with its status code, latency and the answer.
    const log = await admin.get(`/api/admin/webhooks/${ep.id}/deliveries?status=failed`);
    expect(log.status).toBe(200);
    expect(log.body.items[0].log[0]).toMatchObject({ statusCode: 500, response: 'receiver is broken', latencyMs: expect.any(Number) });
    // Metrics count the attempts.
    const metrics = await request(t.url).get('/metrics');
    expect(metrics.text).toMatch(/redress_webhook_attempts_total\{outcome="failure"\} \d+/);
    expect(metrics.text).toMatch(/redress_webhook_endpoints_disabled_total 1/);
    await rx.down();
  });
});

describe('delivery log retention', () => {
  it('drops delivered deliveries, their attempts and events after 30 days; keeps failed ones', async () => {
    const delivered = await WebhookDelivery.countDocuments({ status: 'delivered' });
    const failed = await WebhookDelivery.countDocuments({ status: 'failed' });
    expect(delivered).toBeGreaterThan(0);
    expect(await pruneWebhookLog()).toEqual({ deliveries: 0, events: 0 });
    clock.advance(31 * 86_400_000);
    const pruned = await pruneWebhookLog();
    expect(pruned.deliveries).toBe(delivered);
    expect(await WebhookDelivery.countDocuments({ status: 'delivered' })).toBe(0);
    expect(await WebhookDelivery.countDocuments({ status: 'failed' })).toBe(failed);
    expect(await WebhookAttempt.countDocuments({ deliveryId: { $in: (await WebhookDelivery.find({}, { _id: 1 }).lean()).map((d) => d._id) } })).toBe(
      await WebhookAttempt.countDocuments({}),
    );
    expect(await WebhookEvent.countDocuments({})).toBe(new Set((await WebhookDelivery.find({}, { eventId: 1 }).lean()).map((d) => d.eventId)).size);
  });
});
