import request from 'supertest';
import { io as ioClient } from 'socket.io-client';
import { startTestServer, type TestServer } from '../../../../test/support/harness';
import { complaintBody, createTeam, createUser, login } from '../../../../test/support/factories';
import { deliverDueMail } from '../notifications/outbox';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.close();
});

describe('POST /api/complaints (vertical slice)', () => {
  it('stores the complaint, emails a confirmation and pushes it to the team console', async () => {
    const team = await createTeam({ categories: ['delivery_delay'] });
    const agent = await createUser('agent', { teamIds: [team._id] });
    const client = await login(t.url, agent.email);
    const socket = ioClient(t.url, { extraHeaders: { cookie: client.cookie }, transports: ['websocket'] });
    await new Promise<void>((resolve, reject) => {
      socket.on('connect', () => resolve());
      socket.on('connect_error', reject);
    });
    const pushed = new Promise<{ reference: string }>((resolve) => socket.on('complaint:created', resolve));

    const res = await request(t.url).post('/api/complaints').set('Idempotency-Key', 'slice-key-1').send(complaintBody());
    expect(res.status).toBe(201);
    expect(res.body.reference).toMatch(/^C-\d{4}-\d{6}$/);
    expect(res.body.trackingUrl).toContain(`/track/${res.body.reference}#t=`);
    expect((await pushed).reference).toBe(res.body.reference);

    const list = await client.get('/api/complaints?scope=team');
    expect(list.body.items.map((c: { reference: string }) => c.reference)).toContain(res.body.reference);

    await deliverDueMail();
    const mail = await t.waitForMail((m) => m.subject.includes(res.body.reference));
    expect(mail.text).toContain(res.body.trackingUrl);
    socket.close();
  });

  it('rejects an invalid body with field messages', async () => {
    const res = await request(t.url)
      .post('/api/complaints')
      .send({ customer: { name: '', email: 'nope' }, category: 'delivery_delay', description: 'short' });
    expect(res.status).toBe(400);
    expect(res.body.error.id).toBe('validation_error');
    const paths = res.body.error.fields.map((f: { path: string }) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['customer.name', 'customer.email', 'description']));
  });
});
