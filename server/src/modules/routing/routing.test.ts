import request from 'supertest';
import type { ViewerPayload } from '@redress/shared';
import { startTestServer, type TestServer } from '../../../../test/support/harness';
import { complaintBody, createTeam, createUser, login, type StaffClient } from '../../../../test/support/factories';
import { connectSocket, recordEvents, until, type StaffSocket } from '../../../../test/support/sockets';
import { User } from '../auth/user.model';
import { Complaint } from '../complaints/complaint.model';
import { ComplaintEvent } from '../complaints/complaintEvent.model';

let t: TestServer;
const sockets: StaffSocket[] = [];
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await t.close();
});

async function socketFor(client: StaffClient) {
  const s = await connectSocket(t.url, client.cookie);
  sockets.push(s);
  return { socket: s, rec: recordEvents(s) };
}

async function file(category: string, over: Record<string, unknown> = {}) {
  const res = await request(t.url)
    .post('/api/complaints')
    .send(complaintBody({ category, ...over }));
  expect(res.status).toBe(201);
  return res.body as { id: string; reference: string };
}

type Notification = { kind: string; complaintId?: string; reference?: string };
type Summary = { id: string; assigneeId: string | null };

describe('routing on filing', () => {
  it('assigns to the best agent and pushes the assignment to exactly that agent and the supervisors', async () => {
    const teamA = await createTeam({ categories: ['delivery_delay'] });
    const teamB = await createTeam({ categories: ['billing_overcharge'] });
    const specialist = await createUser('agent', { teamIds: [teamA._id], categories: ['delivery_delay'], availability: 'online', capacity: 3 });
    const generalist = await createUser('agent', { teamIds: [teamA._id], availability: 'online', capacity: 3 });
    const other = await createUser('agent', { teamIds: [teamB._id], availability: 'online' });
    const sup = await createUser('supervisor', { teamIds: [teamA._id, teamB._id] });
    const connect = async (u: { email: string }) => socketFor(await login(t.url, u.email));
    const [sSpec, sGen, sOther, sSup] = await Promise.all([connect(specialist), connect(generalist), connect(other), connect(sup)]);

    const filed = await file('delivery_delay');
    const c = await until('assigned', async () => (await Complaint.findById(filed.id).lean())?.assigneeId && Complaint.findById(filed.id).lean());
    expect(String(c.assigneeId)).toBe(specialist.id);
    expect(c.status).toBe('assigned');
    expect(c.assignment?.strategy).toBe('skills_load');
    expect(c.assignment?.reason).toMatch(/specialist in delivery_delay/);
    expect(c.priorityScore).toBeGreaterThan(0);

    await until('agent notified', () => sSpec.rec.of<Notification>('notification').some((n) => n.complaintId === filed.id));
    await until('supervisors told', () =>
      sSup.rec
        .of<Summary>('complaint:updated')
        .concat(sSup.rec.of<Summary>('complaint:created'))
        .some((p) => p.id === filed.id && p.assigneeId === specialist.id),
    );
    await new Promise((r) => setTimeout(r, 300));
    expect(sSpec.rec.of<Notification>('notification').filter((n) => n.complaintId === filed.id)).toHaveLength(1);
    expect(sGen.rec.of<Notification>('notification').filter((n) => n.complaintId === filed.id)).toHaveLength(0);
    expect(sSup.rec.of<Notification>('notification').filter((n) => n.complaintId === filed.id)).toHaveLength(0);
    // Another team's agent hears nothing at all about it.
    expect(sOther.rec.events.filter((e) => JSON.stringify(e.payload).includes(filed.id))).toHaveLength(0);

    const events = await ComplaintEvent.find({ complaintId: filed.id, type: 'assigned' }).lean();
    expect(events).toHaveLength(1);
    expect(events[0]!.body).toContain(specialist.name);
    expect((await User.findById(specialist._id).lean())!.openCount).toBe(1);
  });
});

describe('the queue', () => {
  it('holds complaints while nobody is free and drains them in priority order when an agent comes online', async () => {
    const team = await createTeam({ categories: ['complicated_procedure', 'service_outage', 'product_defect'] });
    const agent = await createUser('agent', { teamIds: [team._id], availability: 'away', capacity: 2 });
    const client = await login(t.url, agent.email);
    const { rec } = await socketFor(client);

    const low = await file('complicated_procedure');
    const critical = await file('service_outage');
    const high = await file('product_defect');
    for (const f of [low, critical, high]) {
      const c = await Complaint.findById(f.id).lean();
      expect(c!.assigneeId).toBeNull();
      expect(c!.queuedAt).not.toBeNull();
      expect(await ComplaintEvent.countDocuments({ complaintId: f.id, type: 'queued' })).toBe(1);
    }
    const queue = await client.get('/api/routing/queue');
    expect(queue.body.items.map((i: { id: string }) => i.id)).toEqual([critical.id, high.id, low.id]);

    const res = await client.put('/api/agents/me/availability', { availability: 'online' });
    expect(res.status).toBe(200);
    expect(res.body.user.availability).toBe('online');
    await until('two assigned', () => rec.of<Notification>('notification').length >= 2);
    // The two highest took the two free slots (pushes of different complaints may arrive in either
    // order: the change feed keeps order per complaint, not across complaints).
    expect(
      rec
        .of<Notification>('notification')
        .map((n) => n.complaintId)
        .sort(),
    ).toEqual([critical.id, high.id].sort());
    expect((await Complaint.findById(low.id).lean())!.assigneeId).toBeNull();

    // Capacity frees when one is resolved: the last one follows.
    const resolved = await client.post(`/api/complaints/${critical.id}/status`, { status: 'resolved' });
    expect(resolved.status).toBe(200);
    await until('third assigned', async () => String((await Complaint.findById(low.id).lean())!.assigneeId) === agent.id);
    expect((await User.findById(agent._id).lean())!.openCount).toBe(2);
  });

  it('never exceeds capacity when many complaints arrive at once', async () => {
    const team = await createTeam({ categories: ['wrong_or_missing_item'] });
    const agent = await createUser('agent', { teamIds: [team._id], availability: 'online', capacity: 2 });
    const filed = await Promise.all(Array.from({ length: 8 }, () => file('wrong_or_missing_item')));
    const docs = await Complaint.find({ _id: { $in: filed.map((f) => f.id) } }).lean();
    expect(docs.filter((d) => String(d.assigneeId) === agent.id)).toHaveLength(2);
    expect(docs.filter((d) => d.assigneeId === null)).toHaveLength(6);
    expect((await User.findById(agent._id).lean())!.openCount).toBe(2);
  });
});

describe('claim, reassign, hand back, escalate', () => {
  it('lets exactly one of two agents claim the same complaint, and refuses an agent at capacity', async () => {
    const team = await createTeam({ categories: ['damaged_in_transit'] });
    const a = await createUser('agent', { teamIds: [team._id], capacity: 1 });
    const b = await createUser('agent', { teamIds: [team._id], capacity: 1 });
    const [ca, cb] = await Promise.all([login(t.url, a.email), login(t.url, b.email)]);
    const first = await file('damaged_in_transit');
    const results = await Promise.all([ca.post(`/api/complaints/${first.id}/claim`), cb.post(`/api/complaints/${first.id}/claim`)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const winner = results[0]!.status === 200 ? a : b;
    expect(String((await Complaint.findById(first.id).lean())!.assigneeId)).toBe(winner.id);

    const second = await file('damaged_in_transit');
    const winnerClient = winner === a ? ca : cb;
    const full = await winnerClient.post(`/api/complaints/${second.id}/claim`);
    expect(full.status).toBe(409);
    expect(full.body.error.message).toMatch(/capacity/);
  });

  it('hands back to someone else with the reason, and a supervisor reassigns within capacity', async () => {
    const team = await createTeam({ categories: ['refund_not_received'] });
    const a = await createUser('agent', { teamIds: [team._id], availability: 'online', capacity: 2, name: 'Agent Alpha' });
    const b = await createUser('agent', { teamIds: [team._id], availability: 'online', capacity: 2, name: 'Agent Beta' });
    const sup = await login(t.url, (await createUser('supervisor', { teamIds: [team._id] })).email);
    const filed = await file('refund_not_received');
    const first = (await Complaint.findById(filed.id).lean())!;
    const holder = String(first.assigneeId) === a.id ? a : b;
    const otherAgent = holder === a ? b : a;
    const holderClient = await login(t.url, holder.email);

    const bad = await holderClient.post(`/api/complaints/${filed.id}/handback`, { reason: '' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].path).toBe('reason');
    const back = await holderClient.post(`/api/complaints/${filed.id}/handback`, { reason: 'Needs a Mandarin speaker' });
    expect(back.status).toBe(200);
    const after = (await Complaint.findById(filed.id).lean())!;
    expect(String(after.assigneeId)).toBe(otherAgent.id);
    expect(after.handedBackBy.map(String)).toEqual([holder.id]);
    const unassigned = await ComplaintEvent.findOne({ complaintId: filed.id, type: 'unassigned' }).lean();
    expect(unassigned!.body).toContain('Needs a Mandarin speaker');

    // Only the assignee may hand back; only supervisors may reassign.
    expect((await holderClient.post(`/api/complaints/${filed.id}/handback`, { reason: 'again please' })).status).toBe(403);
    expect((await holderClient.post(`/api/complaints/${filed.id}/assign`, { agentId: holder.id })).status).toBe(403);
    const re = await sup.post(`/api/complaints/${filed.id}/assign`, { agentId: holder.id, reason: 'Back to the original owner' });
    expect(re.status).toBe(200);
    expect(re.body.complaint.assigneeId).toBe(holder.id);
    const outsider = await createUser('agent');
    expect((await sup.post(`/api/complaints/${filed.id}/assign`, { agentId: outsider.id })).status).toBe(400);
  });

  it('escalates to the senior team queue', async () => {
    const team = await createTeam({ categories: ['staff_behaviour'] });
    const senior = await createTeam({ senior: true });
    const a = await createUser('agent', { teamIds: [team._id], availability: 'online' });
    const s = await createUser('agent', { teamIds: [senior._id], availability: 'online' });
    const filed = await file('staff_behaviour');
    const client = await login(t.url, a.email);
    const res = await client.post(`/api/complaints/${filed.id}/escalate`, { reason: 'Customer asks for a manager' });
    expect(res.status).toBe(200);
    const c = (await Complaint.findById(filed.id).lean())!;
    expect(String(c.teamId)).toBe(senior.id);
    expect(String(c.assigneeId)).toBe(s.id);
    // The first agent no longer sees it.
    expect((await client.get(`/api/complaints/${filed.id}`)).status).toBe(404);
  });
});

describe('sockets', () => {
  it('refuses to watch another team’s complaint and warns of colleagues on the same one', async () => {
    const team = await createTeam({ categories: ['waiting_time'] });
    const otherTeam = await createTeam();
    const a = await login(t.url, (await createUser('agent', { teamIds: [team._id], name: 'Li Viewer' })).email);
    const b = await login(t.url, (await createUser('agent', { teamIds: [team._id], name: 'Maria Viewer' })).email);
    const x = await login(t.url, (await createUser('agent', { teamIds: [otherTeam._id] })).email);
    const filed = await file('waiting_time');
    const [sa, sb, sx] = await Promise.all([socketFor(a), socketFor(b), socketFor(x)]);

    const refused = await new Promise<{ ok: boolean; error?: string }>((r) => sx.socket.emit('complaint:watch', { complaintId: filed.id, mode: 'viewing' }, r));
    expect(refused).toEqual({ ok: false, error: 'not_found' });

    await new Promise((r) => sa.socket.emit('complaint:watch', { complaintId: filed.id, mode: 'viewing' }, r));
    await new Promise((r) => sb.socket.emit('complaint:watch', { complaintId: filed.id, mode: 'replying' }, r));
    const seen = await until('a sees b', () =>
      sa.rec
        .of<{ complaintId: string; viewers: ViewerPayload[] }>('complaint:viewers')
        .find((v) => v.viewers.some((p) => p.name === 'Maria Viewer' && p.mode === 'replying')),
    );
    expect(seen.viewers.map((v) => v.name).sort()).toEqual(['Li Viewer', 'Maria Viewer']);
    expect(sx.rec.of('complaint:viewers')).toHaveLength(0);

    sb.socket.emit('complaint:unwatch', { complaintId: filed.id });
    await until('b left', () => sa.rec.of<{ viewers: ViewerPayload[] }>('complaint:viewers').at(-1)?.viewers.length === 1);
  });

  it('brings an offline agent online on connect and drains the queue to them', async () => {
    const team = await createTeam({ categories: ['other'] });
    const agent = await createUser('agent', { teamIds: [team._id], availability: 'offline' });
    const filed = await file('other');
    expect((await Complaint.findById(filed.id).lean())!.assigneeId).toBeNull();
    await socketFor(await login(t.url, agent.email));
    await until('online and assigned', async () => String((await Complaint.findById(filed.id).lean())!.assigneeId) === agent.id);
    expect((await User.findById(agent._id).lean())!.availability).toBe('online');
  });
});
