import {
  activeBusinessMillis,
  activeCalendarMillis,
  addBusinessMillis,
  alwaysOpenCalendar,
  businessCalendarSchema,
  businessMillisBetween,
  type BusinessCalendar,
  defaultBusinessCalendar,
  dueAtWithPauses,
  type PauseInterval,
  systemClock,
} from './businessTime';

const MIN = 60_000;
const H = 60 * MIN;
const d = (iso: string): Date => new Date(iso);
const pause = (from: string, to: string | null): PauseInterval => ({ from: d(from), to: to === null ? null : d(to) });

// 2026-01-05 is a Monday. In January Europe/London is on GMT (UTC+0), so local time == the Z time below.
const london = defaultBusinessCalendar; // Mon–Fri 09:00–17:00 Europe/London

const lunch: BusinessCalendar = {
  timeZone: 'UTC',
  alwaysOpen: false,
  weekly: [1, 2, 3, 4, 5].flatMap((day) => [
    { day: day as 1 | 2 | 3 | 4 | 5, open: '09:00', close: '12:00' },
    { day: day as 1 | 2 | 3 | 4 | 5, open: '13:00', close: '17:00' },
  ]),
  holidays: [],
};

const everyDay = (timeZone: string, open: string, close: string): BusinessCalendar => ({
  timeZone,
  alwaysOpen: false,
  weekly: ([1, 2, 3, 4, 5, 6, 7] as const).map((day) => ({ day, open, close })),
  holidays: [],
});

describe('businessMillisBetween', () => {
  it('counts hours within a single day', () => {
    // Mon 10:00 → 15:30, all inside 09:00–17:00 = 5h30m
    expect(businessMillisBetween(london, d('2026-01-05T10:00:00Z'), d('2026-01-05T15:30:00Z'))).toBe(5.5 * H);
  });

  it('skips the night', () => {
    // Mon 16:00→17:00 (1h) + Tue 09:00→10:00 (1h) = 2h
    expect(businessMillisBetween(london, d('2026-01-05T16:00:00Z'), d('2026-01-06T10:00:00Z'))).toBe(2 * H);
  });

  it('skips the weekend', () => {
    // Fri 2026-01-09 15:00→17:00 (2h) + Sat/Sun 0 + Mon 2026-01-12 09:00→11:00 (2h) = 4h
    expect(businessMillisBetween(london, d('2026-01-09T15:00:00Z'), d('2026-01-12T11:00:00Z'))).toBe(4 * H);
  });

  it('skips holidays', () => {
    const cal: BusinessCalendar = { ...london, holidays: ['2026-01-06'] };
    // Mon 16:00→17:00 (1h) + Tue holiday (0) + Wed 09:00→10:00 (1h) = 2h (would be 10h without the holiday)
    expect(businessMillisBetween(cal, d('2026-01-05T16:00:00Z'), d('2026-01-07T10:00:00Z'))).toBe(2 * H);
    expect(businessMillisBetween(london, d('2026-01-05T16:00:00Z'), d('2026-01-07T10:00:00Z'))).toBe(10 * H);
  });

  it('counts nothing outside hours, and 0 for an empty or reversed range', () => {
    // Mon 06:00 → 09:00 is before opening; Sat all day is closed
    expect(businessMillisBetween(london, d('2026-01-05T06:00:00Z'), d('2026-01-05T09:00:00Z'))).toBe(0);
    expect(businessMillisBetween(london, d('2026-01-10T00:00:00Z'), d('2026-01-11T00:00:00Z'))).toBe(0);
    expect(businessMillisBetween(london, d('2026-01-05T12:00:00Z'), d('2026-01-05T10:00:00Z'))).toBe(0);
  });

  it('splits around a lunch break', () => {
    // 11:00→12:00 (1h) + lunch 12:00–13:00 (0) + 13:00→14:00 (1h) = 2h
    expect(businessMillisBetween(lunch, d('2026-01-05T11:00:00Z'), d('2026-01-05T14:00:00Z'))).toBe(2 * H);
    // a whole day: 3h + 4h = 7h
    expect(businessMillisBetween(lunch, d('2026-01-05T00:00:00Z'), d('2026-01-06T00:00:00Z'))).toBe(7 * H);
  });

  it('counts everything when alwaysOpen', () => {
    // Fri 15:00 → Mon 11:00 = 68h of wall-clock time, weekend included
    expect(businessMillisBetween(alwaysOpenCalendar, d('2026-01-09T15:00:00Z'), d('2026-01-12T11:00:00Z'))).toBe(68 * H);
  });

  it('throws clearly on a calendar with no open hours or an unknown zone', () => {
    const closed: BusinessCalendar = { ...london, weekly: [] };
    expect(() => businessMillisBetween(closed, d('2026-01-05T00:00:00Z'), d('2026-01-06T00:00:00Z'))).toThrow(/no open hours/);
    const mars: BusinessCalendar = { ...london, timeZone: 'Mars/Olympus' };
    expect(() => businessMillisBetween(mars, d('2026-01-05T00:00:00Z'), d('2026-01-06T00:00:00Z'))).toThrow(/time zone/);
  });
});

describe('daylight saving time', () => {
  const london247: BusinessCalendar = { ...alwaysOpenCalendar, timeZone: 'Europe/London' };

  it('a 24/7 calendar in a DST zone still counts real elapsed ms (spring forward, 23h Sunday)', () => {
    // Europe/London 2026-03-29 01:00 GMT → 02:00 BST.
    // Sat 12:00Z→Sun 00:00 local (12h) + Sunday local day (23h) + Mon 00:00 BST (= Sun 23:00Z)→Mon 12:00Z (13h) = 48h
    expect(businessMillisBetween(london247, d('2026-03-28T12:00:00Z'), d('2026-03-30T12:00:00Z'))).toBe(48 * H);
    // the local Sunday itself: 00:00 GMT (00:00Z) → Mon 00:00 BST (Sun 23:00Z) = 23h
    expect(businessMillisBetween(london247, d('2026-03-29T00:00:00Z'), d('2026-03-29T23:00:00Z'))).toBe(23 * H);
  });

  it('a 24/7 calendar counts the 25h autumn Sunday', () => {
    // Europe/London 2026-10-25 02:00 BST → 01:00 GMT: Sun 00:00 BST (Sat 23:00Z) → Mon 00:00 GMT (Mon 00:00Z) = 25h
    expect(businessMillisBetween(london247, d('2026-10-24T23:00:00Z'), d('2026-10-26T00:00:00Z'))).toBe(25 * H);
  });

  it('09:00–17:00 gives 8h per day across the spring DST weekend', () => {
    const cal = everyDay('Europe/London', '09:00', '17:00');
    // Sat 09:00 GMT (09:00Z) → Mon 09:00 BST (08:00Z): Sat 8h + Sun 8h (09:00–17:00 BST = 08:00Z–16:00Z) = 16h
    expect(businessMillisBetween(cal, d('2026-03-28T09:00:00Z'), d('2026-03-30T08:00:00Z'))).toBe(16 * H);
    // 8h from Sun 09:00 BST (08:00Z) ends at 17:00 BST = 16:00Z
    expect(addBusinessMillis(cal, d('2026-03-29T08:00:00Z'), 8 * H)).toEqual(d('2026-03-29T16:00:00Z'));
  });

  it('09:00–17:00 gives 8h per day across the autumn DST weekend', () => {
    const cal = everyDay('Europe/London', '09:00', '17:00');
    // Sat 09:00 BST (08:00Z) → Mon 09:00 GMT (09:00Z): Sat 8h + Sun 8h (09:00Z–17:00Z) = 16h, though 49h elapsed
    expect(businessMillisBetween(cal, d('2026-10-24T08:00:00Z'), d('2026-10-26T09:00:00Z'))).toBe(16 * H);
  });

  it('Mon–Fri hours straddling the weekend where the offset changes', () => {
    // Fri 2026-03-27 09:00 GMT (09:00Z) → Mon 2026-03-30 17:00 BST (16:00Z): Fri 8h + Mon 8h = 16h
    expect(businessMillisBetween(london, d('2026-03-27T09:00:00Z'), d('2026-03-30T16:00:00Z'))).toBe(16 * H);
    // 8h from Fri 17:00 GMT starts Mon 09:00 BST (08:00Z) and ends 17:00 BST (16:00Z)
    expect(addBusinessMillis(london, d('2026-03-27T17:00:00Z'), 8 * H)).toEqual(d('2026-03-30T16:00:00Z'));
  });

  it('hours that contain the America/New_York clock change', () => {
    // 2026-03-08: 02:00 EST → 03:00 EDT. 01:00–04:00 local = 01:00 EST (06:00Z) → 04:00 EDT (08:00Z) = 2h
    const spring = everyDay('America/New_York', '01:00', '04:00');
    expect(businessMillisBetween(spring, d('2026-03-08T00:00:00Z'), d('2026-03-09T00:00:00Z'))).toBe(2 * H);
    // 2026-11-01: 02:00 EDT → 01:00 EST. 00:00–04:00 local = 00:00 EDT (04:00Z) → 04:00 EST (09:00Z) = 5h
    const autumn = everyDay('America/New_York', '00:00', '04:00');
    expect(businessMillisBetween(autumn, d('2026-11-01T00:00:00Z'), d('2026-11-02T00:00:00Z'))).toBe(5 * H);
  });
});

describe('addBusinessMillis', () => {
  it('adds within the day and across nights and weekends', () => {
    // Mon 10:00 + 3h = 13:00
    expect(addBusinessMillis(london, d('2026-01-05T10:00:00Z'), 3 * H)).toEqual(d('2026-01-05T13:00:00Z'));
    // Mon 15:00 + 4h: 2h Monday (to 17:00), 2h Tuesday from 09:00 → Tue 11:00
    expect(addBusinessMillis(london, d('2026-01-05T15:00:00Z'), 4 * H)).toEqual(d('2026-01-06T11:00:00Z'));
    // Fri 16:00 + 2h: 1h Friday, 1h Monday → Mon 10:00
    expect(addBusinessMillis(london, d('2026-01-09T16:00:00Z'), 2 * H)).toEqual(d('2026-01-12T10:00:00Z'));
  });

  it('starts the clock at the next opening when start is outside hours', () => {
    // Sat 12:00 + 1h → clock starts Mon 09:00 → Mon 10:00
    expect(addBusinessMillis(london, d('2026-01-10T12:00:00Z'), H)).toEqual(d('2026-01-12T10:00:00Z'));
    // Mon 07:00 + 30m → 09:30
    expect(addBusinessMillis(london, d('2026-01-05T07:00:00Z'), 30 * MIN)).toEqual(d('2026-01-05T09:30:00Z'));
  });

  it('lands at closing time (not next opening) when the target is used up exactly', () => {
    // Mon 09:00 + 8h = Mon 17:00
    expect(addBusinessMillis(london, d('2026-01-05T09:00:00Z'), 8 * H)).toEqual(d('2026-01-05T17:00:00Z'));
    // lunch calendar: 11:00 + 1h = 12:00; 11:00 + 2h = 12:00 + lunch + 1h = 14:00; 11:30 + 1h = 13:30
    expect(addBusinessMillis(lunch, d('2026-01-05T11:00:00Z'), H)).toEqual(d('2026-01-05T12:00:00Z'));
    expect(addBusinessMillis(lunch, d('2026-01-05T11:00:00Z'), 2 * H)).toEqual(d('2026-01-05T14:00:00Z'));
    expect(addBusinessMillis(lunch, d('2026-01-05T11:30:00Z'), H)).toEqual(d('2026-01-05T13:30:00Z'));
  });

  it('skips a holiday', () => {
    const cal: BusinessCalendar = { ...london, holidays: ['2026-01-06'] };
    // Mon 16:00 + 2h: 1h Monday, Tuesday is a holiday, 1h Wednesday → Wed 10:00
    expect(addBusinessMillis(cal, d('2026-01-05T16:00:00Z'), 2 * H)).toEqual(d('2026-01-07T10:00:00Z'));
  });

  it('is plain addition when alwaysOpen', () => {
    expect(addBusinessMillis(alwaysOpenCalendar, d('2026-01-10T12:00:00Z'), 36 * H)).toEqual(d('2026-01-12T00:00:00Z'));
  });

  it('returns start for 0 and rejects negative targets', () => {
    expect(addBusinessMillis(london, d('2026-01-10T12:00:00Z'), 0)).toEqual(d('2026-01-10T12:00:00Z'));
    expect(() => addBusinessMillis(london, d('2026-01-05T09:00:00Z'), -1)).toThrow(RangeError);
  });

  it('gives up after ~3 years without any opening instead of looping forever', () => {
    // Only Mondays are open, and every Monday for 4 years is a holiday
    const holidays: string[] = [];
    for (let t = Date.UTC(2026, 0, 5); t < Date.UTC(2030, 0, 1); t += 7 * 24 * H) {
      holidays.push(new Date(t).toISOString().slice(0, 10));
    }
    const cal: BusinessCalendar = { timeZone: 'UTC', alwaysOpen: false, weekly: [{ day: 1, open: '09:00', close: '10:00' }], holidays };
    expect(() => addBusinessMillis(cal, d('2026-01-01T00:00:00Z'), H)).toThrow(/3 years/);
  });

  it('round-trips with businessMillisBetween', () => {
    const cals = [london, lunch, alwaysOpenCalendar, everyDay('America/New_York', '01:00', '04:00'), { ...london, holidays: ['2026-03-30'] }];
    const starts = ['2026-01-05T10:17:00Z', '2026-01-10T12:00:00Z', '2026-03-27T16:30:00Z', '2026-10-23T23:59:59Z', '2026-03-07T05:00:00Z'];
    const amounts = [0, 1, 59_999, H, 7.5 * H, 8 * H, 40 * H, 100 * H, 1000 * H];
    for (const cal of cals) {
      for (const s of starts) {
        for (const ms of amounts) {
          const due = addBusinessMillis(cal, d(s), ms);
          expect(businessMillisBetween(cal, d(s), due)).toBe(ms);
          // and it is the earliest such instant
          if (ms > 0) expect(businessMillisBetween(cal, d(s), new Date(due.getTime() - 1))).toBe(ms - 1);
        }
      }
    }
  });
});

describe('pauses', () => {
  it('a pause inside hours', () => {
    const pauses = [pause('2026-01-05T10:00:00Z', '2026-01-05T11:00:00Z')];
    // Mon 09:00→13:00 = 4h, minus paused 10:00–11:00 (1h) = 3h
    expect(activeBusinessMillis(london, d('2026-01-05T09:00:00Z'), d('2026-01-05T13:00:00Z'), pauses)).toBe(3 * H);
    // 4h target from 09:00 = 13:00, pushed 1h by the pause → 14:00
    expect(dueAtWithPauses(london, d('2026-01-05T09:00:00Z'), 4 * H, pauses)).toEqual(d('2026-01-05T14:00:00Z'));
  });

  it('a pause spanning a night only removes the business hours it covers', () => {
    const pauses = [pause('2026-01-05T16:00:00Z', '2026-01-06T10:00:00Z')]; // 1h Mon + 1h Tue of business time
    // Mon 09:00 → Tue 12:00 = 8h + 3h = 11h, minus 2h paused = 9h
    expect(activeBusinessMillis(london, d('2026-01-05T09:00:00Z'), d('2026-01-06T12:00:00Z'), pauses)).toBe(9 * H);
    // 8h target: 7h Mon 09:00–16:00, paused until Tue 10:00, then 1h → Tue 11:00
    expect(dueAtWithPauses(london, d('2026-01-05T09:00:00Z'), 8 * H, pauses)).toEqual(d('2026-01-06T11:00:00Z'));
    // wall clock: Mon 09:00 → Tue 12:00 = 27h, minus 18h paused = 9h
    expect(activeCalendarMillis(d('2026-01-05T09:00:00Z'), d('2026-01-06T12:00:00Z'), pauses)).toBe(9 * H);
  });

  it('overlapping pauses are counted once', () => {
    const pauses = [
      pause('2026-01-05T10:00:00Z', '2026-01-05T11:00:00Z'),
      pause('2026-01-05T10:30:00Z', '2026-01-05T12:00:00Z'),
      pause('2026-01-05T11:30:00Z', '2026-01-05T11:45:00Z'),
    ]; // union = 10:00–12:00 = 2h
    // Mon 09:00→13:00 = 4h − 2h = 2h
    expect(activeBusinessMillis(london, d('2026-01-05T09:00:00Z'), d('2026-01-05T13:00:00Z'), pauses)).toBe(2 * H);
    expect(activeCalendarMillis(d('2026-01-05T09:00:00Z'), d('2026-01-05T13:00:00Z'), pauses)).toBe(2 * H);
    // 4h target: 09:00–10:00 (1h), paused to 12:00, then 3h → 15:00
    expect(dueAtWithPauses(london, d('2026-01-05T09:00:00Z'), 4 * H, pauses)).toEqual(d('2026-01-05T15:00:00Z'));
  });

  it('an open pause stops the clock: dueAt is null and active time stops growing', () => {
    const pauses = [pause('2026-01-05T10:00:00Z', null)];
    expect(dueAtWithPauses(london, d('2026-01-05T09:00:00Z'), 4 * H, pauses)).toBeNull();
    // only 09:00–10:00 ran, whether we look at 15:00 or next week
    expect(activeBusinessMillis(london, d('2026-01-05T09:00:00Z'), d('2026-01-05T15:00:00Z'), pauses)).toBe(H);
    expect(activeBusinessMillis(london, d('2026-01-05T09:00:00Z'), d('2026-01-12T15:00:00Z'), pauses)).toBe(H);
    expect(activeCalendarMillis(d('2026-01-05T09:00:00Z'), d('2026-01-05T15:00:00Z'), pauses)).toBe(H);
  });

  it('an open pause that began after the target was used up does not hide the breach', () => {
    // 2h target from 09:00 was due 11:00; pausing at 14:00 cannot move it
    const pauses = [pause('2026-01-05T14:00:00Z', null)];
    expect(dueAtWithPauses(london, d('2026-01-05T09:00:00Z'), 2 * H, pauses)).toEqual(d('2026-01-05T11:00:00Z'));
  });

  it('resumes when the pause is closed (reopen)', () => {
    const start = d('2026-01-05T09:00:00Z');
    // waiting on the customer from Mon 12:00 — clock stopped
    expect(dueAtWithPauses(london, start, 8 * H, [pause('2026-01-05T12:00:00Z', null)])).toBeNull();
    // customer replied Wed 10:00: 3h ran Mon 09:00–12:00, 5h remain from Wed 10:00 → Wed 15:00
    const resumed = [pause('2026-01-05T12:00:00Z', '2026-01-07T10:00:00Z')];
    expect(dueAtWithPauses(london, start, 8 * H, resumed)).toEqual(d('2026-01-07T15:00:00Z'));
    // by Wed 12:00: 3h Monday + 2h Wednesday = 5h active
    expect(activeBusinessMillis(london, start, d('2026-01-07T12:00:00Z'), resumed)).toBe(5 * H);
  });

  it('ignores pause time before start and pauses outside business hours', () => {
    // pause 07:00–09:30 only overlaps [start, …) for 09:00–09:30; pause Sat–Sun costs no business time
    const pauses = [pause('2026-01-05T07:00:00Z', '2026-01-05T09:30:00Z'), pause('2026-01-10T00:00:00Z', '2026-01-11T12:00:00Z')];
    // 1h target: 09:30 + 1h = 10:30
    expect(dueAtWithPauses(london, d('2026-01-05T09:00:00Z'), H, pauses)).toEqual(d('2026-01-05T10:30:00Z'));
    // Mon 09:00 → Mon 2026-01-12 09:00 = 5 × 8h = 40h, minus 30m = 39.5h
    expect(activeBusinessMillis(london, d('2026-01-05T09:00:00Z'), d('2026-01-12T09:00:00Z'), pauses)).toBe(39.5 * H);
  });

  it('with no pauses dueAt matches addBusinessMillis, and alwaysOpen counts wall-clock time', () => {
    expect(dueAtWithPauses(london, d('2026-01-09T16:00:00Z'), 2 * H, [])).toEqual(d('2026-01-12T10:00:00Z'));
    const pauses = [pause('2026-01-10T00:00:00Z', '2026-01-10T06:00:00Z')];
    // 24/7: 12h target from Fri 20:00 = Sat 08:00, pushed 6h by the pause → Sat 14:00
    expect(dueAtWithPauses(alwaysOpenCalendar, d('2026-01-09T20:00:00Z'), 12 * H, pauses)).toEqual(d('2026-01-10T14:00:00Z'));
  });
});

describe('businessCalendarSchema', () => {
  it('accepts the built-in calendars and 24:00 closing', () => {
    expect(businessCalendarSchema.safeParse(defaultBusinessCalendar).success).toBe(true);
    expect(businessCalendarSchema.safeParse(alwaysOpenCalendar).success).toBe(true);
    const late = { ...london, weekly: [{ day: 6, open: '18:00', close: '24:00' }], holidays: ['2026-12-25'] };
    expect(businessCalendarSchema.safeParse(late).success).toBe(true);
  });

  it('rejects an unknown zone', () => {
    const r = businessCalendarSchema.safeParse({ ...london, timeZone: 'Mars/Olympus' });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['timeZone']);
  });

  it('rejects close <= open', () => {
    for (const [open, close] of [
      ['17:00', '09:00'],
      ['09:00', '09:00'],
    ]) {
      const r = businessCalendarSchema.safeParse({ ...london, weekly: [{ day: 1, open, close }] });
      expect(r.success).toBe(false);
      expect(r.error?.issues[0]?.message).toBe('close must be after open');
    }
  });

  it('rejects malformed times, days, dates and an empty non-24/7 week', () => {
    const bad = [
      { ...london, weekly: [{ day: 1, open: '9:00', close: '17:00' }] },
      { ...london, weekly: [{ day: 1, open: '09:00', close: '24:30' }] },
      { ...london, weekly: [{ day: 8, open: '09:00', close: '17:00' }] },
      { ...london, holidays: ['2026-13-01'] },
      { ...london, holidays: ['25/12/2026'] },
      { ...london, weekly: [] },
    ];
    for (const cal of bad) expect(businessCalendarSchema.safeParse(cal).success).toBe(false);
  });
});

describe('systemClock', () => {
  it('is re-exported for callers that need a real "now"', () => {
    expect(systemClock.now()).toBeInstanceOf(Date);
  });
});
