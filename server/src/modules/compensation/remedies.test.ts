import request from 'supertest';
import { defaultCompensationRules, type CompensationRule } from '@redress/shared';
import { FakeClock, startTestServer, type TestServer } from '../../../../test/support/harness';
import { complaintBody, createTeam, createUser, login, type StaffClient } from '../../../../test/support/factories';
import type { RemedyView } from '@redress/shared';
import { writeComplaint } from '../../../../test/support/changes';
import { ComplaintEvent } from '../complaints/complaintEvent.model';
import { deliverDueMail } from '../notifications/outbox';
import { Remedy, RemedyAudit } from './compensation.models';

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

const clock = new FakeClock(new Date('2026-03-02T09:00:00Z'));
let t: TestServer;
let agent: StaffClient;
let thrifty: StaffClient;
let sup: StaffClient;

beforeAll(async () => {
  t = await startTestServer({
    clock,
    env: { LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent' },
  });
  const team = await createTeam();
  const [a, b, s] = await Promise.all([
    createUser('agent', {
      teamIds: [team._id],
      name: 'Ann Agent',
      remedyLimits: { perRemedy: 50, perDay: 200 },
    }),
    createUser('agent', {
      teamIds: [team._id],
      name: 'Tim Thrifty',
      remedyLimits: { perRemedy: 50, perDay: 60 },
    }),
    createUser('supervisor', { teamIds: [team._id], name: 'Sue Supervisor' }),
  ]);
  [agent, thrifty, sup] = await Promise.all([login(t.url, a.email), login(t.url, b.email), login(t.url, s.email)]);
});
afterAll(async () => {
  await t.close();
});

describe('suggestions', () => {
  it('are stored when a complaint is filed, with reason and rule version, once however often re-evaluated', async () => {
    const c = await fileComplaint(t, {
      category: 'delivery_delay',
      amount: 100,
      currency: 'EUR',
    });
    const items = await remediesOf(agent, c.id);
    expect(items.map((r) => [r.type, r.amount, r.ruleKey, r.ruleVersion, r.status])).toEqual([
      ['apology', 0, 'outcome_refund_partial', 1, 'suggested'],
      ['refund', 20, 'outcome_refund_partial', 1, 'suggested'],
    ]);
    expect(items[1]!.reason).toMatch(/20% of the order 100/);
    for (let i = 0; i < 3; i++) expect((await agent.post(`/api/complaints/${c.id}/remedies/suggest`)).status).toBe(200);
    await writeComplaint(c.id, {}, { type: 'categorised' });
    await t.settle();
    expect(await Remedy.countDocuments({ complaintId: c.id })).toBe(2);
    expect(
      await RemedyAudit.countDocuments({
        complaintId: c.id,
        action: 'suggested',
      }),
    ).toBe(2);
    const timeline = await ComplaintEvent.find({
      complaintId: c.id,
      type: 'remedy',
    }).lean();
    expect(timeline.every((e) => e.visibility === 'internal')).toBe(true);
  });

  it('an SLA breach raises a still-suggested remedy in place and adds the breach voucher', async () => {
    const c = await fileComplaint(t, {
      category: 'delivery_delay',
      amount: 100,
      currency: 'EUR',
    });
    // Record the outcome as the SLA module does, with its change on the feed.
    await writeComplaint(
      c.id,
      {
        'sla.outcome.resolution': 'breached',
        'sla.outcome.resolutionBreachedByMs': 3 * 3_600_000,
      },
      {
        type: 'sla_alert',
        clock: 'resolution',
        kind: 'breach',
        generation: 0,
        breachedByMs: 3 * 3_600_000,
      },
    );
    await t.settle();
    const items = await remediesOf(agent, c.id);
    expect(items.find((r) => r.type === 'refund')).toMatchObject({
      amount: 25,
      suggestedAmount: 25,
      trigger: 'sla_breached',
      status: 'suggested',
    });
    expect(items.find((r) => r.type === 'voucher')).toMatchObject({
      amount: 12.5,
      ruleKey: 'outcome_breach_gesture',
    });
    expect(await Remedy.countDocuments({ complaintId: c.id })).toBe(3);
  });
});

describe('rules', () => {
  const rule = (): CompensationRule => structuredClone(defaultCompensationRules.find((r) => r.key === 'outcome_refund_partial')!);

  it('lists the defaults as version 1, saves a change as a new version, and new suggestions cite it', async () => {
    const list = await sup.get('/api/compensation/rules');
    expect(list.status).toBe(200);
    expect(list.body.items.map((r: { key: string }) => r.key)).toEqual(defaultCompensationRules.map((r) => r.key));
    expect(list.body.items.every((r: { version: number }) => r.version === 1)).toBe(true);
    expect((await agent.get('/api/compensation/rules')).status).toBe(403);

    const c = await fileComplaint(t, {
      category: 'service_outage',
      amount: 200,
      currency: 'EUR',
    });
    expect(await remedyOf(agent, c.id, 'refund')).toMatchObject({
      amount: 40,
      ruleVersion: 1,
    });

    const changed = rule();
    (changed.remedies[1]!.amount.base as { percent: number }).percent = 30;
    const saved = await sup.put('/api/compensation/rules/outcome_refund_partial', { rule: changed });
    expect(saved.status).toBe(201);
    expect(saved.body.rule).toMatchObject({
      key: 'outcome_refund_partial',
      version: 2,
      createdBy: { name: 'Sue Supervisor' },
    });
    const versions = await sup.get('/api/compensation/rules/outcome_refund_partial/versions');
    expect(versions.body.items.map((v: { version: number }) => v.version)).toEqual([2, 1]);

    await agent.post(`/api/complaints/${c.id}/remedies/suggest`);
    expect(await remedyOf(agent, c.id, 'refund')).toMatchObject({
      amount: 60,
      ruleVersion: 2,
      trigger: 'agent',
    });

    const bad = await sup.put('/api/compensation/rules/outcome_refund_partial', { rule: { ...changed, key: 'other_key' } });
    expect(bad.status).toBe(400);
    const invalid = await sup.put('/api/compensation/rules/outcome_refund_partial', { rule: { ...changed, remedies: [] } });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.fields[0].path).toBe('rule.remedies');
    // Back to the default amounts (as version 3) for the tests below.
    expect(
      (
        await sup.put('/api/compensation/rules/outcome_refund_partial', {
          rule: rule(),
        })
      ).body.rule.version,
    ).toBe(3);
  });

  it('previews what a rule would have offered on the recent complaints', async () => {
    const r = rule();
    const res = await sup.post('/api/compensation/rules/preview', {
      rule: { ...r, key: 'preview_me', active: false },
    });
    expect(res.status).toBe(200);
    expect(res.body.considered).toBe(3);
    expect(res.body.matched).toBe(3); // the delivery_delay and service_outage complaints above
    expect(res.body.totals).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'refund', currency: 'EUR', count: 3 })]));
    expect(res.body.samples[0].suggestions[0].reason).toMatch(/preview_me v0/);
  });
});

describe('requesting, approving and issuing', () => {
  it('an apology is always available: no approval, issued as a public message and an email', async () => {
    const c = await fileComplaint(t, { category: 'other' });
    const apology = await remedyOf(agent, c.id, 'apology');
    expect(apology.ruleKey).toBe('process_gesture'); // no order amount: the voucher is left out, the apology stays
    const req = await agent.post(`/api/remedies/${apology.id}/request`, {});
    expect(req.body).toMatchObject({
      autoApproved: true,
      remedy: { status: 'approved' },
    });
    const issued = await agent.post(`/api/remedies/${apology.id}/issue`);
    expect(issued.body.remedy).toMatchObject({
      status: 'issued',
      issuedBy: { name: 'Ann Agent' },
      voucher: null,
    });
    const pub = await ComplaintEvent.findOne({
      complaintId: c.id,
      type: 'remedy',
      visibility: 'public',
    }).lean();
    expect(pub?.body).toMatch(/apology/);
    await deliverDueMail();
    const mail = await t.waitForMail((m) => m.to.includes(c.email) && /Our apology/.test(m.subject));
    expect(mail.text).toMatch(/We are sorry/);
  });

  it('above the agent’s per-remedy limit the remedy waits for a supervisor, who may change the amount', async () => {
    const c = await fileComplaint(t, {
      category: 'delivery_delay',
      amount: 400,
      currency: 'EUR',
    });
    const refund = await remedyOf(agent, c.id, 'refund');
    expect(refund.amount).toBe(80);
    const req = await agent.post(`/api/remedies/${refund.id}/request`, {
      note: 'customer missed a wedding',
    });
    expect(req.body).toMatchObject({
      autoApproved: false,
      remedy: {
        status: 'pending_approval',
        approvalReason: 'per_remedy_limit',
        requestNote: 'customer missed a wedding',
      },
    });
    expect((await agent.post(`/api/remedies/${refund.id}/request`, {})).status).toBe(409);
    expect((await agent.post(`/api/remedies/${refund.id}/approve`, {})).status).toBe(403);

    const queue = await sup.get('/api/remedies');
    expect(queue.body.items.map((r: { id: string }) => r.id)).toContain(refund.id);
    const tooMuch = await sup.post(`/api/remedies/${refund.id}/approve`, {
      amount: 500,
    });
    expect(tooMuch.status).toBe(400); // a refund never exceeds the order
    const ok = await sup.post(`/api/remedies/${refund.id}/approve`, {
      amount: 70,
      reason: 'partial delivery arrived',
    });
    expect(ok.body.remedy).toMatchObject({
      status: 'approved',
      amount: 70,
      decidedBy: { name: 'Sue Supervisor' },
    });
    expect(
      (
        await sup.post(`/api/remedies/${refund.id}/decline`, {
          reason: 'too late',
        })
      ).status,
    ).toBe(409);
    const actions = (await RemedyAudit.find({ remedyId: refund.id }).sort({ at: 1, _id: 1 }).lean()).map((a) => a.action);
    expect(actions).toEqual(['suggested', 'requested', 'pending_approval', 'approved']);
  });

  it('within the limits it is approved at once; the day limit sends the rest to a supervisor', async () => {
    const first = await fileComplaint(t, {
      category: 'delivery_delay',
      amount: 200,
      currency: 'EUR',
    });
    const second = await fileComplaint(t, {
      category: 'delivery_delay',
      amount: 150,
      currency: 'EUR',
    });
    const r1 = await remedyOf(thrifty, first.id, 'refund');
    const r2 = await remedyOf(thrifty, second.id, 'refund');
    expect((await thrifty.post(`/api/remedies/${r1.id}/request`, {})).body).toMatchObject({ autoApproved: true, remedy: { amount: 40 } });
    expect((await thrifty.post(`/api/remedies/${r2.id}/request`, {})).body).toMatchObject({
      autoApproved: false,
      remedy: { approvalReason: 'per_day_limit' },
    });
    clock.advance(24 * 3_600_000); // a new day for the agent
    const third = await fileComplaint(t, {
      category: 'delivery_delay',
      amount: 100,
      currency: 'EUR',
    });
    const r3 = await remedyOf(thrifty, third.id, 'refund');
    expect((await thrifty.post(`/api/remedies/${r3.id}/request`, {})).body.autoApproved).toBe(true);
  });

  it('a supervisor declines with a reason; a declined remedy cannot be issued', async () => {
    const c = await fileComplaint(t, {
      category: 'delivery_delay',
      amount: 400,
      currency: 'EUR',
    });
    const refund = await remedyOf(agent, c.id, 'refund');
    await agent.post(`/api/remedies/${refund.id}/request`, {});
    expect((await sup.post(`/api/remedies/${refund.id}/decline`, {})).status).toBe(400);
    const res = await sup.post(`/api/remedies/${refund.id}/decline`, {
      reason: 'already refunded by the courier',
    });
    expect(res.body.remedy).toMatchObject({
      status: 'declined',
      decisionReason: 'already refunded by the courier',
    });
    expect((await agent.post(`/api/remedies/${refund.id}/issue`)).status).toBe(409);
  });
});

describe('customer view and audit', () => {
  it('the tracking page lists issued remedies only, behind the token', async () => {
    const c = await fileComplaint(t, {
      category: 'waiting_time',
      amount: 100,
      currency: 'EUR',
    });
    const voucher = await remedyOf(agent, c.id, 'voucher');
    await agent.post(`/api/remedies/${voucher.id}/request`, {});
    const url = `/api/portal/complaints/${c.reference}/remedies`;
    expect((await request(t.url).get(url).set('X-Tracking-Token', c.token)).body.items).toEqual([]);
    const issued = await agent.post(`/api/remedies/${voucher.id}/issue`);
    const res = await request(t.url).get(url).set('X-Tracking-Token', c.token);
    expect(res.body.items).toEqual([
      expect.objectContaining({
        type: 'voucher',
        amount: 10,
        currency: 'EUR',
        status: 'issued',
        voucher: expect.objectContaining({
          code: issued.body.remedy.voucher.code,
          redeemed: false,
        }),
      }),
    ]);
    expect((await request(t.url).get(url).set('X-Tracking-Token', 'wrong')).status).toBe(404);
    expect((await request(t.url).get(url)).status).toBe(404);
    expect((await request(t.url).get('/api/portal/complaints/NOPE-1/remedies').set('X-Tracking-Token', c.token)).status).toBe(404);
  });

  it('exports the audit trail as CSV for supervisors', async () => {
    const res = await sup.get('/api/compensation/audit.csv?from=2026-03-01&to=2026-03-31');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/csv/);
    const lines = res.text.trim().split('\r\n');
    expect(lines[0]).toBe('at,reference,remedy_id,action,actor_kind,actor_id,actor_name,type,amount,currency,rule_key,rule_version,detail');
    expect(lines.some((l) => l.includes(',issued,') && l.includes('Ann Agent'))).toBe(true);
    expect(lines.some((l) => l.includes(',approved,') && l.includes('Sue Supervisor'))).toBe(true);
    expect((await sup.get('/api/compensation/audit.csv?from=2020-01-01&to=2020-01-31')).text.trim().split('\r\n')).toHaveLength(1);
    expect((await agent.get('/api/compensation/audit.csv')).status).toBe(403);
  });
});
