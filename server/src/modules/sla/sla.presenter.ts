import type { ComplaintSlaView, SlaCalendarInput, SlaClockView, SlaPolicyInput } from '@redress/shared';
import type { Types } from 'mongoose';
import { clockAt, segmentTotals, type SlaClockData } from './clockMath';
import type { SlaCalendarFields } from './slaCalendar.model';
import type { SlaPolicyFields } from './slaPolicy.model';
import { summaryOf, type ComplaintSlaData } from './slaState';

const isoOrNull = (d: Date | null | undefined): string | null => (d ? new Date(d).toISOString() : null);

function presentClock(c: SlaClockData, s: ComplaintSlaData, now: Date): SlaClockView {
  const live = clockAt(c, s.calendar, now);
  return {
    state: c.state,
    targetMs: c.targetMs,
    startedAt: new Date(c.startedAt).toISOString(),
    dueAt: isoOrNull(c.dueAt),
    warnAt: isoOrNull(c.warnAt),
    metAt: isoOrNull(c.metAt),
    breachedAt: isoOrNull(c.breachedAt),
    elapsedBusinessMs: live.elapsedBusinessMs,
    elapsedCalendarMs: live.elapsedCalendarMs,
    remainingBusinessMs: live.remainingBusinessMs,
    breachedByMs: live.breachedByMs,
    paused: live.paused,
  };
}

/** A complaint's SLA for staff, with elapsed/remaining values computed as of `now`. */
export function presentComplaintSla(s: ComplaintSlaData | null | undefined, now: Date): ComplaintSlaView | null {
  if (!s) return null;
  return {
    policyId: s.policyId,
    policyName: s.policyName,
    calendarName: s.calendarName,
    asOf: now.toISOString(),
    firstResponse: presentClock(s.firstResponse, s, now),
    resolution: presentClock(s.resolution, s, now),
    nextResponseTargetMs: s.nextResponseTargetMs,
    requesterWait: segmentTotals(s.requesterWait, s.calendar, now),
    onHold: segmentTotals(s.onHold, s.calendar, now),
    outcome: { ...s.outcome },
  };
}

/** The list row's badge (ComplaintSummaryPayload.sla). */
export const presentSlaSummary = summaryOf;

type WithId<T> = T & { _id: Types.ObjectId };

/** An SLA policy as the admin API returns it. */
export function presentPolicy(p: WithId<SlaPolicyFields>): SlaPolicyInput & { id: string; updatedAt: string } {
  return {
    id: String(p._id),
    name: p.name,
    active: p.active,
    order: p.order,
    match: {
      ...(p.match.priorities?.length ? { priorities: p.match.priorities } : {}),
      ...(p.match.tiers?.length ? { tiers: p.match.tiers } : {}),
      ...(p.match.categories?.length ? { categories: p.match.categories } : {}),
      ...(p.match.channels?.length ? { channels: p.match.channels } : {}),
    },
    calendarId: p.calendarId ? String(p.calendarId) : null,
    targets: {
      firstResponseMinutes: p.targets.firstResponseMinutes,
      resolutionMinutes: p.targets.resolutionMinutes,
      ...(p.targets.nextResponseMinutes ? { nextResponseMinutes: p.targets.nextResponseMinutes } : {}),
    },
    warnAtPercent: p.warnAtPercent,
    escalation: { onAtRisk: [...p.escalation.onAtRisk], onBreach: [...p.escalation.onBreach] },
    updatedAt: p.updatedAt.toISOString(),
  };
}

/** A calendar as the admin API returns it. */
export function presentCalendar(c: WithId<SlaCalendarFields>): SlaCalendarInput & { id: string } {
  const { timeZone, alwaysOpen, weekly, holidays } = c.calendar;
  return {
    id: String(c._id),
    name: c.name,
    calendar: { timeZone, alwaysOpen, weekly: weekly.map(({ day, open, close }) => ({ day, open, close })), holidays: [...holidays] },
  };
}
