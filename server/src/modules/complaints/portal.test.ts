import request from 'supertest';
import type { Response } from 'superagent';
import { startTestServer, type TestServer } from '../../../../test/support/harness';
import { complaintBody, createUser, login, type StaffClient } from '../../../../test/support/factories';
import { Complaint } from './complaint.model';
import { sniffContentType } from './attachments';

let t: TestServer;
let staff: StaffClient;
beforeAll(async () => {
  t = await startTestServer({ env: { LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent' } });
  staff = await login(t.url, (await createUser('admin', { name: 'Pat Agent' })).email);
});
afterAll(async () => {
  await t.close();
});

/** A 1×1 PNG: real image bytes. */
const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');

async function fileComplaint() {
  const res = await request(t.url).post('/api/complaints').send(complaintBody());
  expect(res.status).toBe(201);
  return { id: res.body.id as string, reference: res.body.reference as string, token: String(res.body.trackingUrl).split('#t=')[1]! };
}

const portalGet = (c: { reference: string; token?: string }, path = '') => {
  const req = request(t.url).get(`/api/portal/complaints/${c.reference}${path}`);
  return c.token === undefined ? req : req.set('X-Tracking-Token', c.token);
};
const portalPost = (c: { reference: string; token: string }, path: string, body?: object) =>
  request(t.url).post(`/api/portal/complaints/${c.reference}${path}`).set('X-Tracking-Token', c.token).send(body);
const setStatus = (id: string, status: string) => staff.post(`/api/complaints/${id}/status`, { status });

function binary(res: Response, cb: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
}

describe('tracking access', () => {
  it('shows the complaint with its public timeline to the token holder', async () => {
    const c = await fileComplaint();
    const res = await portalGet(c);
    expect(res.status).toBe(200);
    expect(res.body.complaint).toMatchObject({
      reference: c.reference,
      status: 'new',
      category: 'delivery_delay',
      categoryLabel: { en: 'Delivery delay', zh: '配送延误' },
      resolvedAt: null,
      closedAt: null,
      csat: null,
    });
    expect(res.body.timeline[0]).toMatchObject({ type: 'created', actor: { kind: 'customer' }, attachments: [] });
    expect(res.body).toMatchObject({ canReply: true, canRate: false });
    expect(JSON.stringify(res.body)).not.toMatch(/email|customerId|"_id"/);
  });

  it('answers a wrong token, a missing token and an unknown reference with the same 404', async () => {
    const c = await fileComplaint();
    const wrong = await portalGet({ reference: c.reference, token: c.token.replace(/^./, (ch) => (ch === 'A' ? 'B' : 'A')) });
    const missing = await portalGet({ reference: c.reference });
    const unknown = await portalGet({ reference: 'C-2026-999999', token: c.token });
    for (const r of [wrong, missing, unknown]) expect(r.status).toBe(404);
    expect(missing.body).toEqual(wrong.body);
    expect(unknown.body).toEqual(wrong.body);
    expect(wrong.body).toEqual({ error: { id: 'not_found', message: 'Complaint not found' } });
    const replyWrong = await portalPost({ reference: c.reference, token: 'nope' }, '/replies', { body: 'hello' });
    expect(replyWrong.status).toBe(404);
    expect(replyWrong.body).toEqual(wrong.body);
  });
});

describe('customer replies', () => {
  it('stores HTML as the very same text and serves it as JSON', async () => {
    const c = await fileComplaint();
    const html = '<script>alert("x")</script> <b>bold</b> & <img src=x onerror=alert(1)>';
    const res = await portalPost(c, '/replies', { body: html });
    expect(res.status).toBe(201);
    expect(res.body.event).toMatchObject({ type: 'message', actor: { kind: 'customer' }, body: html });
    const view = await portalGet(c);
    expect(view.headers['content-type']).toMatch(/^application\/json/);
    expect(view.body.timeline.at(-1).body).toBe(html);
    const staffView = await staff.get(`/api/complaints/${c.id}/timeline`);
    expect(staffView.body.items.at(-1).body).toBe(html);
  });

  it('hands a complaint waiting on the customer back to the team', async () => {
    const c = await fileComplaint();
    await setStatus(c.id, 'in_progress');
    await setStatus(c.id, 'waiting_on_customer');
    const res = await portalPost(c, '/replies', { body: 'Here is the order number: 1234' });
    expect(res.status).toBe(201);
    expect(res.body.complaint.status).toBe('in_progress');
  });

  it('reopens a resolved complaint and refuses replies once closed', async () => {
    const c = await fileComplaint();
    await setStatus(c.id, 'in_progress');
    await setStatus(c.id, 'resolved');
    const res = await portalPost(c, '/replies', { body: 'The replacement is broken too.' });
    expect(res.status).toBe(201);
    expect(res.body.complaint).toMatchObject({ status: 'in_progress', resolvedAt: null });
    expect((await Complaint.findById(c.id).lean())!.reopenCount).toBe(1);
    expect(res.body.timeline.map((e: { type: string }) => e.type)).toEqual(expect.arrayContaining(['status_changed', 'message']));

    await setStatus(c.id, 'resolved');
    await setStatus(c.id, 'closed');
    const late = await portalPost(c, '/replies', { body: 'One more thing' });
    expect(late.status).toBe(409);
    expect(late.body.error.id).toBe('invalid_state');
    expect((await portalGet(c)).body.canReply).toBe(false);
  });

  it('validates the reply', async () => {
    const c = await fileComplaint();
    const empty = await portalPost(c, '/replies', { body: '   ' });
    expect(empty.status).toBe(400);
    expect(empty.body.error.fields[0].path).toBe('body');
    const extra = await portalPost(c, '/replies', { body: 'hi', status: 'closed' });
    expect(extra.status).toBe(400);
    const long = await portalPost(c, '/replies', { body: 'x'.repeat(10_001) });
    expect(long.status).toBe(400);
  });
});

describe('satisfaction survey', () => {
  it('is taken once per resolution, only after resolution', async () => {
    const c = await fileComplaint();
    const early = await portalPost(c, '/csat', { score: 5 });
    expect(early.status).toBe(409);
    await setStatus(c.id, 'in_progress');
    await setStatus(c.id, 'resolved');
    expect((await portalGet(c)).body.canRate).toBe(true);

    expect((await portalPost(c, '/csat', { score: 6 })).status).toBe(400);
    expect((await portalPost(c, '/csat', { score: 4.5 })).status).toBe(400);
    const res = await portalPost(c, '/csat', { score: 4, comment: 'Quick and polite' });
    expect(res.status).toBe(201);
    expect(res.body.complaint.csat).toMatchObject({ score: 4, comment: 'Quick and polite' });
    expect(res.body.canRate).toBe(false);
    expect(res.body.event).toMatchObject({ type: 'csat', body: 'Quick and polite', data: { score: 4 } });

    const again = await portalPost(c, '/csat', { score: 1 });
    expect(again.status).toBe(409);
    expect((await Complaint.findById(c.id).lean())!.csat?.score).toBe(4);

    // Two submissions at once: one is stored.
    await portalPost(c, '/replies', { body: 'Actually, it broke again' });
    await setStatus(c.id, 'resolved');
    const racing = await Promise.all([portalPost(c, '/csat', { score: 2 }), portalPost(c, '/csat', { score: 3 })]);
    expect(racing.map((r) => r.status).sort()).toEqual([201, 409]);
  });
});

describe('attachments', () => {
  it('recognises file types by their bytes', () => {
    expect(sniffContentType(png)).toBe('image/png');
    expect(sniffContentType(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(sniffContentType(Buffer.from('GIF89a...'))).toBe('image/gif');
    expect(sniffContentType(Buffer.from('RIFF\0\0\0\0WEBPVP8 '))).toBe('image/webp');
    expect(sniffContentType(Buffer.from('%PDF-1.7\n'))).toBe('application/pdf');
    expect(sniffContentType(Buffer.from('hello, I am text'))).toBeNull();
    expect(sniffContentType(Buffer.alloc(0))).toBeNull();
  });

  it('accepts a real PNG and serves it back as a download', async () => {
    const c = await fileComplaint();
    const res = await request(t.url)
      .post(`/api/portal/complaints/${c.reference}/attachments`)
      .set('X-Tracking-Token', c.token)
      .attach('files', png, { filename: '../../etc/My "photo".png', contentType: 'image/png' });
    expect(res.status).toBe(201);
    const [att] = res.body.event.attachments;
    expect(att).toMatchObject({ contentType: 'image/png', size: png.length, filename: 'My _photo_.png' });

    const down = await portalGet(c, `/attachments/${att.id}`).buffer(true).parse(binary);
    expect(down.status).toBe(200);
    expect(down.headers['content-type']).toBe('image/png');
    expect(down.headers['x-content-type-options']).toBe('nosniff');
    expect(down.headers['content-disposition']).toMatch(/^attachment; filename="My _photo_.png"/);
    expect(Buffer.compare(down.body as Buffer, png)).toBe(0);

    const staffDown = await staff.agent.get(`/api/complaints/${c.id}/attachments/${att.id}`).buffer(true).parse(binary);
    expect(staffDown.status).toBe(200);
    expect(Buffer.compare(staffDown.body as Buffer, png)).toBe(0);

    const noToken = await portalGet({ reference: c.reference }, `/attachments/${att.id}`);
    expect(noToken.status).toBe(404);
    const other = await fileComplaint();
    const elsewhere = await portalGet(other, `/attachments/${att.id}`);
    expect(elsewhere.status).toBe(404);
  });

  it('takes files with a reply (multipart)', async () => {
    const c = await fileComplaint();
    const res = await request(t.url)
      .post(`/api/portal/complaints/${c.reference}/replies`)
      .set('X-Tracking-Token', c.token)
      .field('body', 'Photo of the damage attached')
      .attach('files', png, 'damage.png');
    expect(res.status).toBe(201);
    expect(res.body.event).toMatchObject({ type: 'message', body: 'Photo of the damage attached', attachments: [{ filename: 'damage.png' }] });
  });

  it('refuses a file over 5 MB with 413', async () => {
    const c = await fileComplaint();
    const big = Buffer.concat([png, Buffer.alloc(5 * 1024 * 1024)]);
    const res = await request(t.url)
      .post(`/api/portal/complaints/${c.reference}/attachments`)
      .set('X-Tracking-Token', c.token)
      .attach('files', big, 'huge.png');
    expect(res.status).toBe(413);
    expect(res.body.error.id).toBe('payload_too_large');
  });

  it('refuses more than 5 files with 413', async () => {
    const c = await fileComplaint();
    let req = request(t.url).post(`/api/portal/complaints/${c.reference}/attachments`).set('X-Tracking-Token', c.token);
    for (let i = 0; i < 6; i++) req = req.attach('files', png, `p${i}.png`);
    const res = await req;
    expect(res.status).toBe(413);
  });

  it('refuses a .png that is really text with 415 naming the field', async () => {
    const c = await fileComplaint();
    const res = await request(t.url)
      .post(`/api/portal/complaints/${c.reference}/attachments`)
      .set('X-Tracking-Token', c.token)
      .attach('files', png, 'fine.png')
      .attach('files', Buffer.from('just some text, honestly'), { filename: 'evil.png', contentType: 'image/png' });
    expect(res.status).toBe(415);
    expect(res.body.error.id).toBe('unsupported_media_type');
    expect(res.body.error.fields[0].path).toBe('files[1]');
    // Nothing of the refused upload was stored.
    expect((await portalGet(c)).body.timeline.filter((e: { type: string }) => e.type === 'attachment')).toHaveLength(0);
  });

  it('refuses a JPEG named .png (content and name disagree)', async () => {
    const c = await fileComplaint();
    const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(32)]);
    const res = await request(t.url)
      .post(`/api/portal/complaints/${c.reference}/attachments`)
      .set('X-Tracking-Token', c.token)
      .attach('files', jpeg, 'photo.png');
    expect(res.status).toBe(415);
  });

  it('keeps internal staff files away from the customer', async () => {
    const c = await fileComplaint();
    const res = await staff.agent.post(`/api/complaints/${c.id}/attachments`).set('x-csrf-token', staff.csrf).attach('files', png, 'internal-screenshot.png');
    expect(res.status).toBe(201);
    expect(res.body.event).toMatchObject({ type: 'attachment', visibility: 'internal' });
    const fileId = res.body.event.attachments[0].id;
    expect((await portalGet(c, `/attachments/${fileId}`)).status).toBe(404);
    expect(JSON.stringify((await portalGet(c)).body)).not.toContain('internal-screenshot');

    const shared = await staff.agent
      .post(`/api/complaints/${c.id}/attachments`)
      .set('x-csrf-token', staff.csrf)
      .field('visibility', 'public')
      .attach('files', png, 'return-label.png');
    expect(shared.status).toBe(201);
    const sharedId = shared.body.event.attachments[0].id;
    expect((await portalGet(c, `/attachments/${sharedId}`)).status).toBe(200);
  });
});
