/**
 * A complaint's whole SLA record and how each complaint change moves it, pure. Definitions follow
 * the leading helpdesks (Zendesk's metrics), see README.md in this folder.
 */
import type { BusinessCalendar, ComplaintStatus, SlaClockName, SlaOutcome } from '@redress/shared';
import { isOpen } from '@redress/shared';
import {
  accumulator,
  closeSegment,
  markBreached,
  markWarned,
  meetClock,
  openSegment,
  pauseClock,
  reopenClock,
  resumeClock,
  retargetClock,
  startClock,
  timersFor,
  type Accumulator,
  type SlaClockData,
  type TimerRequest,
} from './clockMath';

/** The policy values a complaint's clocks are computed from (snapshotted on the complaint). */
export interface SlaTargets {
  policyId: string | null;
  policyName: string;
  calendarId: string | null;
  calendarName: string;
  calendar: BusinessCalendar;
  firstResponseMs: number;
  resolutionMs: number;
  nextResponseMs: number | null;
  warnAtPercent: number;
}

/** The `sla` subdocument of a complaint. */
export interface ComplaintSlaData {
  /** Optimistic-concurrency counter: every write is conditional on the value it read. */
  revision: number;
  policyId: string | null;
  policyName: string;
  calendarId: string | null;
  calendarName: string;
  calendar: BusinessCalendar;
  warnAtPercent: number;
  nextResponseTargetMs: number | null;
  firstResponse: SlaClockData;
  resolution: SlaClockData;
  requesterWait: Accumulator;
  onHold: Accumulator;
  outcome: { firstResponse: SlaOutcome; resolution: SlaOutcome; firstResponseBreachedByMs: number; resolutionBreachedByMs: number };
  /** The pending durable timers of the current generations (at most two per clock), by id. */
  timers: TimerRef[];
}

/** A durable timer the complaint points at, so it can be cancelled by id (no collection scans). */
export interface TimerRef {
  id: string;
  clock: SlaClockName;
  kind: 'warn' | 'breach';
  generation: number;
}

/** What happened, in SLA terms. */
export type SlaEvent =
  | { kind: 'first_reply' }
  | { kind: 'customer_reply' }
  | { kind: 'status'; from: ComplaintStatus; to: ComplaintStatus }
  | { kind: 'retarget'; targets: SlaTargets };

function outcomeOf(c: SlaClockData): SlaOutcome {
  if (c.breachedAt || c.breachedByMs > 0) return 'breached';
  return c.metAt ? 'achieved' : null;
}

function withOutcome(s: ComplaintSlaData): ComplaintSlaData {
  return {
    ...s,
    outcome: {
      firstResponse: outcomeOf(s.firstResponse),
      resolution: outcomeOf(s.resolution),
      firstResponseBreachedByMs: s.firstResponse.breachedByMs,
      resolutionBreachedByMs: s.resolution.breachedByMs,
    },
  };
}

/** Clocks for a complaint filed at `at` in `status` (normally 'new'). */
export function startSla(t: SlaTargets, at: Date): ComplaintSlaData {
  return withOutcome({
    revision: 0,
    policyId: t.policyId,
    policyName: t.policyName,
    calendarId: t.calendarId,
    calendarName: t.calendarName,
    calendar: t.calendar,
    warnAtPercent: t.warnAtPercent,
    nextResponseTargetMs: t.nextResponseMs,
    firstResponse: startClock(t.calendar, at, t.firstResponseMs, t.warnAtPercent),
    resolution: startClock(t.calendar, at, t.resolutionMs, t.warnAtPercent),
    requesterWait: accumulator(at),
    onHold: accumulator(null),
    outcome: { firstResponse: null, resolution: null, firstResponseBreachedByMs: 0, resolutionBreachedByMs: 0 },
    timers: [],
  });
}

function toWaiting(s: ComplaintSlaData, at: Date): ComplaintSlaData {
  const cal = s.calendar;
  return { ...s, resolution: pauseClock(s.resolution, cal, at), requesterWait: closeSegment(s.requesterWait, cal, at), onHold: openSegment(s.onHold, at) };
}

function backToWork(s: ComplaintSlaData, at: Date): ComplaintSlaData {
  const cal = s.calendar;
  return { ...s, resolution: resumeClock(s.resolution, cal, at), onHold: closeSegment(s.onHold, cal, at), requesterWait: openSegment(s.requesterWait, at) };
}

/**
 * Apply one change. Every branch is idempotent, so a repeated or out-of-order notification
 * (customer reply and then the status change it caused) leaves the record as one would.
 */
export function applySlaEvent(s: ComplaintSlaData, e: SlaEvent, at: Date): ComplaintSlaData {
  const cal = s.calendar;
  switch (e.kind) {
    case 'first_reply':
      return withOutcome({ ...s, firstResponse: meetClock(s.firstResponse, cal, at) });
    case 'customer_reply':
      return s.onHold.since ? withOutcome(backToWork(s, at)) : s;
    case 'retarget': {
      const t = e.targets;
      return withOutcome({
        ...s,
        policyId: t.policyId,
        policyName: t.policyName,
        warnAtPercent: t.warnAtPercent,
        nextResponseTargetMs: t.nextResponseMs,
        firstResponse: retargetClock(s.firstResponse, cal, at, t.firstResponseMs, t.warnAtPercent),
        resolution: retargetClock(s.resolution, cal, at, t.resolutionMs, t.warnAtPercent),
      });
    }
    case 'status': {
      if (e.to === 'waiting_on_customer') return withOutcome(toWaiting(s, at));
      if (e.to === 'resolved' || e.to === 'closed') {
        // Solving without a public reply fulfils the reply target too (as Zendesk does).
        return withOutcome({
          ...s,
          firstResponse: meetClock(s.firstResponse, cal, at),
          resolution: meetClock(s.resolution, cal, at),
          requesterWait: closeSegment(s.requesterWait, cal, at),
          onHold: closeSegment(s.onHold, cal, at),
        });
      }
      if (isOpen(e.to) && (e.from === 'resolved' || e.from === 'closed')) {
        return withOutcome({ ...s, resolution: reopenClock(s.resolution, cal, at), requesterWait: openSegment(s.requesterWait, at) });
      }
      if (isOpen(e.to)) return withOutcome(backToWork(s, at));
      return s;
    }
  }
}

/** Apply a fired timer; null when it is stale or already applied (then nothing is announced). */
export function applyTimer(s: ComplaintSlaData, clock: SlaClockName, kind: 'warn' | 'breach', generation: number, at: Date): ComplaintSlaData | null {
  const c = s[clock];
  const next = kind === 'warn' ? markWarned(c, generation, at) : markBreached(c, s.calendar, generation, at);
  return next ? withOutcome({ ...s, [clock]: next }) : null;
}

/** The timers each clock needs now, for the clocks whose generation moved from `before`. */
export function timerChanges(before: ComplaintSlaData | null, after: ComplaintSlaData): { clock: SlaClockName; generation: number; timers: TimerRequest[] }[] {
  const clocks: SlaClockName[] = ['firstResponse', 'resolution'];
  return clocks
    .filter((k) => !before || before[k].generation !== after[k].generation)
    .map((k) => ({ clock: k, generation: after[k].generation, timers: timersFor(after[k]) }));
}

/** The list row's badge: the clock that matters now (first response until met, then resolution). */
export function summaryOf(s: ComplaintSlaData | null | undefined): { dueAt: string | null; state: 'ok' | 'at_risk' | 'breached' | 'paused' | 'met' | 'none' } {
  if (!s) return { dueAt: null, state: 'none' };
  const c = s.firstResponse.metAt ? s.resolution : s.firstResponse;
  const dueAt = c.dueAt ? c.dueAt.toISOString() : null;
  if (c.breachedAt) return { dueAt, state: 'breached' };
  if (c.metAt) return { dueAt, state: 'met' };
  if (c.state === 'paused') return { dueAt, state: 'paused' };
  return { dueAt, state: c.warnedAt ? 'at_risk' : 'ok' };
}
