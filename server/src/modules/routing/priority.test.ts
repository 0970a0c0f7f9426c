import request from 'supertest';
import { priorityThresholds, type OverviewResponse } from '@redress/shared';
import { FakeClock, startTestServer, type TestServer } from '../../../../test/support/harness';
import { complaintBody, createTeam, createUser, login, type StaffClient } from '../../../../test/support/factories';
import { Complaint } from '../complaints/complaint.model';
import { ComplaintEvent } from '../complaints/complaintEvent.model';
import { setComplaintPriority } from '../complaints/commands/complaintAssignment';
import { derivePriority, derivePriorityOfWaiting } from './commands/priorityDeriver';

const clock = new FakeClock(new Date('2026-06-01T09:00:00Z'));
let t: TestServer;
let admin: StaffClient;
beforeAll(async () => {
  t = await startTestServer({ clock });
  admin = await login(t.url, (await createUser('admin')).email);
});
afterAll(async () => {
  await t.close();
});

let n = 0;
const email = () => `prio-${Date.now()}-${++n}@example.com`;

/** Lifetime value = order value x orders a year x years: 500 x 20 x 5 = 50,000 (MVC); 10 x 1 x 1 = 10 (BZ). */
async function setValue(to: string, value: 'MVC' | 'BZ') {
  const row =
    value === 'MVC' ? { averageOrderValue: 500, ordersPerYear: 20, yearsAsCustomer: 5 } : { averageOrderValue: 10, ordersPerYear: 1, yearsAsCustomer: 1 };
  const res = await admin.post('/api/customers/import', { rows: [{ email: to, ...row }] });
  expect(res.status).toBe(200);
}

async function file(to: string, category: string) {
  const res = await request(t.url)
    .post('/api/complaints')
    .send(complaintBody({ category, customer: { name: 'Priority Customer', email: to } }));
  expect(res.status).toBe(201);
  await t.settle();
  return (await Complaint.findById(res.body.id).lean())!;
}

const priorityEvents = (id: unknown) => ComplaintEvent.find({ complaintId: id, type: 'priority_changed' }).sort({ at: 1 }).lean();

describe('priority from the routing score', () => {
  it("an MVC customer's high-severity complaint is filed as high, with a timeline entry, and the by-priority figure counts it", async () => {
    const team = await createTeam({ categories: ['damaged_in_transit'] });
    await createUser('agent', { teamIds: [team._id], availability: 'online' });
    const to = email();
    await setValue(to, 'MVC');
    const c = await file(to, 'damaged_in_transit');
    expect(c.priorityScore).toBeGreaterThanOrEqual(priorityThresholds.high);
    expect(c.priorityScore).toBeLessThan(priorityThresholds.urgent);
    expect(c.priority).toBe('high');
    expect(c.prioritySource).toBe('routing');
    const events = await priorityEvents(c._id);
    expect(events.map((e) => [e.data.from, e.data.to, e.data.source, e.data.score])).toEqual([['normal', 'high', 'routing', c.priorityScore]]);

    const sup = await login(t.url, (await createUser('supervisor', { teamIds: [team._id] })).email);
    const overview = (await sup.get('/api/metrics/overview')).body as OverviewResponse;
    expect(overview.live.byPriority.high).toBeGreaterThanOrEqual(1);
    const drill = await sup.get('/api/metrics/drilldown?metric=backlog&key=priority:high&pageSize=100');
    expect(drill.status).toBe(200);
    expect((drill.body.items as { id: string }[]).map((i) => i.id)).toContain(String(c._id));

    // Deriving again changes nothing (idempotent).
    expect(await derivePriority(c._id)).toBeNull();
    await t.settle();
    expect(await priorityEvents(c._id)).toHaveLength(1);
  });

  it('follows a tier change both ways, and the by-priority figure moves with it', async () => {
    const team = await createTeam({ categories: ['billing_overcharge'] });
    const to = email();
    const c = await file(to, 'billing_overcharge');
    expect(c.priority).toBe('normal');
    // The dashboard shows a supervisor their teams' figures.
    const sup = await login(t.url, (await createUser('supervisor', { teamIds: [team._id] })).email);
    const live = async () => ((await sup.get('/api/metrics/overview')).body as OverviewResponse).live.byPriority;
    const before = await live();

    await setValue(to, 'MVC');
    await t.settle();
    expect((await Complaint.findById(c._id).lean())!.priority).toBe('high');
    const raised = await live();
    expect([raised.normal! - before.normal!, raised.high! - before.high!]).toEqual([-1, 1]);

    await setValue(to, 'BZ');
    await t.settle();
    expect((await Complaint.findById(c._id).lean())!.priority).toBe('normal');
    const lowered = await live();
    expect([lowered.normal, lowered.high]).toEqual([before.normal, before.high]);
  });

  it('rises with waiting time until the first response; a staff choice stands; an SLA raise is not lowered', async () => {
    await createTeam({ categories: ['staff_behaviour'] });
    const waiting = await file(email(), 'staff_behaviour');
    const staffSet = await file(email(), 'staff_behaviour');
    const slaSet = await file(email(), 'staff_behaviour');
    expect([waiting.priority, staffSet.priority, slaSet.priority]).toEqual(['normal', 'normal', 'normal']);
    await setComplaintPriority(staffSet._id, 'normal', 'low', { reason: 'agent knows better', source: 'staff' }, clock.now());
    await setComplaintPriority(slaSet._id, 'normal', 'high', { reason: 'SLA policy', source: 'sla' }, clock.now());
    await t.settle();

    clock.advance(6 * 3600_000);
    await derivePriorityOfWaiting();
    await derivePriorityOfWaiting();
    await t.settle();
    const now = async (c: { _id: unknown }) => (await Complaint.findById(c._id).lean())!.priority;
    expect(await now(waiting)).toBe('high');
    expect(await now(staffSet)).toBe('low');
    expect(await now(slaSet)).toBe('high');
    expect((await priorityEvents(waiting._id)).map((e) => e.data.to)).toEqual(['high']);
  });
});
