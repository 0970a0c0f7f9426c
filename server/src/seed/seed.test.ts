import request from 'supertest';
import { startTestServer, type TestServer } from '../../../test/support/harness';
import { Complaint } from '../modules/complaints/complaint.model';
import { DEMO_PASSWORD, seedDemo } from './seed';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.close();
});

it('seeds demo staff, teams and complaints that are routed and readable', async () => {
  const { logins } = await seedDemo();
  await t.settle(); // the live demo complaints are routed on the change feed
  expect(logins.map((l) => l.role)).toEqual(expect.arrayContaining(['admin', 'supervisor', 'agent']));
  // The older demo complaints behind measured retention (35-200 days ago) are checked below.
  const all = await Complaint.find().lean();
  const complaints = all.filter((c) => !c.subject.startsWith('Demo retention history'));
  expect(complaints.length).toBeGreaterThanOrEqual(5);
  // Every category reaches a team: the catch-all team takes what no team lists.
  expect(complaints.filter((c) => c.teamId === null).map((c) => c.category)).toEqual([]);
  expect(new Set(complaints.map((c) => c.customer.tier))).toEqual(new Set(['MVC', 'STC', 'standard', 'BZ']));

  const admin = request.agent(t.url);
  expect((await admin.post('/api/auth/login').send({ email: 'admin@redress.demo', password: DEMO_PASSWORD })).status).toBe(200);
  const teams = await admin.get('/api/admin/teams');
  expect(teams.status).toBe(200);
  expect(teams.body.items.find((x: { key: string }) => x.key === 'service').categories).toEqual([]);
  const users = await admin.get('/api/admin/users');
  expect(users.status).toBe(200);
  // Four weeks of labelled demo history, counted by the dashboard's rollups.
  const history = complaints.filter((c) => c.subject.startsWith('Demo history:'));
  expect(history.length).toBe(180);
  expect(history.every((c) => c.customer.name.startsWith('Demo history customer') && c.assigneeId && c.resolvedAt)).toBe(true);
  const from = new Date(Date.now() - 30 * 86_400_000);
  const to = new Date(Date.now() + 86_400_000);
  const overview = await admin.get(`/api/metrics/overview?from=${from.toISOString()}&to=${to.toISOString()}&granularity=day`);
  expect(overview.status).toBe(200);
  expect(overview.body.totals.created).toBe(complaints.length);
  expect(overview.body.totals.resolved).toBe(history.length);
  expect(overview.body.totals.csatCount).toBe(history.filter((c) => c.csat?.score).length);
  expect(overview.body.live.open).toBe(complaints.length - history.length);
  const detail = await admin.get(`/api/complaints/${String(history[0]!._id)}`);
  expect(detail.status).toBe(200);
  const timeline = await admin.get(`/api/complaints/${String(history[0]!._id)}/timeline`);
  expect(timeline.body.items.map((e: { type: string }) => e.type).slice(0, 3)).toEqual(['created', 'message', 'status_changed']);
  // Measured retention and the at-risk list have something to show on a first start.
  const retention = await admin.get('/api/metrics/retention');
  expect(retention.status).toBe(200);
  const quick = retention.body.rows.find((r: { dim: string; key: string }) => r.dim === 'speed' && r.key === 'quick');
  expect(quick.shown.source).toBe('measured');
  expect(quick.windows[0].n).toBeGreaterThanOrEqual(20);
  const atRisk = await admin.get('/api/metrics/at-risk');
  const ana = atRisk.body.items.find((i: { email: string }) => i.email === 'ana.standard@example.com');
  expect(ana.reasons).toEqual(expect.arrayContaining(['declining_rhythm', 'open_complaint']));
  // Seeding again changes nothing (idempotent keys).
  await seedDemo();
  expect(await Complaint.countDocuments()).toBe(all.length);
});

it('refuses the demo password when running in production', async () => {
  const prod = await startTestServer({ dbName: t.dbName, env: { NODE_ENV: 'production', MONGODB_URI: t.mongoUri } });
  try {
    const res = await request(prod.url).post('/api/auth/login').send({ email: 'admin@redress.demo', password: DEMO_PASSWORD });
    expect(res.status).toBe(401);
  } finally {
    await prod.server.close();
    await prod.catcher.close();
  }
});
