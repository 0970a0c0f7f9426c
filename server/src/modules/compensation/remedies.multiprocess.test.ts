import mongoose from 'mongoose';
import request from 'supertest';
import { until } from '../../../../test/support/sockets';
import type { RemedyView } from '@redress/shared';
import { testMongoUri, uniqueDbName } from '../../../../test/support/harness';
import { complaintBody, createTeam, createUser, login, type StaffClient } from '../../../../test/support/factories';
import { startServerProcess, type ServerProcess } from '../../../../test/support/serverProcess';
import { Budget, Remedy, Voucher } from './compensation.models';

/**
 * The same guarantees with two server processes on one database: on FerretDB a conditional update
 * is atomic only within one process, so these exercise the cross-process locks (atomically.ts).
 */
const SHOP_KEY = 'mp-shop-key-0123456789';
const dbName = uniqueDbName();
const childEnv = {
  MONGODB_URI: testMongoUri(),
  TEST_DB_NAME: dbName,
  JOBS_ENABLED: 'false',
  SESSION_SECRET: 'test-session-secret-0123456789',
  SHOP_API_KEY: SHOP_KEY,
};

let a: ServerProcess;
let b: ServerProcess;
let agent: StaffClient;
let supA: StaffClient;
let supB: StaffClient;
let teamKey: string;

beforeAll(async () => {
  // One after the other: concurrent first boots race on the default categories' upserts.
  a = await startServerProcess(childEnv);
  b = await startServerProcess(childEnv);
  await mongoose.connect(testMongoUri(), { dbName });
  const team = await createTeam({ categories: ['waiting_time'] });
  teamKey = team.key;
  const ag = await createUser('agent', {
    teamIds: [team._id],
    remedyLimits: { perRemedy: 10, perDay: 1000 },
  });
  const [s1, s2] = await Promise.all([createUser('supervisor', { teamIds: [team._id] }), createUser('supervisor', { teamIds: [team._id] })]);
  agent = await login(a.url, ag.email);
  supA = await login(a.url, s1.email);
  supB = await login(b.url, s2.email);
}, 120_000);

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await mongoose.connection.dropDatabase().catch(() => undefined);
  await mongoose.disconnect();
});

async function pendingVoucher(): Promise<string> {
  const filed = await request(a.url)
    .post('/api/complaints')
    .send(complaintBody({ category: 'waiting_time', amount: 300, currency: 'EUR' }));
  expect(filed.status).toBe(201);
  // Routing and the remedy rules run on the change feed just after the filing answered.
  const v = await until('voucher suggested', async () => {
    const res = await agent.get(`/api/complaints/${filed.body.id}/remedies`);
    return ((res.body.items ?? []) as RemedyView[]).find((r) => r.type === 'voucher');
  });
  expect((await agent.post(`/api/remedies/${v.id}/request`, {})).body.remedy.status).toBe('pending_approval');
  return v.id;
}

it('two processes approving ten remedies of 30 against a budget of 100: exactly 3 approved', async () => {
  expect(
    (
      await supA.put('/api/compensation/budgets', {
        items: [
          {
            period: new Date().toISOString().slice(0, 7),
            scope: 'team',
            scopeKey: teamKey,
            limit: 100,
          },
        ],
      })
    ).status,
  ).toBe(200);
  const ids: string[] = [];
  for (let i = 0; i < 10; i++) ids.push(await pendingVoucher());
  const results = await Promise.all(ids.map((id, i) => (i % 2 ? supA : supB).post(`/api/remedies/${id}/approve`, {})));
  expect(results.filter((r) => r.status === 200)).toHaveLength(3);
  expect(results.filter((r) => r.status === 409 && r.body.error.id === 'budget_exceeded')).toHaveLength(7);
  const budget = (await Budget.findOne({
    scope: 'team',
    scopeKey: teamKey,
  }).lean())!;
  expect(budget).toMatchObject({ spent: 90, remaining: 10 });
  expect(await Remedy.countDocuments({ _id: { $in: ids }, status: 'approved' })).toBe(3);
}, 120_000);

it('issue and redemption race across processes and still happen once', async () => {
  await supA.put('/api/compensation/budgets', {
    items: [
      {
        period: new Date().toISOString().slice(0, 7),
        scope: 'team',
        scopeKey: teamKey,
        limit: 1000,
      },
    ],
  });
  const id = await pendingVoucher();
  const [x, y] = await Promise.all([supA.post(`/api/remedies/${id}/approve`, {}), supB.post(`/api/remedies/${id}/approve`, {})]);
  expect([x.status, y.status].sort()).toEqual([200, 409]);
  const issued = await Promise.all([...Array(6)].map((_, i) => (i % 2 ? supA : supB).post(`/api/remedies/${id}/issue`)));
  for (const r of issued) expect(r.status).toBe(200);
  const codes = new Set(issued.map((r) => r.body.remedy.voucher.code as string));
  expect(codes.size).toBe(1);
  expect(await Voucher.countDocuments({ remedyId: id })).toBe(1);
  const [code] = [...codes];
  const redeemed = await Promise.all(
    [...Array(8)].map((_, i) =>
      request(i % 2 ? a.url : b.url)
        .post(`/api/vouchers/${code}/redeem`)
        .set('X-Api-Key', SHOP_KEY)
        .send({ orderRef: `SO-${i}` }),
    ),
  );
  expect(redeemed.filter((r) => r.status === 200)).toHaveLength(1);
  expect(redeemed.filter((r) => r.status === 409)).toHaveLength(7);
}, 120_000);
