import { isOpen, isTimeZone, type CustomerPromise } from '@redress/shared';
import type { ComplaintFields } from '../complaints/complaint.types';
import { targetsFor } from './commands/slaTargets';
import { startSla, type ComplaintSlaData } from './slaState';

/**
 * The clocks to promise from: the stored ones, or (before the SLA subscriber has started them,
 * e.g. for the confirmation email sent in the same round as filing) the ones it will start,
 * computed the same way from the policy that applies.
 */
async function clocksOf(c: ComplaintFields): Promise<ComplaintSlaData> {
  return c.sla ?? startSla(await targetsFor(c), c.createdAt);
}

/**
 * What we promise the customer now, from the current SLA state: a first response by its due time
 * until one is sent, then resolution by its due time; nothing while the resolution clock is paused
 * on the customer's answer (it resumes, with a new due time, when they answer) or once resolved.
 * Computed whenever it is shown or sent, so it stays true as clocks pause, resume and retarget.
 */
export async function customerPromise(c: ComplaintFields): Promise<CustomerPromise> {
  if (!isOpen(c.status)) return { kind: 'none' };
  if (c.status === 'waiting_on_customer') return { kind: 'paused' };
  const s = await clocksOf(c);
  if (!s.firstResponse.metAt && !c.firstResponseAt && s.firstResponse.dueAt) return { kind: 'first_response', dueAt: s.firstResponse.dueAt.toISOString() };
  if (s.resolution.metAt) return { kind: 'none' };
  if (s.resolution.state === 'paused' || !s.resolution.dueAt) return { kind: 'paused' };
  return { kind: 'resolution', dueAt: s.resolution.dueAt.toISOString() };
}

/** The zone due times are written in for this customer: theirs when known, else their SLA calendar's. */
export function customerTimeZone(c: ComplaintFields, sla: Pick<ComplaintSlaData, 'calendar'> | null | undefined = c.sla): string {
  if (c.timeZone && isTimeZone(c.timeZone)) return c.timeZone;
  return sla?.calendar.timeZone ?? 'UTC';
}

/** The promise and the zone to write it in, for an email (one policy lookup at most). */
export async function customerPromiseForMail(c: ComplaintFields): Promise<{ promise: CustomerPromise; timeZone: string }> {
  const s = await clocksOf(c);
  const withClocks = { ...c, sla: s };
  return { promise: await customerPromise(withClocks), timeZone: customerTimeZone(c, s) };
}
