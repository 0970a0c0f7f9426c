/**
 * Agents propose any remedy within their limits, send an apology in one idempotent step, remedies
 * issued together make one email, budgets and spend are kept per currency, and the audit trail
 * can be read page by page with filters.
 */
import request from 'supertest';
import type { RemedyView } from '@redress/shared';
import { FakeClock, startTestServer, type TestServer } from '../../../../test/support/harness';
import { complaintBody, createTeam, createUser, login, type StaffClient } from '../../../../test/support/factories';
import { deliverDueMail } from '../notifications/outbox';
import { OutboxMail } from '../notifications/outbox.model';
import { Budget, Remedy } from './compensation.models';

interface FiledComplaint {
  id: string;
  reference: string;
  email: string;
}

async function fileComplaint(t: TestServer, over: Record<string, unknown> = {}): Promise<FiledComplaint> {
  const body = complaintBody(over);
  const res = await request(t.url).post('/api/complaints').send(body);
  if (res.status !== 201) throw new Error(`filing failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.body.id, reference: res.body.reference, email: (body.customer as { email: string }).email };
}

async function remedyOf(staff: StaffClient, complaintId: string, type: string): Promise<RemedyView> {
  const res = await staff.get(`/api/complaints/${complaintId}/remedies`);
  const r = (res.body.items as RemedyView[]).find((x) => x.type === type);
  if (!r) throw new Error(`no ${type} remedy on ${complaintId}: ${res.status} ${JSON.stringify(res.body)}`);
  return r;
}

const clock = new FakeClock(new Date('2026-03-02T09:00:00Z'));
let t: TestServer;
let agent: StaffClient;
let sup: StaffClient;
let agentId: string;
let teamKey: string;

beforeAll(async () => {
  t = await startTestServer({ clock });
  const team = await createTeam();
  teamKey = team.key;
  const [a, s] = await Promise.all([
    createUser('agent', { teamIds: [team._id], name: 'Pia Proposer', remedyLimits: { perRemedy: 400, perDay: 2000 } }),
    createUser('supervisor', { teamIds: [team._id], name: 'Sue Supervisor' }),
  ]);
  [agent, sup] = await Promise.all([login(t.url, a.email), login(t.url, s.email)]);
  agentId = agent.userId;
});
afterAll(async () => {
  await t.close();
});

describe('an agent proposes a remedy', () => {
  it('within their limits it is approved at once; above them it waits for a supervisor', async () => {
    const c = await fileComplaint(t, { category: 'other' });
    const within = await agent.post(`/api/complaints/${c.id}/remedies`, { type: 'voucher', amount: 25, currency: 'EUR', note: 'goodwill' });
    expect(within.status).toBe(201);
    expect(within.body).toMatchObject({
      autoApproved: true,
      remedy: { type: 'voucher', status: 'approved', amount: 25, currency: 'EUR', requestNote: 'goodwill' },
    });
    const above = await agent.post(`/api/complaints/${c.id}/remedies`, { type: 'refund', amount: 450, currency: 'EUR' });
    expect(above.status).toBe(201);
    expect(above.body).toMatchObject({ autoApproved: false, remedy: { status: 'pending_approval', approvalReason: 'per_remedy_limit' } });
    const queue = await sup.get('/api/remedies');
    expect(queue.body.items.map((r: RemedyView) => r.id)).toContain(above.body.remedy.id);
    // Points carry no currency and need no budget.
    const points = await agent.post(`/api/complaints/${c.id}/remedies`, { type: 'points', amount: 500 });
    expect(points.body).toMatchObject({
      autoApproved: true,
      remedy: { type: 'points', currency: null, amount: 500, ruleKey: 'agent_proposal', trigger: 'agent', reason: 'Proposed by Pia Proposer' },
    });
    // One remedy per type: a second voucher is a conflict.
    expect((await agent.post(`/api/complaints/${c.id}/remedies`, { type: 'voucher', amount: 5, currency: 'EUR' })).status).toBe(409);
  });

  it('takes up a still-suggested remedy of the same type with the agent’s amount and currency', async () => {
    const c = await fileComplaint(t, { category: 'delivery_delay', amount: 100, currency: 'EUR' });
    const suggested = await remedyOf(agent, c.id, 'refund');
    expect(suggested.status).toBe('suggested');
    const res = await agent.post(`/api/complaints/${c.id}/remedies`, { type: 'refund', amount: 15, currency: 'EUR' });
    expect(res.status).toBe(201);
    expect(res.body.remedy).toMatchObject({ id: suggested.id, status: 'approved', amount: 15 });
  });

  it('says which field is wrong', async () => {
    const c = await fileComplaint(t, { category: 'other' });
    const noCurrency = await agent.post(`/api/complaints/${c.id}/remedies`, { type: 'voucher', amount: 10 });
    expect(noCurrency.status).toBe(400);
    expect(noCurrency.body.error.fields).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'currency' })]));
    const noAmount = await agent.post(`/api/complaints/${c.id}/remedies`, { type: 'refund', currency: 'EUR' });
    expect(noAmount.status).toBe(400);
    expect(noAmount.body.error.fields).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'amount' })]));
    const badType = await agent.post(`/api/complaints/${c.id}/remedies`, { type: 'cash', amount: 10, currency: 'EUR' });
    expect(badType.status).toBe(400);
  });
});

describe('sending an apology', () => {
  it('is one step, idempotent: two concurrent requests make one issued apology and one email', async () => {
    const c = await fileComplaint(t, { category: 'other' });
    const [a, b] = await Promise.all([agent.post(`/api/complaints/${c.id}/remedies/apology`, {}), agent.post(`/api/complaints/${c.id}/remedies/apology`, {})]);
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    expect(a.body.remedy.id).toBe(b.body.remedy.id);
    expect(a.body.remedy.status).toBe('issued');
    expect([a.headers['idempotent-replayed'], b.headers['idempotent-replayed']].sort()).toEqual(['false', 'true']);
    expect(await Remedy.countDocuments({ complaintId: c.id, type: 'apology' })).toBe(1);
    // A third click later changes nothing.
    const again = await agent.post(`/api/complaints/${c.id}/remedies/apology`, {});
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(await OutboxMail.countDocuments({ complaintId: c.id, parts: a.body.remedy.id })).toBe(1);
    await deliverDueMail();
    await t.waitForMail((m) => m.to.includes(c.email) && /Our apology/.test(m.subject));
    await new Promise((r) => setTimeout(r, 300));
    const mails = (await t.caughtMail()).filter((m) => m.to.includes(c.email) && /Our apology|Putting things right/.test(m.subject));
    expect(mails).toHaveLength(1);
  });

  it('completes an apology left approved but unsent', async () => {
    const c = await fileComplaint(t, { category: 'other' });
    const apology = await remedyOf(agent, c.id, 'apology');
    expect((await agent.post(`/api/remedies/${apology.id}/request`, {})).body.remedy.status).toBe('approved');
    const res = await agent.post(`/api/complaints/${c.id}/remedies/apology`, {});
    expect(res.body.remedy).toMatchObject({ id: apology.id, status: 'issued' });
  });

  it('an apology and a voucher issued together reach the customer as one email', async () => {
    const c = await fileComplaint(t, { category: 'other' });
    const voucher = await agent.post(`/api/complaints/${c.id}/remedies`, { type: 'voucher', amount: 20, currency: 'EUR' });
    expect(voucher.body.remedy.status).toBe('approved');
    expect((await agent.post(`/api/complaints/${c.id}/remedies/apology`, {})).status).toBe(200);
    expect((await agent.post(`/api/remedies/${voucher.body.remedy.id}/issue`, {})).status).toBe(200);
    expect(await OutboxMail.countDocuments({ complaintId: c.id, mergeKey: { $ne: null } })).toBe(1);
    await deliverDueMail();
    const mail = await t.waitForMail((m) => m.to.includes(c.email) && /Putting things right/.test(m.subject));
    expect(mail.text.match(/We are sorry/g)).toHaveLength(1);
    expect(mail.text).toContain('voucher worth 20 EUR');
    await new Promise((r) => setTimeout(r, 300));
    expect((await t.caughtMail()).filter((m) => m.to.includes(c.email) && /Our apology|Putting things right/.test(m.subject))).toHaveLength(1);
  });
});

describe('budgets per currency', () => {
  it('charges each remedy to the budget of its own currency and reports spend per currency', async () => {
    const period = '2026-03';
    const put = await sup.put('/api/compensation/budgets', {
      items: [
        { period, scope: 'team', scopeKey: teamKey, currency: 'EUR', limit: 100 },
        { period, scope: 'team', scopeKey: teamKey, currency: 'CNY', limit: 1000 },
      ],
    });
    expect(put.status).toBe(200);
    const mine = (put.body.items as { scopeKey: string; currency: string; limit: number }[]).filter((b) => b.scopeKey === teamKey);
    expect(mine.map((b) => [b.currency, b.limit]).sort()).toEqual([
      ['CNY', 1000],
      ['EUR', 100],
    ]);

    const eur = await fileComplaint(t, { category: 'other' });
    const cny = await fileComplaint(t, { category: 'other', language: 'zh' });
    expect((await agent.post(`/api/complaints/${eur.id}/remedies`, { type: 'voucher', amount: 80, currency: 'EUR' })).body.autoApproved).toBe(true);
    // 300 CNY is more than the 20 EUR left, but it is charged to the CNY line.
    expect((await agent.post(`/api/complaints/${cny.id}/remedies`, { type: 'refund', amount: 300, currency: 'CNY' })).body.autoApproved).toBe(true);
    const over = await agent.post(`/api/complaints/${eur.id}/remedies`, { type: 'surprise_gift', amount: 30, currency: 'EUR' });
    expect(over.body).toMatchObject({ autoApproved: false, remedy: { approvalReason: 'budget' } });

    const lines = await Budget.find({ period, scope: 'team', scopeKey: teamKey }).lean();
    const byCurrency = Object.fromEntries(lines.map((l) => [l.currency, { spent: l.spent, remaining: l.remaining }]));
    expect(byCurrency).toEqual({ EUR: { spent: 80, remaining: 20 }, CNY: { spent: 300, remaining: 700 } });

    // The supervisor's approval is refused by the EUR line, whatever the CNY line has left.
    const approve = await sup.post(`/api/remedies/${over.body.remedy.id}/approve`, {});
    expect(approve.status).toBe(409);
    expect(approve.body.error.message).toMatch(/EUR/);

    const overview = await sup.get('/api/metrics/overview?from=2026-03-01&to=2026-03-03');
    expect(overview.status).toBe(200);
    const spend = Object.fromEntries((overview.body.recovery.spend as { currency: string; amount: number }[]).map((s) => [s.currency, s.amount]));
    expect(spend.CNY).toBe(300);
    expect(spend.EUR).toBeGreaterThanOrEqual(80);
    expect(overview.body.recovery.budgets).toEqual(
      expect.arrayContaining([{ currency: 'CNY', limit: 1000, spent: 300 }, expect.objectContaining({ currency: 'EUR', limit: 100 })]),
    );
    expect(overview.body.recovery.byType).toEqual(
      expect.arrayContaining([expect.objectContaining({ type: 'refund', currency: 'CNY', count: 1, amount: 300 })]),
    );
  });
});

describe('the audit view', () => {
  it('pages the trail with the CSV’s filters: complaint, staff member, type, period', async () => {
    const c = await fileComplaint(t, { category: 'other' });
    await agent.post(`/api/complaints/${c.id}/remedies`, { type: 'voucher', amount: 10, currency: 'EUR' });
    await agent.post(`/api/complaints/${c.id}/remedies/apology`, {});

    const byComplaint = await sup.get(`/api/compensation/audit?complaint=${c.reference}&pageSize=2`);
    expect(byComplaint.status).toBe(200);
    expect(byComplaint.body.total).toBeGreaterThan(2);
    expect(byComplaint.body.items).toHaveLength(2);
    expect(byComplaint.body.items.every((r: { reference: string }) => r.reference === c.reference)).toBe(true);
    const page2 = await sup.get(`/api/compensation/audit?complaint=${c.reference}&pageSize=2&page=2`);
    expect(page2.body.items[0].id).not.toBe(byComplaint.body.items[0].id);

    const vouchers = await sup.get(`/api/compensation/audit?complaint=${c.reference}&type=voucher&agent=${agentId}`);
    expect(vouchers.body.items.length).toBeGreaterThan(0);
    for (const r of vouchers.body.items) expect(r).toMatchObject({ type: 'voucher', actor: { id: agentId } });

    expect((await sup.get('/api/compensation/audit?from=2030-01-01')).body.total).toBe(0);
    expect((await sup.get('/api/compensation/audit?type=cash')).status).toBe(400);
    expect((await agent.get('/api/compensation/audit')).status).toBe(403);

    const csv = await sup.get(`/api/compensation/audit.csv?complaint=${c.reference}&type=voucher`);
    expect(csv.status).toBe(200);
    const lines = csv.text.trim().split('\n').slice(1);
    expect(lines.length).toBeGreaterThan(0);
    for (const l of lines) expect(l).toContain(c.reference);
    expect(csv.text).not.toContain(',apology,');

    const actors = await sup.get('/api/compensation/audit/actors');
    expect(actors.body.items).toEqual(expect.arrayContaining([{ id: agentId, name: 'Pia Proposer' }]));
  });
});
