import request from 'supertest';
import { formatDueTime, type PortalComplaintView } from '@redress/shared';
import { startTestServer, type TestServer } from '../../../../test/support/harness';
import { complaintBody, createUser, login, type StaffClient } from '../../../../test/support/factories';
import { until } from '../../../../test/support/sockets';
import { followTracking, type TrackingStream } from '../../../../test/support/trackingStream';
import { deliverDueMail } from '../notifications/outbox';

let t: TestServer;
let staff: StaffClient;
const streams: TrackingStream[] = [];
beforeAll(async () => {
  t = await startTestServer();
  staff = await login(t.url, (await createUser('admin', { name: 'Pat Agent' })).email);
});
afterAll(async () => {
  for (const s of streams) s.close();
  await t.close();
});

interface Filed {
  id: string;
  reference: string;
  token: string;
  email: string;
}

async function fileComplaint(over: Record<string, unknown> = {}): Promise<Filed> {
  const body = complaintBody(over);
  const res = await request(t.url).post('/api/complaints').send(body);
  expect(res.status).toBe(201);
  return { id: res.body.id, reference: res.body.reference, token: String(res.body.trackingUrl).split('#t=')[1]!, email: body.customer.email };
}

const track = async (c: Filed): Promise<PortalComplaintView> => {
  const res = await request(t.url).get(`/api/portal/complaints/${c.reference}`).set('X-Tracking-Token', c.token);
  expect(res.status).toBe(200);
  return res.body;
};
const sla = async (c: Filed) => (await staff.get(`/api/complaints/${c.id}/sla`)).body.sla;

/** A tracking page's live connection; resolves once open, rejects when refused. */
async function follow(reference: string, token: string): Promise<TrackingStream> {
  const stream = await followTracking(t.url, reference, token);
  streams.push(stream);
  return stream;
}

describe('canned reply placeholders', () => {
  it('refuses a public reply that still holds a placeholder, with a field message', async () => {
    const c = await fileComplaint();
    for (const body of ['Dear Ana, I will come back to you by [dueDate].', 'Could you tell me {{question}}?', '您好，能否告诉我[question]？']) {
      const res = await staff.post(`/api/complaints/${c.id}/messages`, { body, visibility: 'public' });
      expect(res.status).toBe(400);
      expect(res.body.error.id).toBe('validation_error');
      expect(res.body.error.fields).toEqual([
        expect.objectContaining({ path: 'body', message: expect.stringMatching(/^Fill in (\[dueDate\]|\{\{question\}\}|\[question\]) before sending$/) }),
      ]);
    }
    // Nothing reached the customer.
    expect((await track(c)).timeline.filter((e) => e.type === 'message')).toHaveLength(0);
  });

  it('lets ordinary brackets through, and internal notes keep their placeholders', async () => {
    const c = await fileComplaint();
    expect((await staff.post(`/api/complaints/${c.id}/messages`, { body: 'See clause [3] of our terms [sic].', visibility: 'public' })).status).toBe(201);
    expect((await staff.post(`/api/complaints/${c.id}/messages`, { body: 'Ask them [question] tomorrow', visibility: 'internal' })).status).toBe(201);
  });
});

describe('tracking page push', () => {
  it("refuses a wrong token; a token hears its own complaint's public updates only, never internal notes", async () => {
    const a = await fileComplaint();
    const b = await fileComplaint();
    await expect(follow(a.reference, b.token)).rejects.toThrow();
    await expect(follow('C-1999-000001', a.token)).rejects.toThrow();
    const live = await follow(a.reference, a.token);

    await staff.post(`/api/complaints/${a.id}/messages`, { body: 'Internal: carrier says the parcel is lost.', visibility: 'internal' });
    await staff.post(`/api/complaints/${b.id}/messages`, { body: 'Reply for the other customer only.', visibility: 'public' });
    await staff.post(`/api/complaints/${a.id}/messages`, { body: 'We are sorry, Ana: a new parcel leaves today.', visibility: 'public' });
    const reply = await until('the public reply pushed', () =>
      live.pushes.find((p) => p.events.some((e) => e.type === 'message' && e.body.includes('new parcel'))),
    );
    expect(reply).toMatchObject({ reference: a.reference, status: 'in_progress', canReply: true });
    expect(reply.events.find((e) => e.type === 'message')).toMatchObject({ actor: { kind: 'staff', name: 'Pat Agent' } });

    await staff.post(`/api/complaints/${a.id}/status`, { status: 'waiting_on_customer', reason: 'internal reason: check with the warehouse' });
    await until('the status pushed', () => live.pushes.find((p) => p.status === 'waiting_on_customer'));
    await t.settle();

    const wire = JSON.stringify(live.pushes);
    expect(wire).not.toContain('carrier says');
    expect(wire).not.toContain('other customer');
    expect(wire).not.toContain('warehouse');
    expect(wire).not.toMatch(/assignee|teamId|priority|customerId|email|"_id"/);
    expect(live.pushes.every((p) => p.reference === a.reference)).toBe(true);
  });
});

describe('when to expect an answer', () => {
  it('promises the first response, pauses while waiting on the customer, then promises resolution; pushed as it changes', async () => {
    const c = await fileComplaint({ timeZone: 'Asia/Shanghai', language: 'zh' });
    const first = (await sla(c)).firstResponse.dueAt as string;
    expect((await track(c)).promise).toEqual({ kind: 'first_response', dueAt: first });

    // The confirmation email carries the same promise, in the customer's language and zone.
    await deliverDueMail();
    const mail = await t.waitForMail((m) => m.to.includes(c.email) && m.subject.includes(c.reference));
    expect(mail.text).toContain(`我们的工作人员将在 ${formatDueTime(first, 'zh', 'Asia/Shanghai')} 之前答复您。`);

    const live = await follow(c.reference, c.token);
    await staff.post(`/api/complaints/${c.id}/messages`, { body: '我们正在处理。', visibility: 'public' });
    const resolutionDue = (await sla(c)).resolution.dueAt as string;
    expect((await track(c)).promise).toEqual({ kind: 'resolution', dueAt: resolutionDue });
    await until('resolution promise pushed', () => live.pushes.find((p) => p.promise.kind === 'resolution'));

    await staff.post(`/api/complaints/${c.id}/status`, { status: 'waiting_on_customer' });
    expect((await track(c)).promise).toEqual({ kind: 'paused' });
    await until('paused pushed', () => live.pushes.find((p) => p.promise.kind === 'paused'));

    // Some time waiting on the customer moves the due time when the clock resumes.
    await new Promise((r) => setTimeout(r, 1_100));
    const reply = await request(t.url).post(`/api/portal/complaints/${c.reference}/replies`).set('X-Tracking-Token', c.token).send({ body: '照片在这里。' });
    expect(reply.status).toBe(201);
    const resumed = (await sla(c)).resolution.dueAt as string;
    expect((await track(c)).promise).toEqual({ kind: 'resolution', dueAt: resumed });
    const last = await until('resumed promise pushed', () => live.pushes.find((p) => p.promise.kind === 'resolution' && p.promise.dueAt === resumed));
    expect(last.status).toBe('in_progress');

    await staff.post(`/api/complaints/${c.id}/status`, { status: 'resolved' });
    expect((await track(c)).promise).toEqual({ kind: 'none' });
  });

  it('describes the complaint to the customer as they wrote it', async () => {
    const description = 'Line one of my complaint.\n\nLine three <b>not bold</b>.';
    const c = await fileComplaint({ description });
    expect((await track(c)).complaint.description).toBe(description);
  });
});

describe('tracking page live stream limits', () => {
  it('holds at most 10 open streams per complaint (429 beyond), and frees a slot when a tab closes', async () => {
    const c = await fileComplaint();
    const open: TrackingStream[] = [];
    for (let i = 0; i < 10; i++) open.push(await follow(c.reference, c.token));
    await expect(follow(c.reference, c.token)).rejects.toThrow('live updates refused: 429');
    open[0]!.close();
    await until('a slot freed', async () => (await follow(c.reference, c.token).catch(() => null)) ?? null);
  });
});
