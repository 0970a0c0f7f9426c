import request from 'supertest';
import type { PortalRemedyView, RecoveryFigures } from '@redress/shared';
import { startTestServer, type CaughtMailRecord, type TestServer } from '../../../../test/support/harness';
import { complaintBody, createTeam, createUser, login, type StaffClient } from '../../../../test/support/factories';
import { deliverDueMail } from '../notifications/outbox';
import { Remedy, RemedyAudit } from './compensation.models';

const KEY = 'shop-key-0123456789abcdef';
let t: TestServer;
let agent: StaffClient;
let sup: StaffClient;

beforeAll(async () => {
  t = await startTestServer({ env: { SHOP_API_KEY: KEY } });
  const team = await createTeam();
  const [a, s] = await Promise.all([
    createUser('agent', { teamIds: [team._id], availability: 'online', remedyLimits: { perRemedy: 50, perDay: 200 } }),
    createUser('supervisor', { teamIds: [team._id] }),
  ]);
  [agent, sup] = await Promise.all([login(t.url, a.email), login(t.url, s.email)]);
});
afterAll(async () => {
  await t.close();
});

async function file(over: Record<string, unknown> = {}) {
  const body = complaintBody({ category: 'billing_overcharge', amount: 89.9, currency: 'EUR', ...over });
  const res = await request(t.url).post('/api/complaints').send(body);
  expect(res.status).toBe(201);
  await t.settle();
  return {
    id: res.body.id as string,
    reference: res.body.reference as string,
    token: String(res.body.trackingUrl).split('#t=')[1]!,
    email: body.customer.email,
  };
}

const report = (id: string, body: object, key: string | null = KEY) => {
  const r = request(t.url).post(`/api/remedies/${id}/fulfilment`);
  return (key ? r.set('X-Api-Key', key) : r).send(body);
};

async function portal(c: { reference: string; token: string }): Promise<PortalRemedyView[]> {
  const res = await request(t.url).get(`/api/portal/complaints/${c.reference}/remedies`).set('X-Tracking-Token', c.token);
  expect(res.status).toBe(200);
  return res.body.items as PortalRemedyView[];
}

/** Send what the outbox holds, then wait for a matching mail. */
async function mail(match: (m: CaughtMailRecord) => boolean): Promise<CaughtMailRecord> {
  await deliverDueMail();
  return t.waitForMail(match);
}

/** The dashboard's recovery figures for the last 7 days (supervisor view). */
async function recovery(): Promise<RecoveryFigures> {
  const res = await sup.get('/api/metrics/overview');
  expect(res.status).toBe(200);
  return res.body.recovery as RecoveryFigures;
}

const amountIn = (rows: { currency: string; amount: number }[], currency = 'EUR'): number => rows.find((r) => r.currency === currency)?.amount ?? 0;

async function mailsTo(email: string): Promise<CaughtMailRecord[]> {
  await deliverDueMail();
  return (await t.caughtMail()).filter((m) => m.to.includes(email));
}

describe('acceptance 4: a refund carried out by the shop', () => {
  it('goes requested -> approved -> issued -> fulfilled through the API; a replay changes nothing; mail and tracking page tell each true state', async () => {
    const c = await file();
    // Requested above the agent's limit: waits for a supervisor.
    const proposed = await agent.post(`/api/complaints/${c.id}/remedies`, { type: 'refund', amount: 89.9, currency: 'EUR' });
    expect(proposed.status).toBe(201);
    expect(proposed.body.remedy.status).toBe('pending_approval');
    const id = proposed.body.remedy.id as string;
    expect((await report(id, { status: 'fulfilled' })).status).toBe(409); // not issued yet
    expect((await sup.post(`/api/remedies/${id}/approve`, {})).body.remedy.status).toBe('approved');
    expect(await portal(c)).toEqual([]);

    const issued = await agent.post(`/api/remedies/${id}/issue`);
    expect(issued.status).toBe(200);
    expect(issued.body.remedy).toMatchObject({ status: 'issued', fulfilment: { status: 'pending', at: null } });
    // Issued is a promise: the customer is told we asked, not that it is done.
    const asked = await mail((m) => m.to.includes(c.email) && /Putting things right/.test(m.subject));
    expect(asked.text).toContain('We have asked our payments team to refund 89.90 EUR');
    expect(asked.text).not.toMatch(/We have (issued|refunded)/);
    expect((await portal(c))[0]).toMatchObject({ type: 'refund', amount: 89.9, fulfilment: 'pending' });

    // Only the shop, with its key.
    expect((await report(id, { status: 'fulfilled' }, null)).status).toBe(401);
    expect((await report(id, { status: 'fulfilled' }, 'wrong-key-0123456789abc')).status).toBe(401);
    const bad = await report(id, { status: 'done' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].path).toBe('status');

    // The dashboard counts it as promised, not yet as carried out.
    const promised = await recovery();
    expect(amountIn(promised.spend)).toBeCloseTo(89.9);
    expect(amountIn(promised.fulfilled)).toBeCloseTo(0);

    const done = await report(id, { status: 'fulfilled', reference: 'RF-2026-1182' });
    expect(done.status).toBe(200);
    expect(done.headers['idempotent-replayed']).toBe('false');
    expect(done.body.remedy).toMatchObject({ id, status: 'issued', fulfilment: { status: 'fulfilled', reference: 'RF-2026-1182' } });
    const refunded = await mail((m) => m.to.includes(c.email) && /Your refund has been made/.test(m.subject));
    expect(refunded.text).toContain('We have refunded 89.90 EUR to your original payment method (reference RF-2026-1182)');
    expect((await portal(c))[0]).toMatchObject({ fulfilment: 'fulfilled' });
    const carried = await recovery();
    expect(amountIn(carried.spend)).toBeCloseTo(89.9);
    expect(amountIn(carried.fulfilled)).toBeCloseTo(89.9);
    expect((await sup.get(`/api/complaints/${c.id}/remedies`)).body.items.find((r: { id: string }) => r.id === id).fulfilment).toMatchObject({
      status: 'fulfilled',
      reference: 'RF-2026-1182',
    });

    // A replay changes nothing: same state and time, no second email, no second audit row.
    const before = await Remedy.findById(id).lean();
    const mailsBefore = (await mailsTo(c.email)).length;
    const again = await report(id, { status: 'fulfilled', reference: 'RF-2026-1182' });
    expect(again.status).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    const after = await Remedy.findById(id).lean();
    expect(after!.updatedAt).toEqual(before!.updatedAt);
    expect(after!.fulfilment).toEqual(before!.fulfilment);
    expect((await mailsTo(c.email)).length).toBe(mailsBefore);
    // Fulfilled is final.
    expect((await report(id, { status: 'failed', note: 'oops' })).status).toBe(409);

    const steps = (await RemedyAudit.find({ remedyId: id }).sort({ at: 1, _id: 1 }).lean()).map((a) => a.action);
    expect(steps).toEqual(['suggested', 'requested', 'pending_approval', 'approved', 'issued', 'fulfilled']);
  });

  it('a failed report tells the customer the truth, and the shop may still report it fulfilled later', async () => {
    const c = await file({ language: 'zh' });
    const proposed = await agent.post(`/api/complaints/${c.id}/remedies`, { type: 'refund', amount: 20, currency: 'EUR' });
    expect(proposed.body.remedy.status).toBe('approved');
    const id = proposed.body.remedy.id as string;
    await agent.post(`/api/remedies/${id}/issue`);
    const asked = await mail((m) => m.to.includes(c.email) && m.subject.includes('我们为您准备的补偿'));
    expect(asked.text).toContain('我们已请支付团队将 20 EUR 退回您的原支付方式');
    const failed = await report(id, { status: 'failed', note: 'card expired' });
    expect(failed.status).toBe(200);
    expect((await portal(c))[0]).toMatchObject({ fulfilment: 'failed' });
    await mail((m) => m.to.includes(c.email) && m.subject.includes('您的补偿尚未完成'));
    expect((await report(id, { status: 'fulfilled' })).status).toBe(200);
    expect((await portal(c))[0]).toMatchObject({ fulfilment: 'fulfilled' });
    await mail((m) => m.to.includes(c.email) && m.text.includes('我们已将 20 EUR 退回您的原支付方式'));
  });

  it('is documented in OpenAPI, with the webhook payloads as `webhooks`', async () => {
    const doc = (await request(t.url).get('/api/openapi.json')).body;
    expect(doc.paths['/api/remedies/{id}/fulfilment'].post.security).toEqual([{ shopApiKey: [] }]);
    expect(doc.webhooks['remedy.fulfilled'].post.requestBody.content['application/json'].schema.properties.type).toEqual({ const: 'remedy.fulfilled' });
    expect(Object.keys(doc.webhooks)).toEqual(
      expect.arrayContaining(['complaint.filed', 'complaint.replied', 'remedy.issued', 'voucher.redeemed', 'webhook.test']),
    );
  });

  it('refuses remedies nothing else carries out, and unknown ids', async () => {
    const c = await file();
    const apology = await agent.post(`/api/complaints/${c.id}/remedies/apology`);
    expect(apology.status).toBe(200);
    const res = await report(apology.body.remedy.id, { status: 'fulfilled' });
    expect(res.status).toBe(409);
    expect(res.body.error.id).toBe('invalid_state');
    expect((await report('0123456789abcdef01234567', { status: 'fulfilled' })).status).toBe(404);
  });
});
