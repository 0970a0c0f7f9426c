import { Complaint } from '../complaints/complaint.model';
import type { ComplaintChange } from '../complaints/complaintChanges';
import type { FeedSubscriber } from '../complaints/feed/feedDispatcher';
import type { LeanComplaint } from '../complaints/feed/complaintWriter';
import { slaAlerter } from './commands/slaAlerter';
import { slaRecorder } from './commands/slaRecorder';
import { targetsFor } from './commands/slaTargets';
import { applySlaEvent, startSla, type ComplaintSlaData, type SlaEvent, type SlaTargets } from './slaState';

/** The clock events a change means, in order (a reply that also moves the status means both). */
function eventsFor(change: ComplaintChange): (SlaEvent | 'retarget')[] {
  switch (change.type) {
    case 'staff_reply':
      return [{ kind: 'first_reply' }, ...(change.status ? [{ kind: 'status' as const, ...change.status }] : [])];
    case 'customer_reply':
      return [{ kind: 'customer_reply' }, ...(change.status ? [{ kind: 'status' as const, ...change.status }] : [])];
    case 'status_changed':
      return [{ kind: 'status', from: change.from, to: change.to }];
    case 'priority_changed':
    case 'categorised':
    case 'escalated':
    case 'customer_changed':
      return ['retarget'];
    default:
      return [];
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

/** Clocks as they should be after `changes`: started at filing if missing (a missed 'filed' heals here), then each event at its time. */
async function nextSla(c: LeanComplaint, changes: ComplaintChange[]): Promise<ComplaintSlaData | null> {
  let s = c.sla ?? startSla(await targetsFor(c), c.createdAt);
  let changed = !c.sla;
  for (const ch of changes) {
    for (const e of eventsFor(ch)) {
      if (e === 'retarget') {
        const targets = await targetsFor(c);
        if (sameTargets(s, targets)) continue;
        s = applySlaEvent(s, { kind: 'retarget', targets }, ch.at);
      } else {
        const next = applySlaEvent(s, e, ch.at);
        if (next === s || JSON.stringify(next) === JSON.stringify(s)) continue;
        s = next;
      }
      changed = true;
    }
  }
  return changed ? s : null;
}

/** Recompute a complaint's due times now (after an admin edits its policy or calendar). */
export async function retargetSla(complaintId: string, at: Date): Promise<void> {
  await slaRecorder(complaintId, (c) =>
    nextSla(c, [{ type: 'priority_changed', from: c.priority, to: c.priority, reason: 'policy edited', complaintId, rev: 0, at }]),
  );
}

/**
 * The SLA domain on the change feed: start clocks on filing, stop the first-response clock on a
 * staff reply, pause/resume/stop/reopen the resolution clock with the status, recompute due times
 * on priority, category, team or customer changes (one write for a batch of changes); announce
 * alerts the sweep recorded. Idempotent (applySlaEvent ignores what already happened).
 */
export const slaProcessor: FeedSubscriber = {
  name: 'sla',
  accepts: (ch) => ch.type === 'filed' || ch.type === 'sla_alert' || eventsFor(ch).length > 0,
  async handle(changes) {
    const clockChanges = changes.filter((ch) => ch.type !== 'sla_alert');
    let latest: { complaint: LeanComplaint; sla: ComplaintSlaData } | null = null;
    if (clockChanges.length) {
      const write = await slaRecorder(changes[0]!.complaintId, (c) => nextSla(c, clockChanges));
      if (write) latest = { complaint: write.complaint, sla: write.after };
    }
    for (const ch of changes) {
      if (ch.type !== 'sla_alert') continue;
      const c = latest?.complaint ?? (await Complaint.findById(ch.complaintId).lean<LeanComplaint>());
      if (!c?.sla) continue;
      await slaAlerter({ complaint: c, sla: c.sla, clock: ch.clock, kind: ch.kind, generation: ch.generation, at: ch.at });
    }
  },
};
