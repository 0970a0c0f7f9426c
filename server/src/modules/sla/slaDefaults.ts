import {
  alwaysOpenCalendar,
  builtinSlaCalendarNames,
  builtinSlaPolicyNames,
  defaultBusinessCalendar,
  type BusinessCalendar,
  type SlaPolicyInput,
} from '@redress/shared';
import { services } from '../../platform/context';
import { SlaCalendar } from './slaCalendar.model';
import { SlaPolicy } from './slaPolicy.model';

/** Calendar used when a policy names none (or no policy matches). */
export const fallbackCalendar = { id: null, name: builtinSlaCalendarNames.weekdays, calendar: defaultBusinessCalendar } as const;

/** Targets used when no active policy matches: one business day to reply, one business week to resolve. */
export const fallbackPolicy = {
  id: null,
  name: builtinSlaPolicyNames.fallback,
  targets: { firstResponseMinutes: 8 * 60, resolutionMinutes: 5 * 8 * 60, nextResponseMinutes: null },
  warnAtPercent: 75,
  escalation: { onAtRisk: [], onBreach: [] },
} as const;

const demoCalendars: { name: string; calendar: BusinessCalendar }[] = [
  { name: builtinSlaCalendarNames.always, calendar: alwaysOpenCalendar },
  { name: fallbackCalendar.name, calendar: defaultBusinessCalendar },
];

/** Demo policies, by calendar name. Faster targets for urgent work and most valuable customers. */
const demoPolicies: (Omit<SlaPolicyInput, 'calendarId'> & { calendar: string })[] = [
  {
    name: builtinSlaPolicyNames.urgent,
    active: true,
    order: 10,
    match: { priorities: ['urgent'] },
    calendar: builtinSlaCalendarNames.always,
    targets: { firstResponseMinutes: 60, resolutionMinutes: 8 * 60 },
    warnAtPercent: 75,
    escalation: { onAtRisk: ['notify'], onBreach: ['reassign_senior', 'email_supervisor'] },
  },
  {
    name: builtinSlaPolicyNames.mvc,
    active: true,
    order: 15,
    match: { tiers: ['MVC'] },
    calendar: fallbackCalendar.name,
    targets: { firstResponseMinutes: 60, resolutionMinutes: 8 * 60 },
    warnAtPercent: 75,
    escalation: { onAtRisk: ['notify'], onBreach: ['raise_priority', 'email_supervisor'] },
  },
  {
    name: builtinSlaPolicyNames.high,
    active: true,
    order: 20,
    match: { priorities: ['high'] },
    calendar: fallbackCalendar.name,
    targets: { firstResponseMinutes: 2 * 60, resolutionMinutes: 2 * 8 * 60 },
    warnAtPercent: 75,
    escalation: { onAtRisk: ['notify'], onBreach: ['raise_priority', 'email_supervisor'] },
  },
  {
    name: builtinSlaPolicyNames.standard,
    active: true,
    order: 1000,
    match: {},
    calendar: fallbackCalendar.name,
    targets: { firstResponseMinutes: 8 * 60, resolutionMinutes: 5 * 8 * 60, nextResponseMinutes: 8 * 60 },
    warnAtPercent: 75,
    escalation: { onAtRisk: ['notify'], onBreach: ['raise_priority'] },
  },
];

/** Create the demo calendars and policies if absent (idempotent upserts by name). */
export async function ensureDefaultSlaPolicies(): Promise<void> {
  const now = services().clock.now();
  const ids = new Map<string, unknown>();
  for (const c of demoCalendars) {
    const doc = await SlaCalendar.findOneAndUpdate(
      { name: c.name },
      { $setOnInsert: { name: c.name, calendar: c.calendar, createdAt: now, updatedAt: now } },
      { upsert: true, new: true },
    );
    ids.set(c.name, doc._id);
  }
  for (const { calendar, ...p } of demoPolicies) {
    await SlaPolicy.updateOne(
      { name: p.name },
      { $setOnInsert: { ...p, calendarId: ids.get(calendar) ?? null, createdAt: now, updatedAt: now } },
      { upsert: true },
    );
  }
}
