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
  expect(logins.map((l) => l.role)).toEqual(expect.arrayContaining(['admin', 'supervisor', 'agent']));
  const complaints = await Complaint.find().lean();
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
  // Seeding again changes nothing (idempotent keys).
  await seedDemo();
  expect(await Complaint.countDocuments()).toBe(complaints.length);
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
