/**
 * The SLA clock state machine, pure: every function takes the calendar and the instant and returns
 * a new clock. The engine stores the result on the complaint and schedules the timers it asks for.
 */
import {
  activeBusinessMillis,
  activeCalendarMillis,
  businessMillisBetween,
  dueAtWithPauses,
  type BusinessCalendar,
  type PauseInterval,
  type SlaClockState,
} from '@redress/shared';

/** Pauses kept per clock; older ones are folded into the carried totals (see compact). */
export const MAX_PAUSES = 50;

/** One SLA clock (first response or resolution) as stored on the complaint. */
export interface SlaClockData {
  /** Business ms allowed from start to stop. */
  targetMs: number;
  /** Business ms after which the clock is at risk (warnAtPercent of the target). */
  warnMs: number;
  startedAt: Date;
  /** Active time before `baseAt`, folded in when old pauses are compacted. */
  carriedBusinessMs: number;
  carriedCalendarMs: number;
  baseAt: Date;
  /** Stretches the clock was stopped, oldest first; the last may be open (`to: null`). */
  pauses: PauseInterval[];
  /** When the target runs out; null while paused before it ran out. */
  dueAt: Date | null;
  warnAt: Date | null;
  state: SlaClockState;
  warnedAt: Date | null;
  metAt: Date | null;
  breachedAt: Date | null;
  /** Snapshots as of the last change (presenters compute live values). */
  elapsedBusinessMs: number;
  elapsedCalendarMs: number;
  breachedByMs: number;
  /** Bumped whenever due times change, so timers of an older generation are ignored. */
  generation: number;
}

/** Requester wait or on-hold time: closed segments summed, plus the open one since `since`. */
export interface Accumulator {
  businessMs: number;
  calendarMs: number;
  since: Date | null;
}

/** A due instant the engine must record as a durable timer. */
export interface TimerRequest {
  kind: 'warn' | 'breach';
  dueAt: Date;
  generation: number;
}

/** Warn threshold in business ms for a target and a percentage (rounded to the ms). */
export function warnMillis(targetMs: number, warnAtPercent: number): number {
  return Math.round((targetMs * warnAtPercent) / 100);
}

function isPaused(c: SlaClockData): boolean {
  const last = c.pauses[c.pauses.length - 1];
  return last !== undefined && last.to === null;
}

function deriveState(c: SlaClockData): SlaClockState {
  if (c.breachedAt) return 'breached';
  if (c.metAt) return 'met';
  if (isPaused(c)) return 'paused';
  return c.warnedAt ? 'at_risk' : 'running';
}

/** Active business and calendar ms from start to `now` (or to the stop instant, if met). */
export function elapsed(c: SlaClockData, cal: BusinessCalendar, now: Date): { businessMs: number; calendarMs: number } {
  const end = c.metAt ?? now;
  return {
    businessMs: c.carriedBusinessMs + activeBusinessMillis(cal, c.baseAt, end, c.pauses),
    calendarMs: c.carriedCalendarMs + activeCalendarMillis(c.baseAt, end, c.pauses),
  };
}

/** Recompute due/warn instants, snapshots and state; bump the generation. */
function reschedule(c: SlaClockData, cal: BusinessCalendar, at: Date): SlaClockData {
  const due = c.metAt ? null : dueAtWithPauses(cal, c.baseAt, Math.max(0, c.targetMs - c.carriedBusinessMs), c.pauses);
  const warn = c.metAt ? null : dueAtWithPauses(cal, c.baseAt, Math.max(0, c.warnMs - c.carriedBusinessMs), c.pauses);
  const e = elapsed(c, cal, at);
  const next: SlaClockData = {
    ...c,
    dueAt: due,
    warnAt: warn,
    elapsedBusinessMs: e.businessMs,
    elapsedCalendarMs: e.calendarMs,
    breachedByMs: Math.max(0, e.businessMs - c.targetMs),
    generation: c.generation + 1,
  };
  return { ...next, state: deriveState(next) };
}

/** Fold the oldest closed pauses into the carried totals so at most MAX_PAUSES remain. */
function compact(c: SlaClockData, cal: BusinessCalendar): SlaClockData {
  let out = c;
  while (out.pauses.length > MAX_PAUSES) {
    const [oldest, ...rest] = out.pauses;
    if (!oldest?.to) break;
    out = {
      ...out,
      carriedBusinessMs: out.carriedBusinessMs + activeBusinessMillis(cal, out.baseAt, oldest.to, [oldest]),
      carriedCalendarMs: out.carriedCalendarMs + activeCalendarMillis(out.baseAt, oldest.to, [oldest]),
      baseAt: oldest.to,
      pauses: rest,
    };
  }
  return out;
}

/** A running clock with `targetMs` business ms from `at`. */
export function startClock(cal: BusinessCalendar, at: Date, targetMs: number, warnAtPercent: number): SlaClockData {
  const blank: SlaClockData = {
    targetMs,
    warnMs: warnMillis(targetMs, warnAtPercent),
    startedAt: at,
    carriedBusinessMs: 0,
    carriedCalendarMs: 0,
    baseAt: at,
    pauses: [],
    dueAt: null,
    warnAt: null,
    state: 'running',
    warnedAt: null,
    metAt: null,
    breachedAt: null,
    elapsedBusinessMs: 0,
    elapsedCalendarMs: 0,
    breachedByMs: 0,
    generation: 0,
  };
  return reschedule(blank, cal, at);
}

/** Stop the clock while waiting on the customer. No-op when already paused or stopped. */
export function pauseClock(c: SlaClockData, cal: BusinessCalendar, at: Date): SlaClockData {
  if (c.metAt || isPaused(c)) return c;
  return reschedule(compact({ ...c, pauses: [...c.pauses, { from: at, to: null }] }, cal), cal, at);
}

/** Restart a paused clock. No-op when not paused. */
export function resumeClock(c: SlaClockData, cal: BusinessCalendar, at: Date): SlaClockData {
  if (c.metAt || !isPaused(c)) return c;
  const pauses = c.pauses.map((p, i) => (i === c.pauses.length - 1 ? { from: p.from, to: at } : p));
  return reschedule(compact({ ...c, pauses }, cal), cal, at);
}

/**
 * Stop the clock for good (first reply sent, complaint resolved). An open pause ends here. A breached
 * clock stays breached but records when it was met and by how much it was late.
 */
export function meetClock(c: SlaClockData, cal: BusinessCalendar, at: Date): SlaClockData {
  if (c.metAt) return c;
  const pauses = c.pauses.map((p) => (p.to === null ? { from: p.from, to: at } : p));
  return reschedule({ ...c, pauses, metAt: at }, cal, at);
}

/** Reopened after resolution: the resolved stretch counts as a pause and the clock runs again. */
export function reopenClock(c: SlaClockData, cal: BusinessCalendar, at: Date): SlaClockData {
  if (!c.metAt) return c;
  const pauses = at > c.metAt ? [...c.pauses, { from: c.metAt, to: at }] : c.pauses;
  return reschedule(compact({ ...c, pauses, metAt: null }, cal), cal, at);
}

/** New target (priority or policy changed). A warning or breach already raised stays raised. */
export function retargetClock(c: SlaClockData, cal: BusinessCalendar, at: Date, targetMs: number, warnAtPercent: number): SlaClockData {
  return reschedule({ ...c, targetMs, warnMs: warnMillis(targetMs, warnAtPercent) }, cal, at);
}

/** Record the warning; false when it no longer applies (stale generation, already raised, stopped). */
export function markWarned(c: SlaClockData, generation: number, at: Date): SlaClockData | null {
  if (c.generation !== generation || c.warnedAt || c.breachedAt || c.metAt || !c.warnAt || c.warnAt > at) return null;
  const next = { ...c, warnedAt: at };
  return { ...next, state: deriveState(next) };
}

/** Record the breach at the due instant; null when it no longer applies. */
export function markBreached(c: SlaClockData, cal: BusinessCalendar, generation: number, at: Date): SlaClockData | null {
  if (c.generation !== generation || c.breachedAt || c.metAt || !c.dueAt || c.dueAt > at) return null;
  const e = elapsed(c, cal, at);
  const next = {
    ...c,
    breachedAt: c.dueAt,
    warnedAt: c.warnedAt ?? at,
    elapsedBusinessMs: e.businessMs,
    elapsedCalendarMs: e.calendarMs,
    breachedByMs: Math.max(0, e.businessMs - c.targetMs),
  };
  return { ...next, state: deriveState(next) };
}

/** The timers that must exist for this clock's current generation. */
export function timersFor(c: SlaClockData): TimerRequest[] {
  if (c.metAt || c.breachedAt) return [];
  const out: TimerRequest[] = [];
  if (c.warnAt && !c.warnedAt && c.warnMs < c.targetMs) out.push({ kind: 'warn', dueAt: c.warnAt, generation: c.generation });
  if (c.dueAt) out.push({ kind: 'breach', dueAt: c.dueAt, generation: c.generation });
  return out;
}

/** Live view of a clock at `now`, for presenters. */
export function clockAt(c: SlaClockData, cal: BusinessCalendar, now: Date) {
  const e = elapsed(c, cal, now);
  return {
    elapsedBusinessMs: e.businessMs,
    elapsedCalendarMs: e.calendarMs,
    remainingBusinessMs: Math.max(0, c.targetMs - e.businessMs),
    breachedByMs: Math.max(0, e.businessMs - c.targetMs),
    paused: isPaused(c),
  };
}

/** An accumulator that starts counting at `at` (or not at all). */
export function accumulator(at: Date | null): Accumulator {
  return { businessMs: 0, calendarMs: 0, since: at };
}

/** Start counting (idempotent). */
export function openSegment(a: Accumulator, at: Date): Accumulator {
  return a.since ? a : { ...a, since: at };
}

/** Stop counting and add the segment (idempotent). */
export function closeSegment(a: Accumulator, cal: BusinessCalendar, at: Date): Accumulator {
  if (!a.since) return a;
  return {
    businessMs: a.businessMs + businessMillisBetween(cal, a.since, at),
    calendarMs: a.calendarMs + Math.max(0, at.getTime() - a.since.getTime()),
    since: null,
  };
}

/** Totals including the open segment up to `now`. */
export function segmentTotals(a: Accumulator, cal: BusinessCalendar, now: Date): { businessMs: number; calendarMs: number } {
  const live = closeSegment(a, cal, now);
  return { businessMs: live.businessMs, calendarMs: live.calendarMs };
}
