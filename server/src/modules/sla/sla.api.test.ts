import request from 'supertest';
import { FakeClock, startTestServer, type TestServer } from '../../../../test/support/harness';
import { complaintBody, createTeam, createUser, login, type StaffClient } from '../../../../test/support/factories';
import type { ComplaintChange } from '../complaints/complaintChanges';
import { writeComplaint } from '../../../../test/support/changes';
import { ComplaintEvent } from '../complaints/complaintEvent.model';
import { OutboxMail } from '../notifications/outbox.model';
import { sweepSlaTimers } from './jobs/slaSweep';
import { SlaTimer, SlaTimerClaim } from './slaTimer.model';

const MIN = 60_000;
const T0 = new Date('2026-11-23T09:00:00Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * MIN).toISOString();

let t: TestServer;
const clock = new FakeClock(T0);
let admin: StaffClient;
let supervisor: StaffClient;
let agent: StaffClient;
let supervisorEmail: string;
const breaches: ComplaintChange[] = [];

beforeAll(async () => {
  t = await startTestServer({ clock });
  const team = await createTeam({ categories: ['delivery_delay'] });
  const a = await createUser('admin');
  const s = await createUser('supervisor', { teamIds: [team._id] });
  const g = await createUser('agent', { teamIds: [team._id] });
  supervisorEmail = s.email;
  [admin, supervisor, agent] = await Promise.all([login(t.url, a.email), login(t.url, s.email), login(t.url, g.email)]);
  // Listen on the change feed as any subscriber does.
  t.server.feed.subscribe({
    name: 'sla-test-probe',
    accepts: (c) => c.type === 'sla_alert' && c.kind === 'breach',
    handle: async (cs) => void breaches.push(...cs),
  });
});
afterAll(async () => {
  await t.close();
});

describe('SLA admin API', () => {
  it('lets admins write, supervisors read, and nobody else', async () => {
    const body = {
      name: 'Weekdays Paris',
      calendar: { timeZone: 'Europe/Paris', alwaysOpen: false, weekly: [{ day: 1, open: '09:00', close: '18:00' }], holidays: ['2026-12-25'] },
    };
    const created = await admin.post('/api/sla/calendars', body);
    expect(created.status).toBe(201);
    expect(created.body.calendar).toMatchObject(body);
    expect((await supervisor.post('/api/sla/calendars', { ...body, name: 'x' })).status).toBe(403);
    expect((await supervisor.get('/api/sla/calendars')).body.items.map((c: { name: string }) => c.name)).toContain('Weekdays Paris');
    expect((await agent.get('/api/sla/policies')).status).toBe(403);
    expect((await request(t.url).get('/api/sla/policies')).status).toBe(401);
    expect((await admin.post('/api/sla/calendars', body)).body.error.fields).toEqual([{ path: 'name', message: 'another calendar already has this name' }]);
  });

  it('rejects invalid policies field by field', async () => {
    const res = await admin.post('/api/sla/policies', {
      name: '',
      match: { priorities: ['asap'] },
      calendarId: 'nope',
      targets: { firstResponseMinutes: 0, resolutionMinutes: 10 },
      warnAtPercent: 120,
      escalation: { onAtRisk: ['shout'] },
    });
    expect(res.status).toBe(400);
    const paths = res.body.error.fields.map((f: { path: string }) => f.path);
    expect(paths).toEqual(
      expect.arrayContaining(['name', 'match.priorities.0', 'calendarId', 'targets.firstResponseMinutes', 'warnAtPercent', 'escalation.onAtRisk.0']),
    );
    const unknownCalendar = await admin.post('/api/sla/policies', {
      name: 'p',
      calendarId: 'a'.repeat(24),
      targets: { firstResponseMinutes: 5, resolutionMinutes: 10 },
    });
    expect(unknownCalendar.body.error.fields).toEqual([{ path: 'calendarId', message: 'no such calendar' }]);
  });

  it('previews an example complaint: the matching policy, and due times that skip nights, the weekend and a holiday', async () => {
    const cal = await admin.post('/api/sla/calendars', {
      name: 'Shanghai office',
      calendar: {
        timeZone: 'Asia/Shanghai',
        alwaysOpen: false,
        weekly: [1, 2, 3, 4, 5].map((day) => ({ day, open: '09:00', close: '17:00' })),
        holidays: ['2026-12-07'],
      },
    });
    expect(cal.status).toBe(201);
    const body = { channel: 'email', category: 'preview_only_category', priority: 'low', tier: 'BZ', filedAt: '2026-12-04T15:00' };
    // Before the policy exists the built-in default applies (8 h / 40 h on weekdays in London).
    const before = await supervisor.post('/api/sla/preview', body);
    expect(before.status).toBe(200);
    expect(before.body.preview.policy).toEqual({ id: null, name: 'Built-in default' });
    const policy = await admin.post('/api/sla/policies', {
      name: 'Business email, Shanghai',
      order: 1,
      match: { tiers: ['BZ'], channels: ['email'] },
      calendarId: cal.body.calendar.id,
      targets: { firstResponseMinutes: 240, resolutionMinutes: 960 },
    });
    expect(policy.status).toBe(201);
    // The edit forgot the cached settings: the preview sees the new policy at once.
    const res = await supervisor.post('/api/sla/preview', body);
    expect(res.status).toBe(200);
    // Friday 15:00 Shanghai: 2 h on Friday, Monday 7 December is a holiday; 2 more hours on Tuesday.
    expect(res.body.preview).toEqual({
      policy: { id: policy.body.policy.id, name: 'Business email, Shanghai' },
      calendar: { id: cal.body.calendar.id, name: 'Shanghai office', timeZone: 'Asia/Shanghai' },
      timeZone: 'Asia/Shanghai',
      filedAt: '2026-12-04T07:00:00.000Z',
      filedLocal: '2026-12-04 15:00',
      firstResponse: { targetMinutes: 240, dueAt: '2026-12-08T03:00:00.000Z', dueLocal: '2026-12-08 11:00' },
      resolution: { targetMinutes: 960, dueAt: '2026-12-09T07:00:00.000Z', dueLocal: '2026-12-09 15:00' },
    });
    const inLondon = await supervisor.post('/api/sla/preview', { ...body, filedAt: '2026-12-04T07:00:00Z', timeZone: 'Europe/London' });
    expect(inLondon.body.preview).toMatchObject({ filedLocal: '2026-12-04 07:00', firstResponse: { dueLocal: '2026-12-08 03:00' } });
    const bad = await supervisor.post('/api/sla/preview', { ...body, tier: 'VIP', filedAt: 'Friday', timeZone: 'Mars/Base' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { path: string }) => f.path).sort()).toEqual(['filedAt', 'tier', 'timeZone']);
    expect((await agent.post('/api/sla/preview', body)).status).toBe(403);
    await admin.delete(`/api/sla/policies/${policy.body.policy.id}`);
  });
});

describe('SLA clocks through a complaint lifecycle', () => {
  it('pauses while waiting on the customer, warns and breaches once, escalates, records the outcome, resumes on reopen', async () => {
    const cal = await admin.post('/api/sla/calendars', { name: 'Always', calendar: { timeZone: 'UTC', alwaysOpen: true, weekly: [], holidays: [] } });
    const policy = await admin.post('/api/sla/policies', {
      name: 'Fast lane',
      order: 0,
      calendarId: cal.body.calendar.id,
      targets: { firstResponseMinutes: 30, resolutionMinutes: 60 },
      warnAtPercent: 50,
      escalation: { onAtRisk: ['notify'], onBreach: ['raise_priority', 'email_supervisor'] },
    });
    expect(policy.status).toBe(201);

    const filed = await request(t.url).post('/api/complaints').send(complaintBody());
    const id = filed.body.id as string;
    let sla = (await agent.get(`/api/complaints/${id}/sla`)).body.sla;
    expect(sla).toMatchObject({ policyName: 'Fast lane', calendarName: 'Always' });
    expect(sla.resolution).toMatchObject({ state: 'running', dueAt: at(60), warnAt: at(30) });
    expect(sla.firstResponse).toMatchObject({ state: 'running', dueAt: at(30) });

    clock.set(new Date(at(5)));
    expect((await agent.post(`/api/complaints/${id}/messages`, { body: 'We are on it.', visibility: 'public' })).status).toBe(201);
    clock.set(new Date(at(10)));
    expect((await agent.post(`/api/complaints/${id}/status`, { status: 'waiting_on_customer' })).status).toBe(200);
    sla = (await agent.get(`/api/complaints/${id}/sla`)).body.sla;
    expect(sla.outcome.firstResponse).toBe('achieved');
    expect(sla.firstResponse).toMatchObject({ state: 'met', elapsedBusinessMs: 5 * MIN });
    expect(sla.resolution).toMatchObject({ state: 'paused', dueAt: null, paused: true });

    // Two hours on hold: nothing fires.
    clock.set(new Date(at(130)));
    expect(await sweepSlaTimers()).toBe(0);
    await t.settle();
    expect((await agent.post(`/api/complaints/${id}/status`, { status: 'in_progress' })).status).toBe(200);
    sla = (await agent.get(`/api/complaints/${id}/sla`)).body.sla;
    // 10 min used before the pause, 50 left from minute 130; warn at 30 used = minute 150.
    expect(sla.resolution).toMatchObject({ state: 'running', dueAt: at(180), warnAt: at(150) });
    expect(sla.onHold).toEqual({ businessMs: 120 * MIN, calendarMs: 120 * MIN });
    expect(sla.requesterWait).toEqual({ businessMs: 10 * MIN, calendarMs: 10 * MIN });

    clock.set(new Date(at(151)));
    expect(await sweepSlaTimers()).toBe(1);
    await t.settle();
    expect(await sweepSlaTimers()).toBe(0);
    await t.settle();
    expect((await agent.get(`/api/complaints/${id}/sla`)).body.sla.resolution.state).toBe('at_risk');
    const list = await agent.get('/api/complaints?scope=team');
    expect(list.body.items.find((c: { id: string }) => c.id === id).sla).toEqual({ dueAt: at(180), state: 'at_risk' });

    clock.set(new Date(at(181)));
    expect(await sweepSlaTimers()).toBe(1);
    await t.settle();
    const detail = (await agent.get(`/api/complaints/${id}`)).body.complaint;
    expect(detail.priority).toBe('high'); // raised one level by the policy
    expect(detail.sla.resolution).toMatchObject({ state: 'breached', breachedAt: at(180) });
    expect(detail.sla.outcome.resolution).toBe('breached');
    expect(breaches).toEqual([expect.objectContaining({ type: 'sla_alert', kind: 'breach', complaintId: id, clock: 'resolution' })]);
    expect(await OutboxMail.countDocuments({ to: supervisorEmail, subject: { $regex: 'Resolution breached' } })).toBe(1);
    const slaEvents = await ComplaintEvent.find({ complaintId: id, type: 'sla' }).lean();
    expect(slaEvents.map((e) => (e.data as { state: string }).state)).toEqual(['at_risk', 'breached']);

    clock.set(new Date(at(185)));
    expect((await agent.post(`/api/complaints/${id}/status`, { status: 'resolved' })).status).toBe(200);
    sla = (await agent.get(`/api/complaints/${id}/sla`)).body.sla;
    expect(sla.resolution).toMatchObject({ state: 'breached', metAt: at(185), breachedByMs: 5 * MIN });
    expect(sla.outcome).toMatchObject({ resolution: 'breached', resolutionBreachedByMs: 5 * MIN });
    expect(sla.requesterWait).toEqual({ businessMs: 65 * MIN, calendarMs: 65 * MIN });

    // Reopened: the clock runs again from 65 min used; it stays breached and no second breach fires.
    clock.set(new Date(at(300)));
    expect((await agent.post(`/api/complaints/${id}/status`, { status: 'in_progress' })).status).toBe(200);
    sla = (await agent.get(`/api/complaints/${id}/sla`)).body.sla;
    expect(sla.resolution).toMatchObject({ state: 'breached', metAt: null, elapsedBusinessMs: 65 * MIN });
    clock.set(new Date(at(400)));
    expect(await sweepSlaTimers()).toBe(0);
    await t.settle();
    const ids = (await SlaTimer.find({ complaintId: id }, { _id: 1 }).lean()).map((x) => String(x._id));
    expect(await SlaTimerClaim.countDocuments({ _id: { $in: ids } })).toBe(ids.length); // every timer settled
    expect(await SlaTimerClaim.countDocuments({ _id: { $in: ids }, outcome: 'fired' })).toBe(2);
  });

  it('recomputes due times when the priority changes the policy', async () => {
    clock.set(T0);
    await admin.post('/api/sla/policies', {
      name: 'Urgent lane',
      order: 1,
      match: { priorities: ['urgent'] },
      targets: { firstResponseMinutes: 15, resolutionMinutes: 120 },
    });
    const normal = await admin.post('/api/sla/policies', {
      name: 'Normal lane',
      order: 2,
      match: { priorities: ['normal'] },
      targets: { firstResponseMinutes: 60, resolutionMinutes: 600 },
    });
    // Deactivate the catch-all from the previous test so the lanes decide.
    const all = (await admin.get('/api/sla/policies')).body.items as { id: string; name: string }[];
    const fast = all.find((p) => p.name === 'Fast lane')!;
    await admin.delete(`/api/sla/policies/${fast.id}`);
    expect(normal.status).toBe(201);

    const filed = await request(t.url).post('/api/complaints').send(complaintBody());
    const id = filed.body.id as string;
    let sla = (await agent.get(`/api/complaints/${id}/sla`)).body.sla;
    expect(sla.policyName).toBe('Normal lane');
    // Weekday default calendar: Mon 09:00 + 60 business min.
    expect(sla.firstResponse.dueAt).toBe(at(60));

    clock.set(new Date(at(5)));
    await writeComplaint(id, { priority: 'urgent' }, { type: 'priority_changed', from: 'normal', to: 'urgent', reason: 'test' });
    await t.settle();
    sla = (await agent.get(`/api/complaints/${id}/sla`)).body.sla;
    expect(sla.policyName).toBe('Urgent lane');
    expect(sla.firstResponse.dueAt).toBe(at(15));
    const ids = (await SlaTimer.find({ complaintId: id }, { _id: 1 }).lean()).map((x) => String(x._id));
    expect(ids).toHaveLength(8);
    expect(await SlaTimerClaim.countDocuments({ _id: { $in: ids }, outcome: 'cancelled' })).toBe(4);
  });
});
