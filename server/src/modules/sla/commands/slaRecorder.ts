import type { Types } from 'mongoose';
import { services } from '../../../platform/context';
import { Complaint } from '../../complaints/complaint.model';
import type { ComplaintFields } from '../../complaints/complaint.types';
import { timerChanges, type ComplaintSlaData, type TimerRef } from '../slaState';
import { timerCanceller, timerScheduler } from './slaTimerScheduler';

type Lean = ComplaintFields & { _id: Types.ObjectId };

export interface SlaWrite {
  complaint: Lean;
  before: ComplaintSlaData | null;
  after: ComplaintSlaData;
}

const MAX_ATTEMPTS = 8;

/**
 * Read-modify-write of a complaint's `sla` with optimistic concurrency (conditional on the revision
 * read), so concurrent listeners and sweeps never lose each other's changes. Timers for a new
 * generation are stored BEFORE the complaint is written: a crash in between leaves only timers
 * that are ignored when they fire (their generation never became current), never a clock without
 * timers. Superseded timers are cancelled by id. Returns null when `change` changed nothing.
 */
export async function slaRecorder(
  complaintId: Types.ObjectId | string,
  change: (c: Lean) => Promise<ComplaintSlaData | null> | ComplaintSlaData | null,
): Promise<SlaWrite | null> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const c = await Complaint.findById(complaintId).lean<Lean>();
    if (!c) return null;
    const before = c.sla ?? null;
    const next = await change(c);
    if (!next || next === before) return null;
    const changes = timerChanges(before, next);
    const changed = new Set(changes.map((x) => x.clock));
    const requests = changes.flatMap((x) => x.timers.map((t) => ({ complaintId: c._id, clock: x.clock, kind: t.kind, dueAt: t.dueAt, generation: t.generation })));
    const now = services().clock.now();
    const ids = await timerScheduler(requests, now);
    const kept = (before?.timers ?? []).filter((t) => !changed.has(t.clock));
    const added: TimerRef[] = requests.map((r, i) => ({ id: String(ids[i]), clock: r.clock, kind: r.kind, generation: r.generation }));
    const after: ComplaintSlaData = { ...next, revision: (before?.revision ?? -1) + 1, timers: [...kept, ...added] };
    const guard = before ? { 'sla.revision': before.revision } : { sla: null };
    const res = await Complaint.updateOne({ _id: c._id, ...guard }, { $set: { sla: after } });
    if (res.matchedCount === 1) {
      await timerCanceller((before?.timers ?? []).filter((t) => changed.has(t.clock)).map((t) => t.id), now);
      return { complaint: c, before, after };
    }
    // Someone else wrote first: our timers will never be current; cancel them and retry on fresh state.
    await timerCanceller(ids, now);
  }
  throw new Error(`SLA record of complaint ${String(complaintId)} kept changing under us`);
}
