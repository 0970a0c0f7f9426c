/**
 * POST /api/orders/events and the order-history import: API key, batch limits, per-row refusals,
 * idempotent replays, customer value and lifecycle stage from orders (imports override), and the
 * open complaint's snapshot following.
 */
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { orderIngestLimits, type OrderIngestResult } from '@redress/shared';
import { FakeClock, startTestServer, type TestServer } from '../../../../test/support/harness';
import { complaintBody, createUser, login, type StaffClient } from '../../../../test/support/factories';
import { Complaint } from '../complaints/complaint.model';
import { Customer } from '../customers/customer.model';
import { orderEvents, orderSummaries } from './orders.collections';

const SHOP_KEY = 'shop-key-0123456789abcdef';
const NOW = new Date('2026-11-30T12:00:00Z');
const DAY = 86_400_000;

let t: TestServer;
let clock: FakeClock;
let sup: StaffClient;

const tag = () => randomBytes(3).toString('hex');
const iso = (ms: number) => new Date(ms).toISOString();

beforeAll(async () => {
  clock = new FakeClock(NOW);
  t = await startTestServer({ clock, env: { SHOP_API_KEY: SHOP_KEY } });
  sup = await login(t.url, (await createUser('supervisor')).email);
});
afterAll(async () => {
  await t.close();
});

function send(events: unknown[], key: string | null = SHOP_KEY) {
  const r = request(t.url).post('/api/orders/events');
  if (key !== null) r.set('X-Api-Key', key);
  return r.send({ events });
}

function placed(email: string, orderId: string, daysAgo: number, amount = 50, currency = 'EUR') {
  return { email, orderId, kind: 'placed', amount, currency, at: iso(NOW.getTime() - daysAgo * DAY) };
}

describe('access and limits', () => {
  it('requires the shop API key', async () => {
    const e = [placed(`a.${tag()}@example.com`, `o-${tag()}`, 1)];
    expect((await send(e, null)).status).toBe(401);
    const wrong = await send(e, 'not-the-key-0123456789');
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.id).toBe('unauthorized');
    // Staff sessions do not stand in for the key.
    expect((await sup.post('/api/orders/events', { events: e })).status).toBe(401);
    expect(await orderEvents().countDocuments({ _id: `${e[0]!.orderId}|placed` })).toBe(0);
  });

  it('refuses batches over the limit with 413 and empty or malformed bodies with 400', async () => {
    const email = `big.${tag()}@example.com`;
    const many = Array.from({ length: orderIngestLimits.maxBatchRows + 1 }, (_, i) => placed(email, `big-${tag()}-${i}`, 1));
    const big = await send(many);
    expect(big.status).toBe(413);
    expect(big.body.error.id).toBe('payload_too_large');
    expect(await orderSummaries().countDocuments({ _id: email })).toBe(0);
    expect((await send([])).status).toBe(400);
    const notList = await request(t.url).post('/api/orders/events').set('X-Api-Key', SHOP_KEY).send({ events: 'x' });
    expect(notList.status).toBe(400);
    expect(notList.body.error.fields[0].path).toBe('events');
  });

  it('documents the endpoints in OpenAPI', async () => {
    const doc = (await request(t.url).get('/api/openapi.json')).body as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/orders/events', '/api/orders/import', '/api/metrics/retention', '/api/metrics/at-risk']),
    );
  });
});

describe('ingest', () => {
  it('stores valid rows, refuses bad rows with reasons, and a replayed batch changes nothing', async () => {
    const email = `Mixed.${tag()}@Example.com`;
    const lower = email.toLowerCase();
    const o = `m-${tag()}`;
    const batch = [
      placed(email, `${o}-1`, 100, 40),
      placed(email, `${o}-2`, 70, 60),
      { email, orderId: `${o}-2`, kind: 'refunded', amount: 10, currency: 'eur', at: iso(NOW.getTime() - 60 * DAY) },
      { email: 'nope', orderId: `${o}-x`, kind: 'placed', amount: 1, currency: 'EUR', at: iso(NOW.getTime()) },
      { email, orderId: `${o}-y`, kind: 'shipped', amount: -1, currency: 'EURO', at: 'yesterday' },
      { email, orderId: `${o}-z`, kind: 'placed', amount: 5, currency: 'EUR', at: iso(NOW.getTime() + 3 * DAY) },
      { email, orderId: `${o}-w`, kind: 'placed', amount: 5, currency: 'EUR', at: iso(NOW.getTime()), coupon: 'X' },
    ];
    const first = await send(batch);
    expect(first.status).toBe(200);
    const r1 = first.body as OrderIngestResult;
    expect(r1).toMatchObject({ received: 7, inserted: 3, duplicates: 0, rejectedCount: 4, customers: 1 });
    const byRow = new Map(r1.rejected.map((r) => [r.row, r.errors.map((e) => e.path)]));
    expect(byRow.get(3)).toEqual(['email']);
    expect(byRow.get(4)).toEqual(expect.arrayContaining(['kind', 'amount', 'currency', 'at']));
    expect(byRow.get(5)).toEqual(['at']);
    expect(byRow.get(6)).toEqual(['coupon']);
    expect(r1.rejected.find((r) => r.row === 5)!.errors[0]!.message).toMatch(/future/);

    const summary = await orderSummaries().findOne({ _id: lower });
    expect(summary).toMatchObject({ placed: 2, refunded: 1, value: { EUR: 9000 }, count: { EUR: 2 } });
    const customer = await Customer.findOne({ email: lower }).lean();
    expect(customer).toMatchObject({ averageOrderValue: 45, lifetimeValue: 90 });

    const again = await send(batch);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ received: 7, inserted: 0, duplicates: 3, rejectedCount: 4 });
    expect(await orderSummaries().findOne({ _id: lower })).toEqual(summary);
    expect(await Customer.findOne({ email: lower }).lean()).toMatchObject({ averageOrderValue: 45, lifetimeValue: 90 });
    expect(await orderEvents().countDocuments({ email: lower })).toBe(3);
  });

  it('counts an (order id, kind) once even when sent twice in one batch; cancelling removes the order', async () => {
    const email = `twice.${tag()}@example.com`;
    const o = `t-${tag()}`;
    const res = await send([
      placed(email, o, 10, 30),
      placed(email, o, 9, 999),
      { email, orderId: o, kind: 'cancelled', amount: 30, currency: 'EUR', at: iso(NOW.getTime() - 8 * DAY) },
    ]);
    expect(res.body).toMatchObject({ inserted: 2, duplicates: 1 });
    expect(await orderSummaries().findOne({ _id: email })).toMatchObject({ placed: 1, cancelled: 1, value: { EUR: 0 } });
  });

  it('answers 400 with field messages when no row is usable', async () => {
    const res = await send([{ email: 'x@example.com' }]);
    expect(res.status).toBe(400);
    expect(res.body.error.fields.map((f: { path: string }) => f.path)).toEqual(
      expect.arrayContaining(['events.0.orderId', 'events.0.kind', 'events.0.amount']),
    );
  });
});

describe('customer value and lifecycle from orders', () => {
  it('derives value, tier and stage from the rhythm, and the open complaint follows', async () => {
    const email = `rhythm.${tag()}@example.com`;
    const filed = await request(t.url)
      .post('/api/complaints')
      .send(complaintBody({ customer: { name: 'Rhythm Customer', email } }));
    expect(filed.status).toBe(201);
    await t.settle();
    // Every 10 days for a year and a half, then silence for 60 days: decline (60 > 2 x 10).
    const o = `r-${tag()}`;
    const events = Array.from({ length: 55 }, (_, i) => placed(email, `${o}-${i}`, 60 + i * 10, 200));
    expect((await send(events)).status).toBe(200);
    const c = await Customer.findOne({ email }).lean();
    expect(c).toMatchObject({ lifecycleStage: 'decline', lifetimeValue: 11_000, tier: 'STC', averageOrderValue: 200 });
    expect(c!.ordersPerYear).toBeCloseTo(55 / (((54 * 10 + 60) * DAY) / (365 * DAY)), 1);
    await t.settle();
    const complaint = await Complaint.findById(filed.body.id).lean();
    expect(complaint!.customer).toMatchObject({ lifecycleStage: 'decline', tier: 'STC', lifetimeValue: 11_000 });

    // A new order today: back to the usual rhythm (climax: 56 orders over more than a year).
    expect((await send([placed(email, `${o}-new`, 0, 200)])).status).toBe(200);
    expect(await Customer.findOne({ email }).lean()).toMatchObject({ lifecycleStage: 'climax', lifetimeValue: 11_200 });
  });

  it('keeps imported value figures (imports override)', async () => {
    const email = `imported.${tag()}@example.com`;
    const imp = await sup.post('/api/customers/import', {
      rows: [{ email, averageOrderValue: 100, ordersPerYear: 52, yearsAsCustomer: 40, lifecycleStage: 'climax' }],
    });
    expect(imp.status).toBe(200);
    expect((await send([placed(email, `i-${tag()}`, 5, 12)])).status).toBe(200);
    expect(await Customer.findOne({ email }).lean()).toMatchObject({ lifetimeValue: 208_000, tier: 'MVC', lifecycleStage: 'climax' });
    expect(await orderSummaries().findOne({ _id: email })).toMatchObject({ placed: 1 });
  });
});

describe('order history CSV import', () => {
  it('imports rows by line, reports bad lines, and is idempotent', async () => {
    const email = `csv.${tag()}@example.com`;
    const o = `c-${tag()}`;
    const csv = [
      'Email;Order ID;Kind;Amount;Currency;At',
      `${email};${o}-1;placed;10.50;EUR;${iso(NOW.getTime() - 20 * DAY)}`,
      `${email};${o}-2;placed;abc;EUR;${iso(NOW.getTime() - 10 * DAY)}`,
      `${email};${o}-3;placed;20;EUR`,
    ].join('\n');
    const post = () => sup.agent.post('/api/orders/import').set('x-csrf-token', sup.csrf).set('Content-Type', 'text/csv').send(csv);
    const res = await post();
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ inserted: 1, rejectedCount: 2 });
    expect(res.body.rejected.map((r: { row: number }) => r.row)).toEqual([3, 4]);
    expect((await post()).body).toMatchObject({ inserted: 0, duplicates: 1 });
    // The same file as a form upload (what the Customers page sends): still nothing new.
    const upload = await sup.agent
      .post('/api/orders/import')
      .set('x-csrf-token', sup.csrf)
      .attach('file', Buffer.from(csv), { filename: 'orders.csv', contentType: 'text/csv' });
    expect(upload.status).toBe(200);
    expect(upload.body).toMatchObject({ inserted: 0, duplicates: 1, rejectedCount: 2 });
    const bad = await sup.agent.post('/api/orders/import').set('x-csrf-token', sup.csrf).set('Content-Type', 'text/csv').send('email,order\nx,y');
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].path).toBe('header');
    const agent = await login(t.url, (await createUser('agent')).email);
    expect((await agent.agent.post('/api/orders/import').set('x-csrf-token', agent.csrf).set('Content-Type', 'text/csv').send(csv)).status).toBe(403);
  });
});
