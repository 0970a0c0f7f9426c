import { choosePolicy, type BusinessCalendar, type SlaEscalationAction } from '@redress/shared';
import type { ComplaintFields } from '../../complaints/complaint.types';
import { SlaCalendar } from '../slaCalendar.model';
import { fallbackCalendar, fallbackPolicy } from '../slaDefaults';
import { SlaPolicy } from '../slaPolicy.model';
import type { SlaTargets } from '../slaState';

const MIN = 60_000;

/**
 * Policies and calendars change rarely and every SLA computation reads them: a short cache saves
 * two round trips each time. An edit in this process forgets it at once (forgetSlaSettings); other
 * processes see the edit within SETTINGS_CACHE_MS.
 */
const SETTINGS_CACHE_MS = 5_000;
const cache = new Map<string, { at: number; value: Promise<unknown> }>();

function cached<T>(key: string, load: () => PromiseLike<T>): Promise<T> {
  const hit = cache.get(key);
  if (hit && Date.now() - hit.at < SETTINGS_CACHE_MS) return hit.value as Promise<T>;
  // Through a promise: a mongoose query is a thenable that would run once per await.
  const value = Promise.resolve().then(load);
  cache.set(key, { at: Date.now(), value });
  value.catch(() => cache.delete(key));
  return value;
}

function activePolicies() {
  return cached('policies', () => SlaPolicy.find({ active: true }).sort({ order: 1, _id: 1 }).lean());
}

/** Drop cached policies and calendars (after an admin edits them). */
export function forgetSlaSettings(): void {
  cache.clear();
}

/** The calendar a policy names, or the fallback when it names none or the calendar was deleted. */
export async function loadCalendar(id: unknown): Promise<{ id: string | null; name: string; calendar: BusinessCalendar }> {
  const doc = id ? await cached(`calendar:${String(id)}`, () => SlaCalendar.findById(id).lean()) : null;
  if (!doc) return { ...fallbackCalendar };
  return { id: String(doc._id), name: doc.name, calendar: doc.calendar };
}

/** The first active policy matching the complaint (by order), resolved to targets in ms. */
export async function targetsFor(
  c: Pick<ComplaintFields, 'priority' | 'category' | 'channel'> & { customer: Pick<ComplaintFields['customer'], 'tier'> },
): Promise<SlaTargets> {
  const policies = await activePolicies();
  const policy = choosePolicy(policies, { priority: c.priority, tier: c.customer.tier, category: c.category, channel: c.channel });
  const p = policy ?? fallbackPolicy;
  const cal = await loadCalendar(policy?.calendarId ?? null);
  return {
    policyId: policy ? String(policy._id) : null,
    policyName: p.name,
    calendarId: cal.id,
    calendarName: cal.name,
    calendar: cal.calendar,
    firstResponseMs: p.targets.firstResponseMinutes * MIN,
    resolutionMs: p.targets.resolutionMinutes * MIN,
    nextResponseMs: p.targets.nextResponseMinutes ? p.targets.nextResponseMinutes * MIN : null,
    warnAtPercent: p.warnAtPercent,
  };
}

/** A policy's escalation actions for a warning or a breach (none if the policy is gone). */
export async function escalationFor(policyId: string | null, kind: 'warn' | 'breach'): Promise<SlaEscalationAction[]> {
  if (!policyId) return [];
  // A policy deactivated since the clock started still escalates as it said.
  const p = (await activePolicies()).find((x) => String(x._id) === policyId) ?? (await SlaPolicy.findById(policyId, { escalation: 1 }).lean());
  if (!p) return [];
  return kind === 'warn' ? p.escalation.onAtRisk : p.escalation.onBreach;
}
