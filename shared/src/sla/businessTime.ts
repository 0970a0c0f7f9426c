/**
 * Pure business-time arithmetic for SLA clocks. No I/O and no implicit "now": every instant is passed in.
 * All zone math goes through luxon, so DST days really are 23 or 25 hours long.
 */
import { DateTime, IANAZone } from 'luxon';
import { z } from 'zod';

export type { Clock } from '../common/clock';
export { systemClock } from '../common/clock';

/** One opening interval on an ISO weekday (Monday=1 … Sunday=7), in the calendar's local wall-clock time. */
export interface WeeklyHours {
  day: 1 | 2 | 3 | 4 | 5 | 6 | 7;
  /** 'HH:mm', 00:00–23:59. */ open: string;
  /** 'HH:mm', after `open`; '24:00' means the following midnight. */ close: string;
}

/** When the desk is open. A weekday may carry several intervals (e.g. 09:00–12:00 and 13:00–17:00). */
export interface BusinessCalendar {
  /** IANA zone the weekly hours and holidays are expressed in, e.g. 'Europe/London'. */ timeZone: string;
  /** Open 24/7: `weekly` and `holidays` are ignored. */ alwaysOpen: boolean;
  weekly: WeeklyHours[];
  /** 'YYYY-MM-DD' local dates that are closed all day. */ holidays: string[];
}

/** A stretch during which an SLA clock is stopped. */
export interface PauseInterval {
  from: Date;
  /** null = still paused. */ to: Date | null;
}

/** 24/7 calendar in UTC: business time equals elapsed wall-clock time. */
export const alwaysOpenCalendar: BusinessCalendar = Object.freeze({ timeZone: 'UTC', alwaysOpen: true, weekly: [], holidays: [] });

/** Monday–Friday 09:00–17:00 Europe/London, no holidays. */
export const defaultBusinessCalendar: BusinessCalendar = Object.freeze({
  timeZone: 'Europe/London',
  alwaysOpen: false,
  weekly: ([1, 2, 3, 4, 5] as const).map((day) => Object.freeze({ day, open: '09:00', close: '17:00' })),
  holidays: [],
});

/** Give up when this many consecutive calendar days (~3 years) have no opening at all. */
const MAX_CLOSED_DAYS = 3 * 366;

/** Half-open [from, to) in epoch ms. */
type Span = readonly [number, number];

interface Prepared {
  zone: string;
  alwaysOpen: boolean;
  /** ISO weekday → [openMinute, closeMinute) pairs, sorted. */
  byDay: ReadonlyMap<number, ReadonlyArray<readonly [number, number]>>;
  holidays: ReadonlySet<string>;
}

const OPEN_RE = /^(?:[01]\d|2[0-3]):[0-5]\d$/;
const CLOSE_RE = /^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/;

function minutesOf(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

function instant(d: Date, name: string): number {
  const t = d.getTime();
  if (!Number.isFinite(t)) throw new RangeError(`${name} is not a valid Date`);
  return t;
}

function nonNegative(ms: number, name: string): void {
  if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`${name} must be a finite, non-negative number of ms`);
}

/** Validates the calendar and indexes its hours by weekday. Throws on an unknown zone, bad times or no open hours. */
function prepare(cal: BusinessCalendar): Prepared {
  if (!IANAZone.isValidZone(cal.timeZone)) throw new Error(`Unknown IANA time zone "${cal.timeZone}"`);
  const byDay = new Map<number, Array<readonly [number, number]>>();
  if (!cal.alwaysOpen) {
    for (const w of cal.weekly) {
      if (!OPEN_RE.test(w.open) || !CLOSE_RE.test(w.close)) {
        throw new Error(`Invalid business hours ${w.open}-${w.close}: expected HH:mm`);
      }
      const [open, close] = [minutesOf(w.open), minutesOf(w.close)];
      if (close <= open) continue;
      byDay.set(
        w.day,
        [...(byDay.get(w.day) ?? []), [open, close] as const].sort((a, b) => a[0] - b[0]),
      );
    }
    if (byDay.size === 0) {
      throw new Error('Business calendar has no open hours: add weekly hours or set alwaysOpen');
    }
  }
  return { zone: cal.timeZone, alwaysOpen: cal.alwaysOpen, byDay, holidays: new Set(cal.holidays) };
}

/** Epoch ms of `minute` (0–1440) wall-clock minutes into the local date `date` (a UTC-midnight cursor). */
function localInstant(date: DateTime, minute: number, zone: string): number {
  const d = minute >= 1440 ? date.plus({ days: 1 }) : date;
  const m = minute >= 1440 ? 0 : minute;
  const obj = { year: d.year, month: d.month, day: d.day, hour: Math.floor(m / 60), minute: m % 60 };
  return DateTime.fromObject(obj, { zone }).toMillis();
}

/** The open spans of one local date, sorted and merged. */
function daySpans(p: Prepared, date: DateTime): Span[] {
  if (p.alwaysOpen) return [[localInstant(date, 0, p.zone), localInstant(date, 1440, p.zone)]];
  if (p.holidays.has(date.toFormat('yyyy-MM-dd'))) return [];
  const spans: Array<[number, number]> = [];
  for (const [open, close] of p.byDay.get(date.weekday) ?? []) {
    const [a, b] = [localInstant(date, open, p.zone), localInstant(date, close, p.zone)];
    const last = spans[spans.length - 1];
    if (b <= a) continue; // e.g. an interval wholly inside a spring-forward gap
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else spans.push([a, b]);
  }
  return spans;
}

/** Open spans day by day from the local date containing `fromMs`, stopping once a day starts at/after `untilMs`. */
function* openSpans(p: Prepared, fromMs: number, untilMs = Infinity): Generator<Span> {
  const local = DateTime.fromMillis(fromMs, { zone: p.zone });
  let date = DateTime.utc(local.year, local.month, local.day);
  for (let closedDays = 0; localInstant(date, 0, p.zone) < untilMs; date = date.plus({ days: 1 })) {
    const spans = daySpans(p, date);
    closedDays = spans.length > 0 ? 0 : closedDays + 1;
    if (closedDays > MAX_CLOSED_DAYS) {
      throw new Error(`Business calendar (${p.zone}) has no open hours within ~3 years of ${new Date(fromMs).toISOString()}`);
    }
    yield* spans;
  }
}

function businessSpanMillis(p: Prepared, s: number, e: number): number {
  let total = 0;
  if (e <= s) return total;
  for (const [a, b] of openSpans(p, s, e)) {
    if (a >= e) break;
    total += Math.max(0, Math.min(b, e) - Math.max(a, s));
  }
  return total;
}

/** Pauses clipped to [lo, hi), sorted and merged; an open pause runs to Infinity (before clipping). */
function mergePauses(pauses: PauseInterval[], lo: number, hi: number): Span[] {
  const spans = pauses
    .map((p): [number, number] => [Math.max(lo, instant(p.from, 'pause.from')), Math.min(hi, p.to === null ? Infinity : instant(p.to, 'pause.to'))])
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
  const merged: Array<[number, number]> = [];
  for (const [a, b] of spans) {
    const last = merged[merged.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else merged.push([a, b]);
  }
  return merged;
}

/**
 * Earliest instant at which `ms` business ms have run from `s`, skipping `stopped` spans (sorted, disjoint).
 * Returns null if an open-ended stop is reached before the target.
 */
function runClock(p: Prepared, s: number, ms: number, stopped: Span[]): Date | null {
  if (ms === 0) return new Date(s);
  let remaining = ms;
  let k = 0;
  for (const [open, b] of openSpans(p, s)) {
    let a = Math.max(open, s);
    while (a < b) {
      let stop = stopped[k];
      while (stop && stop[1] <= a) stop = stopped[++k];
      if (stop && stop[0] <= a) {
        if (stop[1] === Infinity) return null;
        a = stop[1];
        continue;
      }
      const segEnd = stop ? Math.min(b, stop[0]) : b;
      if (remaining <= segEnd - a) return new Date(a + remaining);
      remaining -= segEnd - a;
      a = segEnd;
    }
  }
  throw new Error('unreachable: openSpans is unbounded');
}

/** Business milliseconds in [start, end) — calendar hours only where the calendar is open. 0 if end <= start. */
export function businessMillisBetween(cal: BusinessCalendar, start: Date, end: Date): number {
  return businessSpanMillis(prepare(cal), instant(start, 'start'), instant(end, 'end'));
}

/**
 * The instant at which `ms` business milliseconds have elapsed after `start` (start itself may fall outside
 * hours: the clock starts at next opening). Returns the earliest such instant, so a target that is used up
 * exactly at closing time is due at closing, not at the next opening; `ms === 0` returns `start`.
 */
export function addBusinessMillis(cal: BusinessCalendar, start: Date, ms: number): Date {
  nonNegative(ms, 'ms');
  const due = runClock(prepare(cal), instant(start, 'start'), ms, []);
  if (!due) throw new Error('unreachable: no pauses given');
  return due;
}

/** Business ms elapsed between start and end, not counting paused intervals (pauses may overlap each other or be open-ended). */
export function activeBusinessMillis(cal: BusinessCalendar, start: Date, end: Date, pauses: PauseInterval[]): number {
  const p = prepare(cal);
  const [s, e] = [instant(start, 'start'), instant(end, 'end')];
  const paused = mergePauses(pauses, s, e).reduce((sum, [a, b]) => sum + businessSpanMillis(p, a, b), 0);
  return businessSpanMillis(p, s, e) - paused;
}

/**
 * Due instant for a target of `targetMs` business ms from `start`, pushed later by every completed pause;
 * returns null while a pause is open (clock stopped). Pauses that begin only after the target has already
 * been used up (the SLA was breached before pausing) do not move the due instant.
 */
export function dueAtWithPauses(cal: BusinessCalendar, start: Date, targetMs: number, pauses: PauseInterval[]): Date | null {
  nonNegative(targetMs, 'targetMs');
  const s = instant(start, 'start');
  return runClock(prepare(cal), s, targetMs, mergePauses(pauses, s, Infinity));
}

/** Calendar (wall-clock) ms elapsed excluding pauses. 0 if end <= start. */
export function activeCalendarMillis(start: Date, end: Date, pauses: PauseInterval[]): number {
  const [s, e] = [instant(start, 'start'), instant(end, 'end')];
  if (e <= s) return 0;
  return mergePauses(pauses, s, e).reduce((left, [a, b]) => left - (b - a), e - s);
}

/** One weekly opening interval: HH:mm times with open < close ('24:00' allowed as close). */
export const weeklyHoursSchema = z
  .object({
    day: z.literal([1, 2, 3, 4, 5, 6, 7]),
    open: z.string().regex(OPEN_RE, 'open must be HH:mm between 00:00 and 23:59'),
    close: z.string().regex(CLOSE_RE, 'close must be HH:mm between 00:00 and 24:00'),
  })
  .refine((w) => !OPEN_RE.test(w.open) || !CLOSE_RE.test(w.close) || minutesOf(w.open) < minutesOf(w.close), {
    message: 'close must be after open',
    path: ['close'],
  });

/** Admin-editable business calendar: valid IANA zone, well-formed hours, 'YYYY-MM-DD' holidays. */
export const businessCalendarSchema = z
  .object({
    timeZone: z.string().refine((zone) => IANAZone.isValidZone(zone), 'Unknown IANA time zone'),
    alwaysOpen: z.boolean(),
    weekly: z.array(weeklyHoursSchema),
    holidays: z.array(z.iso.date('holidays must be YYYY-MM-DD dates')),
  })
  .refine((c) => c.alwaysOpen || c.weekly.length > 0, {
    message: 'A calendar that is not alwaysOpen needs at least one weekly opening interval',
    path: ['weekly'],
  }) satisfies z.ZodType<BusinessCalendar>;
