import request from 'supertest';
import { startTestServer, type TestServer } from '../../../../test/support/harness';
import { complaintBody } from '../../../../test/support/factories';
import { Complaint } from './complaint.model';
import { nextComplaintReference } from './counter.model';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ env: { LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent' } });
});
afterAll(async () => {
  await t.close();
});

const file = (body: object, key?: string) => {
  const req = request(t.url).post('/api/complaints');
  return (key ? req.set('Idempotency-Key', key) : req).send(body);
};

describe('POST /api/complaints idempotency', () => {
  it('replays the same complaint for the same key and body', async () => {
    const body = complaintBody();
    const first = await file(body, 'replay-key-0001');
    expect(first.status).toBe(201);
    expect(first.headers['idempotent-replayed']).toBe('false');
    const again = await file(body, 'replay-key-0001');
    expect(again.status).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(await Complaint.countDocuments({ 'customer.email': body.customer.email })).toBe(1);
  });

  it('creates exactly one complaint when ten identical requests race', async () => {
    const body = complaintBody();
    const results = await Promise.all(Array.from({ length: 10 }, () => file(body, 'race-key-000001')));
    for (const r of results) expect([200, 201]).toContain(r.status);
    expect(new Set(results.map((r) => r.body.reference)).size).toBe(1);
    expect(results.filter((r) => r.status === 201).length).toBeGreaterThanOrEqual(1);
    expect(await Complaint.countDocuments({ 'customer.email': body.customer.email })).toBe(1);
  });

  it('gives ten different complaints filed at once ten different references', async () => {
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => file(complaintBody(), `parallel-key-${i}-0000`)));
    expect(results.map((r) => r.status)).toEqual(Array(10).fill(201));
    expect(new Set(results.map((r) => r.body.reference)).size).toBe(10);
  });

  it('refuses the same key with a different body (422)', async () => {
    const body = complaintBody();
    expect((await file(body, 'mismatch-key-01')).status).toBe(201);
    const other = await file({ ...body, description: 'Something else entirely went wrong here.' }, 'mismatch-key-01');
    expect(other.status).toBe(422);
    expect(other.body.error.id).toBe('idempotency_mismatch');
  });

  it('validates the key itself', async () => {
    const res = await file(complaintBody(), 'bad key!');
    expect(res.status).toBe(400);
    expect(res.body.error.fields[0].path).toBe('Idempotency-Key');
  });
});

describe('POST /api/complaints abuse', () => {
  it('rejects MongoDB operators in the body', async () => {
    const res = await file({ ...complaintBody(), customer: { name: 'Eve', email: { $gt: '' } } });
    expect(res.status).toBe(400);
    expect(res.body.error.id).toBe('validation_error');
    expect(res.body.error.fields[0].path).toBe('customer.email.$gt');
  });

  it('rejects dotted keys and operator query strings', async () => {
    expect((await file({ ...complaintBody(), 'customer.email': 'x@example.com' })).status).toBe(400);
    expect((await request(t.url).get('/api/categories?$where=1')).status).toBe(400);
  });

  it('rejects unknown fields with the field named', async () => {
    const res = await file({ ...complaintBody(), status: 'resolved' });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.error.fields)).toContain('status');
  });

  it('refuses a body over 100 kB with 413', async () => {
    const res = await file({ ...complaintBody(), description: 'x'.repeat(120_000) });
    expect(res.status).toBe(413);
    expect(res.body.error.id).toBe('payload_too_large');
  });

  it('keeps HTML in the description as text', async () => {
    const html = '<script>alert(1)</script><b>My parcel</b> never came';
    const res = await file(complaintBody({ description: html }));
    expect(res.status).toBe(201);
    expect((await Complaint.findById(res.body.id).lean())!.description).toBe(html);
  });
});

describe('complaint references', () => {
  it('are unique even when many are drawn at once', async () => {
    const refs = await Promise.all(Array.from({ length: 25 }, () => nextComplaintReference(new Date('2031-05-01T00:00:00Z'))));
    expect(new Set(refs).size).toBe(25);
    for (const r of refs) expect(r).toMatch(/^C-2031-\d{6}$/);
  });
});
