/**
 * Issue 14 point 2: a supervisor of one team receives nothing of another team, by any route
 * (complaint list and detail, dashboard overview, agents, teams, drill-down JSON and CSV, overview
 * CSV) or socket event; an admin still sees both. One policy decides (auth.policy.ts).
 */
import request from 'supertest';
import { startTestServer, type TestServer } from '../support/harness';
import { complaintBody, createTeam, createUser, login, type StaffClient } from '../support/factories';
import { connectSocket, recordEvents, until, type StaffSocket } from '../support/sockets';
import { socketRoomsFor, complaintRooms, complaintPolicy } from '../../server/src/modules/auth/auth.policy';
import { User } from '../../server/src/modules/auth/user.model';

let t: TestServer;
const sockets: StaffSocket[] = [];

beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await t.close();
});

async function file(category: string, customerName: string) {
  const res = await request(t.url)
    .post('/api/complaints')
    .send(complaintBody({ category, customer: { name: customerName, email: `${customerName.replace(/\W/g, '').toLowerCase()}@example.com` } }));
  expect(res.status).toBe(201);
  return res.body as { id: string; reference: string };
}

async function socketOf(c: StaffClient) {
  const s = await connectSocket(t.url, c.cookie);
  sockets.push(s);
  return { s, rec: recordEvents(s) };
}

it('a one-team supervisor gets none of another team, by route or socket; an admin gets both', async () => {
  const teamA = await createTeam({ categories: ['delivery_delay'] });
  const teamB = await createTeam({ categories: ['billing_overcharge'] });
  await createUser('agent', { teamIds: [teamA._id], availability: 'online', capacity: 10, name: 'Alice A-agent' });
  const agentB = await createUser('agent', { teamIds: [teamB._id], availability: 'online', capacity: 10, name: 'Bob B-agent' });
  const supA = await login(t.url, (await createUser('supervisor', { teamIds: [teamA._id] })).email);
  const admin = await login(t.url, (await createUser('admin')).email);
  const agentBClient = await login(t.url, agentB.email);
  const [supSock, adminSock] = await Promise.all([socketOf(supA), socketOf(admin)]);

  const a = await file('delivery_delay', 'Anna Ours');
  const b = await file('billing_overcharge', 'Boris Foreign');
  await t.settle();
  // Something of team B happens while the supervisor listens: presence, a status change.
  expect((await agentBClient.put('/api/agents/me/availability', { availability: 'away' })).status).toBe(200);
  await t.settle();

  // The admin hears both; the team A supervisor hears A's complaint but nothing of B.
  await until('admin heard both', () => {
    const seen = JSON.stringify(adminSock.rec.events);
    return seen.includes(a.id) && seen.includes(b.id);
  });
  await until('supervisor heard A', () => JSON.stringify(supSock.rec.events).includes(a.id));
  await new Promise((r) => setTimeout(r, 1_200)); // trailing metrics:changed and presence pushes
  const heard = JSON.stringify(supSock.rec.events);
  for (const secret of [b.id, b.reference, 'Boris Foreign', agentB.id, String(teamB._id)]) expect(heard).not.toContain(secret);

  // Routes: the complaint itself and the list.
  expect((await supA.get(`/api/complaints/${b.id}`)).status).toBe(404);
  const list = await supA.get('/api/complaints');
  expect(list.status).toBe(200);
  expect(JSON.stringify(list.body)).toContain(a.reference);
  expect(JSON.stringify(list.body)).not.toContain(b.reference);

  const from = new Date(Date.now() - 3_600_000).toISOString();
  const noB = (body: unknown) => {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    for (const secret of [b.reference, 'Boris Foreign', 'Bob B-agent', String(teamB._id)]) expect(text).not.toContain(secret);
  };
  // Drill-down: JSON and CSV, every key form, backlog (open set) and created (history).
  for (const query of [
    `metric=created&key=all&from=${from}`,
    `metric=backlog&key=all`,
    `metric=created&key=category:billing_overcharge&from=${from}`,
    `metric=backlog&key=team:${String(teamB._id)}`,
    `metric=created&key=team:none&from=${from}`,
    `metric=backlog&key=agent:${agentB.id}`,
  ]) {
    const json = await supA.get(`/api/metrics/drilldown?${query}`);
    expect(json.status).toBe(200);
    noB(json.body);
    const csv = await supA.get(`/api/metrics/drilldown?${query}&format=csv`);
    expect(csv.status).toBe(200);
    noB(csv.text);
  }
  const all = await supA.get(`/api/metrics/drilldown?metric=created&key=all&from=${from}`);
  expect(all.body.items.map((i: { reference: string }) => i.reference)).toEqual([a.reference]);
  // Asking for team B outright is refused, as its complaints are.
  expect((await supA.get(`/api/metrics/drilldown?metric=created&key=all&team=${String(teamB._id)}`)).status).toBe(404);
  expect((await supA.get(`/api/metrics/overview?team=${String(teamB._id)}`)).status).toBe(404);

  // Overview: team A's figures only (JSON and the CSV tables).
  const overview = await supA.get(`/api/metrics/overview?from=${from}`);
  expect(overview.status).toBe(200);
  expect(overview.body.totals.created).toBe(1);
  expect(overview.body.live.open).toBe(1);
  expect(overview.body.live.byTeam.map((x: { teamId: string }) => x.teamId)).toEqual([String(teamA._id)]);
  noB(overview.body);
  for (const table of ['backlog', 'series', 'category', 'channel']) {
    const csv = await supA.get(`/api/metrics/overview?from=${from}&format=csv&table=${table}`);
    expect(csv.status).toBe(200);
    noB(csv.text);
    if (table === 'category') expect(csv.text).not.toContain('billing_overcharge');
  }
  const agents = await supA.get('/api/metrics/agents');
  expect(agents.status).toBe(200);
  noB(agents.body);
  expect(JSON.stringify(agents.body)).toContain('Alice A-agent');
  noB((await supA.get('/api/metrics/agents?format=csv')).text);
  const teams = await supA.get('/api/metrics/teams');
  expect(teams.body.items.map((x: { id: string }) => x.id)).toEqual([String(teamA._id)]);

  // The remedy audit (page, CSV, staff filter) holds the team's remedies only.
  for (const path of ['/api/compensation/audit', '/api/compensation/audit.csv', '/api/compensation/audit/actors']) {
    const res = await supA.get(path);
    expect(res.status).toBe(200);
    noB(path.endsWith('.csv') ? res.text : res.body);
  }
  expect((await supA.get('/api/compensation/audit.csv')).text).toContain(a.reference);
  expect((await admin.get('/api/compensation/audit.csv')).text).toContain(b.reference);

  // Measured retention and the at-risk list: only team A's row and complaints, once both are resolved.
  for (const c of [a, b]) expect((await admin.post(`/api/complaints/${c.id}/status`, { status: 'resolved' })).status).toBe(200);
  await t.settle();
  const retention = await supA.get('/api/metrics/retention');
  expect(retention.status).toBe(200);
  expect(retention.body.rows.filter((r: { dim: string }) => r.dim === 'team').map((r: { key: string }) => r.key)).toEqual([String(teamA._id)]);
  const adminRetention = await admin.get('/api/metrics/retention');
  expect(adminRetention.body.rows.filter((r: { dim: string }) => r.dim === 'team').map((r: { key: string }) => r.key)).toContain(String(teamB._id));
  // Customers are read by every supervisor, so the at-risk list may name B's customer, but never links B's complaint.
  const atRisk = JSON.stringify((await supA.get('/api/metrics/at-risk')).body);
  expect(atRisk).not.toContain(b.id);
  expect(atRisk).not.toContain(b.reference);

  // The admin sees both teams' figures.
  const adminOverview = await admin.get(`/api/metrics/overview?from=${from}`);
  expect(adminOverview.body.totals.created).toBe(2);
  const adminDrill = await admin.get(`/api/metrics/drilldown?metric=created&key=all&from=${from}&format=csv`);
  expect(adminDrill.text).toContain(b.reference);
  expect(adminDrill.text).toContain(a.reference);
});

it('socket rooms are the read policy: a socket is in a room of a complaint exactly when read allows it', async () => {
  const [t1, t2] = [await createTeam(), await createTeam()];
  const users = await Promise.all([
    createUser('agent', { teamIds: [t1._id] }),
    createUser('agent', { teamIds: [t1._id, t2._id] }),
    createUser('agent'),
    createUser('supervisor', { teamIds: [t1._id] }),
    createUser('supervisor'),
    createUser('admin'),
  ]);
  const other = await createUser('agent', { teamIds: [t2._id] });
  const complaints = [null, t1._id, t2._id].flatMap((teamId) => [null, ...users.map((u) => u._id), other._id].map((assigneeId) => ({ teamId, assigneeId })));
  for (const u of users) {
    const fresh = (await User.findById(u._id))!;
    const rooms = new Set(socketRoomsFor(fresh));
    for (const c of complaints) {
      expect({ user: u.role, teams: u.teamIds.length, c, hears: complaintRooms(c).some((r) => rooms.has(r)) }).toEqual({
        user: u.role,
        teams: u.teamIds.length,
        c,
        hears: complaintPolicy.read(fresh, c),
      });
    }
  }
});
