import request from 'supertest';
import { FakeClock, startTestServer, type TestServer } from '../../../../test/support/harness';
import { complaintBody, createTeam, createUser, login, type StaffClient } from '../../../../test/support/factories';
import type { RemedyView } from '@redress/shared';
import { OutboxMail } from '../notifications/outbox.model';
import { Budget, Remedy, Voucher } from './compensation.models';

export interface FiledComplaint {
  id: string;
  reference: string;
  token: string;
  email: string;
}

/** File a complaint through the public API. */
export async function fileComplaint(t: TestServer, over: Record<string, unknown> = {}): Promise<FiledComplaint> {
  const body = complaintBody(over);
  const res = await request(t.url).post('/api/complaints').send(body);
  if (res.status !== 201) throw new Error(`filing failed: ${res.status} ${JSON.stringify(res.body)}`);
  return {
    id: res.body.id,
    reference: res.body.reference,
    token: String(res.body.trackingUrl).split('#t=')[1]!,
    email: (body.customer as { email: string }).email,
  };
}

/** The complaint's remedies as staff see them. */
export async function remediesOf(staff: StaffClient, complaintId: string): Promise<RemedyView[]> {
  const res = await staff.get(`/api/complaints/${complaintId}/remedies`);
  if (res.status !== 200) throw new Error(`remedies failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.items as RemedyView[];
}

/** The complaint's remedy of one type (throws when missing). */
export async function remedyOf(staff: StaffClient, complaintId: string, type: string): Promise<RemedyView> {
  const r = (await remediesOf(staff, complaintId)).find((x) => x.type === type);
  if (!r) throw new Error(`no ${type} remedy on ${complaintId}`);
  return r;
}

const SHOP_KEY = 'test-shop-key-0123456789';
const clock = new FakeClock(new Date('2026-03-02T09:00:00Z'));
let t: TestServer;
let agent: StaffClient;
let sup1: StaffClient;
let sup2: StaffClient;

beforeAll(async () => {
  t = await startTestServer({
    clock,
    env: {
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      SHOP_API_KEY: SHOP_KEY,
    },
  });
  // waiting_time complaints (process failures) route to this team; 300 EUR orders get a 30 EUR voucher.
  const team = await createTeam({ categories: ['waiting_time'] });
  // An agent whose every money remedy needs a supervisor, so the approvals are what spends the budget.
  const a = await createUser('agent', {
    teamIds: [team._id],
    remedyLimits: { perRemedy: 10, perDay: 1000 },
  });
  const [s1, s2] = await Promise.all([createUser('supervisor', { teamIds: [team._id] }), createUser('supervisor', { teamIds: [team._id] })]);
  [agent, sup1, sup2] = await Promise.all([login(t.url, a.email), login(t.url, s1.email), login(t.url, s2.email)]);
  const put = await sup1.put('/api/compensation/budgets', {
    items: [{ period: '2026-03', scope: 'team', scopeKey: team.key, limit: 100 }],
  });
  expect(put.status).toBe(200);
});
afterAll(async () => {
  await t.close();
});

/** A waiting_time complaint whose 30 EUR voucher the agent has requested (pending approval). */
async function pendingVoucher(): Promise<{
  complaintId: string;
  remedyId: string;
  reference: string;
  token: string;
  email: string;
}> {
  const c = await fileComplaint(t, {
    category: 'waiting_time',
    amount: 300,
    currency: 'EUR',
  });
  const v = await remedyOf(agent, c.id, 'voucher');
  expect(v).toMatchObject({
    status: 'suggested',
    amount: 30,
    ruleKey: 'process_gesture',
    ruleVersion: 1,
  });
  const req = await agent.post(`/api/remedies/${v.id}/request`, {
    note: 'customer waited 3 weeks',
  });
  expect(req.status).toBe(200);
  expect(req.body).toMatchObject({
    autoApproved: false,
    remedy: { status: 'pending_approval', approvalReason: 'per_remedy_limit' },
  });
  return {
    complaintId: c.id,
    remedyId: v.id,
    reference: c.reference,
    token: c.token,
    email: c.email,
  };
}

describe('budgets under concurrent approvals', () => {
  it('budget 100, ten remedies of 30 approved at once: exactly 3 approved, never overspent', async () => {
    const pending = [];
    for (let i = 0; i < 10; i++) pending.push(await pendingVoucher());
    const results = await Promise.all(
      pending.map((p, i) =>
        (i % 2 ? sup1 : sup2).post(`/api/remedies/${p.remedyId}/approve`, {
          reason: 'fair',
        }),
      ),
    );
    const ok = results.filter((r) => r.status === 200);
    const refused = results.filter((r) => r.status === 409);
    expect(ok).toHaveLength(3);
    expect(refused).toHaveLength(7);
    for (const r of refused) expect(r.body.error.id).toBe('budget_exceeded');
    const budget = (await Budget.findOne({
      period: '2026-03',
      scope: 'team',
    }).lean())!;
    expect(budget.spent).toBe(90);
    expect(budget.remaining).toBe(10);
    expect(
      await Remedy.countDocuments({
        _id: { $in: pending.map((p) => p.remedyId) },
        status: 'approved',
      }),
    ).toBe(3);
    expect(
      await Remedy.countDocuments({
        _id: { $in: pending.map((p) => p.remedyId) },
        status: 'pending_approval',
      }),
    ).toBe(7);

    const listed = await sup1.get('/api/compensation/budgets?period=2026-03');
    expect(listed.body.items).toEqual([
      expect.objectContaining({
        scope: 'team',
        limit: 100,
        spent: 90,
        remaining: 10,
      }),
    ]);

    // Raising the limit keeps what was spent: now one more fits.
    await sup1.put('/api/compensation/budgets', {
      items: [
        {
          period: '2026-03',
          scope: 'team',
          scopeKey: budget.scopeKey,
          limit: 130,
        },
      ],
    });
    const stillPending = pending.find((p) => !ok.some((o) => o.body.remedy.id === p.remedyId))!;
    const again = await sup1.post(`/api/remedies/${stillPending.remedyId}/approve`, {});
    expect(again.status).toBe(200);
    const after = (await Budget.findOne({
      period: '2026-03',
      scope: 'team',
    }).lean())!;
    expect(after).toMatchObject({ limit: 130, spent: 120, remaining: 10 });
  });

  it('two supervisors approving the same remedy together: one 200, one 409, budget taken once', async () => {
    await sup1.put('/api/compensation/budgets', {
      items: [
        {
          period: '2026-03',
          scope: 'team',
          scopeKey: (await Budget.findOne({ scope: 'team' }).lean())!.scopeKey,
          limit: 1000,
        },
      ],
    });
    const before = (await Budget.findOne({ scope: 'team' }).lean())!;
    const p = await pendingVoucher();
    const [a, b] = await Promise.all([sup1.post(`/api/remedies/${p.remedyId}/approve`, {}), sup2.post(`/api/remedies/${p.remedyId}/approve`, {})]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    expect([a, b].find((r) => r.status === 409)!.body.error.id).toBe('invalid_state');
    const after = (await Budget.findOne({ scope: 'team' }).lean())!;
    expect(after.spent - before.spent).toBe(30);
  });
});

describe('issuing exactly once', () => {
  it('replayed and concurrent issue requests issue one voucher, send one email', async () => {
    const p = await pendingVoucher();
    expect(
      (
        await sup1.post(`/api/remedies/${p.remedyId}/approve`, {
          amount: 35,
          reason: 'loyal customer',
        })
      ).status,
    ).toBe(200);
    const results = await Promise.all([...Array(6)].map((_, i) => (i % 3 === 0 ? sup1 : i % 3 === 1 ? sup2 : agent).post(`/api/remedies/${p.remedyId}/issue`)));
    for (const r of results) expect(r.status).toBe(200);
    const codes = new Set(results.map((r) => r.body.remedy.voucher.code));
    expect(codes.size).toBe(1);
    const [code] = [...codes];
    expect(code).toMatch(/^RDR(-[0-9A-Z]{4}){4}$/);
    expect(results.filter((r) => r.headers['idempotent-replayed'] === 'false')).toHaveLength(1);
    const replay = await agent.post(`/api/remedies/${p.remedyId}/issue`);
    expect(replay.status).toBe(200);
    expect(replay.body.remedy).toMatchObject({
      status: 'issued',
      amount: 35,
      voucher: { code },
    });
    expect(await Voucher.countDocuments({ remedyId: p.remedyId })).toBe(1);
    expect(await OutboxMail.countDocuments({ parts: p.remedyId })).toBe(1);
    const voucher = (await Voucher.findOne({ code }).lean())!;
    expect(voucher.expiresAt.toISOString()).toBe('2026-05-31T09:00:00.000Z'); // 90 days
  });

  it('refuses to issue what is not approved', async () => {
    const p = await pendingVoucher();
    const res = await agent.post(`/api/remedies/${p.remedyId}/issue`);
    expect(res.status).toBe(409);
    expect(res.body.error.id).toBe('invalid_state');
  });
});

describe('voucher redemption by the shop', () => {
  async function issuedVoucher(): Promise<string> {
    const p = await pendingVoucher();
    expect((await sup1.post(`/api/remedies/${p.remedyId}/approve`, {})).status).toBe(200);
    const issued = await agent.post(`/api/remedies/${p.remedyId}/issue`);
    return issued.body.remedy.voucher.code as string;
  }
  const redeem = (code: string, key: string | null = SHOP_KEY) => {
    const r = request(t.url).post(`/api/vouchers/${code}/redeem`);
    if (key) r.set('X-Api-Key', key);
    return r.send({ orderRef: 'SO-1' });
  };

  it('concurrent redemptions redeem once', async () => {
    const code = await issuedVoucher();
    const results = await Promise.all([...Array(8)].map(() => redeem(code)));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    const refused = results.filter((r) => r.status === 409);
    expect(refused).toHaveLength(7);
    for (const r of refused) expect(r.body.error.id).toBe('voucher_redeemed');
    expect((await Voucher.findOne({ code }).lean())!.redeemedOrderRef).toBe('SO-1');
  });

  it('refuses unknown, expired and unauthenticated redemptions', async () => {
    const code = await issuedVoucher();
    expect((await redeem('RDR-0000-0000-0000-0000')).status).toBe(404);
    expect((await redeem('nonsense')).status).toBe(404);
    expect((await redeem(code, null)).status).toBe(401);
    expect((await redeem(code, 'wrong-key-wrong-key-wrong')).status).toBe(401);
    const env = t.server.services.env as { SHOP_API_KEY?: string };
    env.SHOP_API_KEY = undefined;
    const off = await redeem(code);
    env.SHOP_API_KEY = SHOP_KEY;
    expect(off.status).toBe(503);
    expect(off.body.error.message).toMatch(/SHOP_API_KEY/);
    clock.advance(91 * 86_400_000);
    const expired = await redeem(code);
    expect(expired.status).toBe(409);
    expect(expired.body.error.id).toBe('voucher_expired');
  });
});
