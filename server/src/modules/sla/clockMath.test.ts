import { alwaysOpenCalendar, choosePolicy, defaultBusinessCalendar, type BusinessCalendar, type SlaMatch } from '@redress/shared';
import { MAX_PAUSES, markBreached, markWarned, meetClock, pauseClock, reopenClock, resumeClock, retargetClock, startClock, timersFor } from './clockMath';
import { applySlaEvent, applyTimer, startSla, summaryOf, timerChanges, type SlaTargets } from './slaState';

const MIN = 60_000;
const H = 60 * MIN;
const d = (iso: string): Date => new Date(iso);
const iso = (x: Date | null): string | null => (x ? x.toISOString() : null);

// 2026-11-20 is a Friday. In November Europe/London is on GMT, so local time == the Z times below.
const london = defaultBusinessCalendar; // Mon–Fri 09:00–17:00
const londonWithHoliday: BusinessCalendar = { ...london, holidays: ['2026-11-23'] };
const newYork: BusinessCalendar = { ...london, timeZone: 'America/New_York' };

describe('SLA clock: due and warn instants', () => {
  it('skips the night and the weekend (Fri 16:00 + 4h business = Mon 12:00; 75% = Mon 11:00)', () => {
    const c = startClock(london, d('2026-11-20T16:00:00Z'), 4 * H, 75);
    // Fri 16:00–17:00 = 1h; Mon 09:00 + 3h = 12:00. Warn at 3h: 1h Fri + 2h Mon = 11:00.
    expect(iso(c.dueAt)).toBe('2026-11-23T12:00:00.000Z');
    expect(iso(c.warnAt)).toBe('2026-11-23T11:00:00.000Z');
    expect(c.state).toBe('running');
  });

  it('skips a holiday (Monday closed: due Tuesday 12:00)', () => {
    const c = startClock(londonWithHoliday, d('2026-11-20T16:00:00Z'), 4 * H, 75);
    expect(iso(c.dueAt)).toBe('2026-11-24T12:00:00.000Z');
  });

  it('starts at the next opening when filed at night, and is due at closing when the target ends there', () => {
    const c = startClock(london, d('2026-11-24T20:00:00Z'), 8 * H, 50);
    // Tue 20:00 → Wed 09:00 opening; 8h → Wed 17:00 (not Thu 09:00). 50% → Wed 13:00.
    expect(iso(c.dueAt)).toBe('2026-11-25T17:00:00.000Z');
    expect(iso(c.warnAt)).toBe('2026-11-25T13:00:00.000Z');
  });

  it('follows the zone across a daylight-saving change (New York springs forward on Sun 2026-03-08)', () => {
    // Fri 2026-03-06 16:00 EST = 21:00Z; 1h Friday, then Mon 09:00 EDT = 13:00Z (offset now -4) + 1h.
    const c = startClock(newYork, d('2026-03-06T21:00:00Z'), 2 * H, 75);
    expect(iso(c.dueAt)).toBe('2026-03-09T14:00:00.000Z');
    // 75% = 1.5h: 1h Friday + 30 min Monday = 13:30Z.
    expect(iso(c.warnAt)).toBe('2026-03-09T13:30:00.000Z');
  });
});

describe('SLA clock: pauses, met, reopen', () => {
  it('stops while paused and pushes the due time by the pause (24/7, 10 min target)', () => {
    let c = startClock(alwaysOpenCalendar, d('2026-11-20T00:00:00Z'), 10 * MIN, 75);
    expect(iso(c.warnAt)).toBe('2026-11-20T00:07:30.000Z');
    const g0 = c.generation;
    c = pauseClock(c, alwaysOpenCalendar, d('2026-11-20T00:04:00Z'));
    expect(c.state).toBe('paused');
    expect(c.dueAt).toBeNull();
    expect(timersFor(c)).toEqual([]);
    expect(c.generation).toBe(g0 + 1);
    // Paused again: nothing changes, not even the generation.
    expect(pauseClock(c, alwaysOpenCalendar, d('2026-11-20T00:05:00Z'))).toBe(c);
    c = resumeClock(c, alwaysOpenCalendar, d('2026-11-20T00:34:00Z'));
    // 4 min used, 6 left from 00:34 → 00:40; warn at 7.5 min used → 00:37:30.
    expect(iso(c.dueAt)).toBe('2026-11-20T00:40:00.000Z');
    expect(iso(c.warnAt)).toBe('2026-11-20T00:37:30.000Z');
    expect(timersFor(c).map((t) => [t.kind, iso(t.dueAt)])).toEqual([
      ['warn', '2026-11-20T00:37:30.000Z'],
      ['breach', '2026-11-20T00:40:00.000Z'],
    ]);
    c = meetClock(c, alwaysOpenCalendar, d('2026-11-20T00:39:00Z'));
    expect(c.state).toBe('met');
    expect(c.elapsedBusinessMs).toBe(9 * MIN);
    expect(c.elapsedCalendarMs).toBe(9 * MIN);
    expect(c.breachedByMs).toBe(0);
  });

  it('a pause over a night only counts business hours of the pause', () => {
    // Mon 09:00 + 8h = Mon 17:00. Paused Mon 13:00 → Tue 10:00: 4h used, 4h left from Tue 10:00 = Tue 14:00.
    let c = startClock(london, d('2026-11-23T09:00:00Z'), 8 * H, 75);
    expect(iso(c.dueAt)).toBe('2026-11-23T17:00:00.000Z');
    c = pauseClock(c, london, d('2026-11-23T13:00:00Z'));
    c = resumeClock(c, london, d('2026-11-24T10:00:00Z'));
    expect(iso(c.dueAt)).toBe('2026-11-24T14:00:00.000Z');
    c = meetClock(c, london, d('2026-11-24T11:00:00Z'));
    expect(c.elapsedBusinessMs).toBe(5 * H); // 4h Monday + 1h Tuesday
    expect(c.elapsedCalendarMs).toBe(4 * H + 1 * H); // 09–13 Mon, 10–11 Tue
  });

  it('reopening resumes the clock; the resolved stretch does not count; a breach stays a breach', () => {
    const cal = alwaysOpenCalendar;
    let c = startClock(cal, d('2026-11-20T00:00:00Z'), 10 * MIN, 75);
    c = meetClock(c, cal, d('2026-11-20T00:06:00Z'));
    expect(c.state).toBe('met');
    c = reopenClock(c, cal, d('2026-11-20T01:00:00Z'));
    expect(c.state).toBe('running');
    expect(iso(c.dueAt)).toBe('2026-11-20T01:04:00.000Z'); // 6 min used, 4 left
    // Warn at 7.5 min used = 01:01:30.
    expect(iso(c.warnAt)).toBe('2026-11-20T01:01:30.000Z');
    expect(markBreached(c, cal, c.generation, d('2026-11-20T01:03:59Z'))).toBeNull(); // not due yet
    const breached = markBreached(c, cal, c.generation, d('2026-11-20T01:04:00Z'))!;
    expect(breached.state).toBe('breached');
    expect(iso(breached.breachedAt)).toBe('2026-11-20T01:04:00.000Z');
    const done = meetClock(breached, cal, d('2026-11-20T01:05:00Z'));
    expect(done.state).toBe('breached');
    expect(iso(done.metAt)).toBe('2026-11-20T01:05:00.000Z');
    expect(done.breachedByMs).toBe(MIN);
    expect(timersFor(done)).toEqual([]);
  });

  it('ignores timers of an older generation and raises each warning once', () => {
    const cal = alwaysOpenCalendar;
    const c0 = startClock(cal, d('2026-11-20T00:00:00Z'), 10 * MIN, 75);
    const c1 = retargetClock(c0, cal, d('2026-11-20T00:01:00Z'), 20 * MIN, 75);
    expect(iso(c1.dueAt)).toBe('2026-11-20T00:20:00.000Z');
    expect(markWarned(c1, c0.generation, d('2026-11-20T00:16:00Z'))).toBeNull();
    const warned = markWarned(c1, c1.generation, d('2026-11-20T00:15:00Z'))!;
    expect(warned.state).toBe('at_risk');
    expect(markWarned(warned, warned.generation, d('2026-11-20T00:15:01Z'))).toBeNull();
    expect(timersFor(warned).map((t) => t.kind)).toEqual(['breach']);
  });

  it(`keeps at most ${MAX_PAUSES} pauses without changing the arithmetic`, () => {
    const cal = alwaysOpenCalendar;
    const t0 = d('2026-11-20T00:00:00Z').getTime();
    let c = startClock(cal, new Date(t0), 10 * H, 75);
    // 60 cycles: run 1 min, pause 1 min → 60 min used after 120 min.
    for (let i = 0; i < 60; i++) {
      c = pauseClock(c, cal, new Date(t0 + (2 * i + 1) * MIN));
      c = resumeClock(c, cal, new Date(t0 + (2 * i + 2) * MIN));
    }
    expect(c.pauses.length).toBeLessThanOrEqual(MAX_PAUSES);
    expect(iso(c.dueAt)).toBe('2026-11-20T11:00:00.000Z'); // 120 min + 540 min left
    expect(c.elapsedBusinessMs).toBe(60 * MIN);
    expect(c.elapsedCalendarMs).toBe(60 * MIN);
  });
});

describe('complaint SLA record', () => {
  const targets: SlaTargets = {
    policyId: null,
    policyName: 'Test',
    calendarId: null,
    calendarName: 'Weekdays',
    calendar: london,
    firstResponseMs: 2 * H,
    resolutionMs: 8 * H,
    nextResponseMs: null,
    warnAtPercent: 75,
  };

  it('tracks first reply, waiting on the customer, requester wait and hold time', () => {
    let s = startSla(targets, d('2026-11-23T09:00:00Z'));
    expect(timerChanges(null, s).flatMap((x) => x.timers.map((t) => `${x.clock}:${t.kind}`))).toEqual([
      'firstResponse:warn',
      'firstResponse:breach',
      'resolution:warn',
      'resolution:breach',
    ]);
    s = applySlaEvent(s, { kind: 'first_reply' }, d('2026-11-23T10:00:00Z'));
    expect(s.outcome.firstResponse).toBe('achieved');
    expect(summaryOf(s)).toEqual({ dueAt: '2026-11-23T17:00:00.000Z', state: 'ok' });
    s = applySlaEvent(s, { kind: 'status', from: 'in_progress', to: 'waiting_on_customer' }, d('2026-11-23T12:00:00Z'));
    expect(summaryOf(s).state).toBe('paused');
    // The customer answers overnight; the status change that follows is a no-op for the clocks.
    s = applySlaEvent(s, { kind: 'customer_reply' }, d('2026-11-23T20:00:00Z'));
    const again = applySlaEvent(s, { kind: 'status', from: 'waiting_on_customer', to: 'in_progress' }, d('2026-11-23T20:00:05Z'));
    expect(again.resolution).toBe(s.resolution);
    // 3h used Monday, 5h left from the Tue 09:00 opening → Tue 14:00.
    expect(iso(s.resolution.dueAt)).toBe('2026-11-24T14:00:00.000Z');
    s = applySlaEvent(s, { kind: 'status', from: 'in_progress', to: 'resolved' }, d('2026-11-24T10:00:00Z'));
    expect(s.outcome.resolution).toBe('achieved');
    expect(s.onHold).toEqual({ businessMs: 5 * H, calendarMs: 8 * H, since: null }); // Mon 12–17 open
    // Requester wait: Mon 09–12 (3h) and Mon 20:00 → Tue 10:00 (1h business, 14h calendar).
    expect(s.requesterWait).toEqual({ businessMs: 4 * H, calendarMs: 17 * H, since: null });
  });

  it('a breach fires once and is the outcome', () => {
    let s = startSla(targets, d('2026-11-23T09:00:00Z'));
    const g = s.firstResponse.generation;
    s = applyTimer(s, 'firstResponse', 'breach', g, d('2026-11-23T11:00:01Z'))!;
    expect(s.outcome.firstResponse).toBe('breached');
    expect(s.firstResponse.breachedByMs).toBe(1000);
    expect(applyTimer(s, 'firstResponse', 'breach', g, d('2026-11-23T11:00:02Z'))).toBeNull();
    expect(applyTimer(s, 'firstResponse', 'warn', g, d('2026-11-23T11:00:02Z'))).toBeNull();
    expect(summaryOf(s).state).toBe('breached');
  });
});

describe('policy matching', () => {
  const p = (name: string, order: number, match: SlaMatch, active = true) => ({ name, order, match, active });
  const policies = [
    p('default', 1000, {}),
    p('urgent', 10, { priorities: ['urgent'] }),
    p('mvc email', 5, { tiers: ['MVC'], channels: ['email'] }),
    p('retired', 1, {}, false),
    p('billing high', 20, { priorities: ['high', 'urgent'], categories: ['billing_overcharge'] }),
  ];
  const subject = { priority: 'normal', tier: 'standard', category: 'delivery_delay', channel: 'web' } as const;

  it('takes the first active matching policy by order', () => {
    expect(choosePolicy(policies, subject)?.name).toBe('default');
    expect(choosePolicy(policies, { ...subject, priority: 'urgent' })?.name).toBe('urgent');
    expect(choosePolicy(policies, { ...subject, priority: 'urgent', tier: 'MVC', channel: 'email' })?.name).toBe('mvc email');
    expect(choosePolicy(policies, { ...subject, priority: 'high', category: 'billing_overcharge' })?.name).toBe('billing high');
    expect(choosePolicy(policies.slice(1), subject)).toBeNull();
  });
});
