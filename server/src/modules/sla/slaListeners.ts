import type { ComplaintChange } from '../complaints/complaintChanges';
import type { ComplaintFields } from '../complaints/complaint.types';
import { broadcastComplaint } from '../complaints/complaintHooks';
import { slaRecorder } from './commands/slaRecorder';
import { targetsFor } from './commands/slaTargets';
import { applySlaEvent, startSla, type ComplaintSlaData, type SlaEvent, type SlaTargets } from './slaState';

function eventFor(change: ComplaintChange): SlaEvent | 'retarget' | null {
  switch (change.type) {
    case 'staff_reply':
      return { kind: 'first_reply' };
    case 'customer_reply':
      return { kind: 'customer_reply' };
    case 'status_changed':
      return { kind: 'status', from: change.from, to: change.to };
    case 'priority_changed':
    case 'categorised':
      return 'retarget';
    default:
      return null;
  }
}

function sameTargets(s: ComplaintSlaData, t: SlaTargets): boolean {
  return (
    s.policyId === t.policyId &&
    s.firstResponse.targetMs === t.firstResponseMs &&
    s.resolution.targetMs === t.resolutionMs &&
    s.warnAtPercent === t.warnAtPercent &&
    s.nextResponseTargetMs === t.nextResponseMs
  );
}

/** Clocks as they should be: started at filing if missing (a missed 'filed' heals here), then `event`. */
async function nextSla(c: ComplaintFields, event: SlaEvent | 'retarget' | null, at: Date): Promise<ComplaintSlaData | null> {
  const base = c.sla ?? startSla(await targetsFor(c), c.createdAt);
  if (event === null) return c.sla ? null : base;
  if (event === 'retarget') {
    const targets = await targetsFor(c);
    if (sameTargets(base, targets)) return c.sla ? null : base;
    return applySlaEvent(base, { kind: 'retarget', targets }, at);
  }
  return applySlaEvent(base, event, at);
}

/**
 * The SLA domain's reaction to complaint changes: start clocks on filing, stop the first-response
 * clock on a staff reply, pause/resume/stop/reopen the resolution clock with the status, recompute
 * due times on priority or category changes. Idempotent (see applySlaEvent), so repeats are harmless.
 */
export async function onComplaintChangeForSla(change: ComplaintChange): Promise<void> {
  if (change.type === 'sla_breached') return;
  const event = eventFor(change);
  if (event === null && change.type !== 'filed') return;
  const write = await slaRecorder(change.complaintId, (c) => nextSla(c, event, change.at));
  // Listeners run after the command's own broadcast: push the row again so its badge is current.
  if (write) await broadcastComplaint(change.complaintId);
}
