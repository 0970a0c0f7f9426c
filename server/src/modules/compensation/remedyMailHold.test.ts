/**
 * Remedies of one complaint issued a few seconds apart reach the customer as one email: the first
 * remedy's email waits REMEDY_MAIL_HOLD_SECONDS and the next one joins it (the customer used to get
 * two near-identical apologies seconds apart, one per remedy). A remedy issued after the email went
 * gets an email of its own, and a retried issue never mails again.
 */
import request from 'supertest';
import { FakeClock, startTestServer, type TestServer } from '../../../../test/support/harness';
import { complaintBody, createTeam, createUser, login, type StaffClient } from '../../../../test/support/factories';
import { deliverDueMail } from '../notifications/outbox';
import { OutboxMail } from '../notifications/outbox.model';

const clock = new FakeClock(new Date('2026-03-02T09:00:00Z'));
let t: TestServer;
let agent: StaffClient;

beforeAll(async () => {
  t = await startTestServer({ clock, env: { REMEDY_MAIL_HOLD_SECONDS: '10' } });
  const team = await createTeam();
  const a = await createUser('agent', { teamIds: [team._id], name: 'Hal Holder', remedyLimits: { perRemedy: 100, perDay: 500 } });
  agent = await login(t.url, a.email);
});
afterAll(async () => {
  await t.close();
});

async function file(): Promise<{ id: string; email: string }> {
  const body = complaintBody({ category: 'other' });
  const res = await request(t.url).post('/api/complaints').send(body);
  expect(res.status).toBe(201);
  return { id: res.body.id, email: body.customer.email };
}

const remedyMails = async (email: string) => (await t.caughtMail()).filter((m) => m.to.includes(email) && /Our apology|Putting things right/.test(m.subject));

it('an apology and a voucher issued seconds apart make one email; a later remedy makes its own', async () => {
  const c = await file();
  await deliverDueMail(); // the confirmation
  expect((await agent.post(`/api/complaints/${c.id}/remedies/apology`, {})).status).toBe(200);
  clock.advance(4_000);
  await deliverDueMail();
  expect(await remedyMails(c.email)).toHaveLength(0); // still waiting for the others

  const voucher = await agent.post(`/api/complaints/${c.id}/remedies`, { type: 'voucher', amount: 20, currency: 'EUR' });
  expect((await agent.post(`/api/remedies/${voucher.body.remedy.id}/issue`, {})).status).toBe(200);
  // A replayed issue does not add the voucher twice.
  expect((await agent.post(`/api/remedies/${voucher.body.remedy.id}/issue`, {})).headers['idempotent-replayed']).toBe('true');
  expect(await OutboxMail.countDocuments({ complaintId: c.id, mergeKey: { $ne: null } })).toBe(1);

  clock.advance(11_000);
  await deliverDueMail();
  const mail = await t.waitForMail((m) => m.to.includes(c.email) && /Putting things right/.test(m.subject));
  expect(mail.text.match(/We are sorry/g)).toHaveLength(1);
  expect(mail.text).toContain('voucher worth 20 EUR');
  expect(await remedyMails(c.email)).toHaveLength(1);

  // Points issued after the email went: an email of their own.
  const points = await agent.post(`/api/complaints/${c.id}/remedies`, { type: 'points', amount: 300 });
  expect((await agent.post(`/api/remedies/${points.body.remedy.id}/issue`, {})).status).toBe(200);
  clock.advance(11_000);
  await deliverDueMail();
  await t.waitForMail((m) => m.to.includes(c.email) && m.text.includes('300 loyalty points'));
  expect(await remedyMails(c.email)).toHaveLength(2);
});
