import request from 'supertest';
import { FakeClock, startTestServer, type TestServer } from '../../../../test/support/harness';
import { complaintBody, createUser, login, type StaffClient } from '../../../../test/support/factories';
import { deliverDueMail } from '../notifications/outbox';
import { OutboxMail } from '../notifications/outbox.model';
import { customerReplier } from './commands/customerReplier';
import { statusChanger } from './commands/statusChanger';
import { Complaint } from './complaint.model';
import { ComplaintEvent } from './complaintEvent.model';
import { IdempotencyKey } from './idempotency.model';
import { closeQuietComplaints } from './jobs/autoClose';
import { sweepIdempotencyKeys } from './jobs/idempotencySweep';

const clock = new FakeClock(new Date('2026-03-02T09:00:00Z'));
let t: TestServer;
let staff: StaffClient;
let staff2: StaffClient;
beforeAll(async () => {
  t = await startTestServer({ clock, env: { LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent' } });
  const [a, b] = await Promise.all([createUser('admin', { name: 'Ada Admin' }), createUser('admin', { name: 'Bo Admin' })]);
  staff = await login(t.url, a.email);
  staff2 = await login(t.url, b.email);
});
afterAll(async () => {
  await t.close();
});

async function fileComplaint() {
  const body = complaintBody();
  const res = await request(t.url).post('/api/complaints').send(body);
  expect(res.status).toBe(201);
  return {
    id: res.body.id as string,
    reference: res.body.reference as string,
    token: String(res.body.trackingUrl).split('#t=')[1]!,
    email: body.customer.email,
  };
}

const setStatus = (id: string, status: string, who = staff) => who.post(`/api/complaints/${id}/status`, { status });

describe('status changes', () => {
  it('walks the lifecycle, stamping resolution, reopen and closure', async () => {
    const c = await fileComplaint();
    for (const s of ['in_progress', 'waiting_on_customer', 'in_progress', 'resolved']) {
      const res = await setStatus(c.id, s);
      expect(res.status).toBe(200);
      expect(res.body.complaint.status).toBe(s);
      expect(res.body.event).toMatchObject({ type: 'status_changed', actor: { kind: 'staff', name: 'Ada Admin' }, data: { to: s } });
    }
    let doc = (await Complaint.findById(c.id).lean())!;
    expect(doc.resolvedAt).toBeInstanceOf(Date);

    const reopened = await staff.post(`/api/complaints/${c.id}/status`, { status: 'in_progress', reason: 'customer still waiting' });
    expect(reopened.status).toBe(200);
    expect(reopened.body.complaint).toMatchObject({ reopenCount: 1, resolvedAt: null });
    expect(reopened.body.event.data).toMatchObject({ from: 'resolved', to: 'in_progress', reason: 'customer still waiting' });

    expect((await setStatus(c.id, 'resolved')).status).toBe(200);
    const closed = await setStatus(c.id, 'closed');
    expect(closed.status).toBe(200);
    doc = (await Complaint.findById(c.id).lean())!;
    expect(doc.closedAt).toBeInstanceOf(Date);
    expect(await ComplaintEvent.countDocuments({ complaintId: doc._id, type: 'status_changed' })).toBe(7);
  });

  it('refuses transitions the lifecycle does not allow', async () => {
    const c = await fileComplaint();
    const res = await setStatus(c.id, 'closed');
    expect(res.status).toBe(409);
    expect(res.body.error.id).toBe('invalid_state');
    const bad = await setStatus(c.id, 'done');
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].path).toBe('status');
    const extra = await staff.post(`/api/complaints/${c.id}/status`, { status: 'in_progress', assigneeId: 'x' });
    expect(extra.status).toBe(400);
  });

  it('lets exactly one of two simultaneous changes win', async () => {
    const c = await fileComplaint();
    await setStatus(c.id, 'in_progress');
    const results = await Promise.all([setStatus(c.id, 'resolved', staff), setStatus(c.id, 'resolved', staff2)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(results.find((r) => r.status === 409)!.body.error.id).toBe('invalid_state');
    expect(await ComplaintEvent.countDocuments({ complaintId: c.id, type: 'status_changed', 'data.to': 'resolved' })).toBe(1);
  });

  it('applies only the first of two racing changes made from the same observed state', async () => {
    const c = await fileComplaint();
    await setStatus(c.id, 'in_progress');
    const doc = (await Complaint.findById(c.id).lean())!;
    const actor = { kind: 'staff' as const, id: null, name: 'race' };
    const outcomes = await Promise.allSettled([
      statusChanger({ complaint: doc, to: 'waiting_on_customer', actor }),
      statusChanger({ complaint: doc, to: 'resolved', actor }),
    ]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const rejected = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason.status).toBe(409);
  });

  it('emails the resolution with the survey link once per resolution', async () => {
    const c = await fileComplaint();
    await setStatus(c.id, 'in_progress');
    await setStatus(c.id, 'resolved');
    const queued = await OutboxMail.findOne({ complaintId: c.id, dedupeKey: /^resolved:/ }).lean();
    expect(queued?.text).toContain(`/track/${c.reference}#t=${c.token}`);
    await deliverDueMail();
    const mail = await t.waitForMail((m) => m.subject === `[${c.reference}] Your complaint is resolved`);
    expect(mail.to).toEqual([c.email]);
  });
});

describe('staff messages', () => {
  it('emails a public reply threaded on the conversation and starts work', async () => {
    const c = await fileComplaint();
    await deliverDueMail();
    const confirmation = await t.waitForMail((m) => m.subject.includes(c.reference));

    const res = await staff.post(`/api/complaints/${c.id}/messages`, { body: 'We are on it: a courier is booked.', visibility: 'public' });
    expect(res.status).toBe(201);
    expect(res.body.complaint.status).toBe('in_progress');
    expect(res.body.complaint.firstResponseAt).toBeTruthy();
    expect(res.body.event).toMatchObject({ type: 'message', visibility: 'public', body: 'We are on it: a courier is booked.' });
    await deliverDueMail();
    const reply1 = await t.waitForMail((m) => m.subject === `[${c.reference}] Reply from our support team`);
    expect(reply1.text).toContain('a courier is booked');
    expect(reply1.inReplyTo).toBe(confirmation.messageId);
    expect(reply1.references).toEqual([confirmation.messageId]);

    // The customer answers by email; our next reply answers that message.
    const doc = (await Complaint.findById(c.id).lean())!;
    await customerReplier({ complaint: doc, body: 'Thanks, when?', channel: 'email', messageId: '<cust-answer-1@example.com>' });
    clock.advance(1000);
    const firstResponseAt = (await Complaint.findById(c.id).lean())!.firstResponseAt;
    await staff.post(`/api/complaints/${c.id}/messages`, { body: 'Tomorrow morning.', visibility: 'public' });
    expect((await Complaint.findById(c.id).lean())!.firstResponseAt).toEqual(firstResponseAt);
    await deliverDueMail();
    const reply2 = await t.waitForMail((m) => m.text.includes('Tomorrow morning.'));
    expect(reply2.inReplyTo).toBe('<cust-answer-1@example.com>');
    expect(reply2.references).toEqual([confirmation.messageId, reply1.messageId, '<cust-answer-1@example.com>']);
  });

  it('adds a redelivered inbound email once and reopens only once', async () => {
    const c = await fileComplaint();
    await setStatus(c.id, 'in_progress');
    await setStatus(c.id, 'resolved');
    for (let i = 0; i < 2; i++) {
      const doc = (await Complaint.findById(c.id).lean())!;
      await customerReplier({ complaint: doc, body: 'Still broken', channel: 'email', messageId: '<redelivered-1@example.com>' });
    }
    const doc = (await Complaint.findById(c.id).lean())!;
    expect(doc).toMatchObject({ status: 'in_progress', reopenCount: 1 });
    expect(await ComplaintEvent.countDocuments({ complaintId: doc._id, messageId: '<redelivered-1@example.com>' })).toBe(1);
  });

  it('refuses public replies on a closed complaint but takes internal notes', async () => {
    const c = await fileComplaint();
    for (const s of ['in_progress', 'resolved', 'closed']) await setStatus(c.id, s);
    const reply = await staff.post(`/api/complaints/${c.id}/messages`, { body: 'Anything else?', visibility: 'public' });
    expect(reply.status).toBe(409);
    expect(reply.body.error.id).toBe('invalid_state');
    const note = await staff.post(`/api/complaints/${c.id}/messages`, { body: 'Closed after goodwill voucher', visibility: 'internal' });
    expect(note.status).toBe(201);
  });

  it('keeps internal notes off email and off the tracking page', async () => {
    const c = await fileComplaint();
    const res = await staff.post(`/api/complaints/${c.id}/messages`, { body: 'Customer is a known chargeback risk', visibility: 'internal' });
    expect(res.status).toBe(201);
    expect(res.body.event).toMatchObject({ type: 'note', visibility: 'internal' });
    expect(res.body.complaint.status).toBe('new');
    expect(res.body.complaint.firstResponseAt).toBeNull();
    expect(await OutboxMail.countDocuments({ complaintId: c.id, text: /chargeback/ })).toBe(0);
    const portal = await request(t.url).get(`/api/portal/complaints/${c.reference}`).set('X-Tracking-Token', c.token);
    expect(portal.status).toBe(200);
    expect(JSON.stringify(portal.body)).not.toContain('chargeback');
    const staffTimeline = await staff.get(`/api/complaints/${c.id}/timeline`);
    expect(JSON.stringify(staffTimeline.body)).toContain('chargeback');
  });

  it('validates the message body', async () => {
    const c = await fileComplaint();
    const res = await staff.post(`/api/complaints/${c.id}/messages`, { body: '', visibility: 'shout' });
    expect(res.status).toBe(400);
    expect(res.body.error.fields.map((f: { path: string }) => f.path).sort()).toEqual(['body', 'visibility']);
    const anon = await request(t.url).post(`/api/complaints/${c.id}/messages`).send({ body: 'hi', visibility: 'public' });
    expect(anon.status).toBe(401);
  });
});

describe('jobs', () => {
  it('closes resolved complaints after the quiet period, and only those', async () => {
    const old = await fileComplaint();
    await setStatus(old.id, 'in_progress');
    await setStatus(old.id, 'resolved');
    clock.advance(5 * 24 * 3600_000);
    const recent = await fileComplaint();
    await setStatus(recent.id, 'in_progress');
    await setStatus(recent.id, 'resolved');
    clock.advance(3 * 24 * 3600_000);

    await closeQuietComplaints();
    await closeQuietComplaints(); // a second run (or another process) changes nothing
    const [o, r] = await Promise.all([Complaint.findById(old.id).lean(), Complaint.findById(recent.id).lean()]);
    expect(o!.status).toBe('closed');
    expect(o!.closedAt).toEqual(clock.now());
    expect(r!.status).toBe('resolved');
    const events = await ComplaintEvent.find({ complaintId: old.id, type: 'status_changed', 'data.to': 'closed' }).lean();
    expect(events).toHaveLength(1);
    expect(events[0]!.actor.kind).toBe('system');
  });

  it('sweeps idempotency keys older than a day', async () => {
    const now = clock.now();
    await IdempotencyKey.create([
      { _id: 'sweep-old-key', bodyHash: 'x', complaintId: '65f000000000000000000001', reference: 'C-1', createdAt: new Date(now.getTime() - 25 * 3600_000) },
      { _id: 'sweep-new-key', bodyHash: 'x', complaintId: '65f000000000000000000002', reference: 'C-2', createdAt: new Date(now.getTime() - 3600_000) },
    ]);
    await sweepIdempotencyKeys();
    expect(await IdempotencyKey.exists({ _id: 'sweep-old-key' })).toBeNull();
    expect(await IdempotencyKey.exists({ _id: 'sweep-new-key' })).toBeTruthy();
  });
});
