import type { Types } from 'mongoose';
import { services } from '../../../platform/context';
import { recordSlaState } from '../../complaints/commands/complaintAssignment';
import type { ComplaintChangeData } from '../../complaints/complaintChanges';
import type { LeanComplaint } from '../../complaints/feed/complaintWriter';
import { timerChanges, type ComplaintSlaData, type TimerRef } from '../slaState';
import { timerCanceller, timerScheduler } from './slaTimerScheduler';

export interface SlaWrite {
  complaint: LeanComplaint;
  before: ComplaintSlaData | null;
  after: ComplaintSlaData;
}

type SlaChange = Extract<ComplaintChangeData, { type: 'sla_updated' | 'sla_alert' }>;

/**
 * Read-modify-write of a complaint's `sla` through the complaints module (recordSlaState), which
 * serialises it with every other write of the complaint. Timers for a new generation are stored
 * BEFORE the complaint is written: a crash in between leaves only timers that are ignored when they
 * fire (their generation never became current), never a clock without timers. Superseded timers
 * are cancelled by id once the write stands. Returns null when `change` changed nothing.
 */
export async function slaRecorder(
  complaintId: Types.ObjectId | string,
  change: (c: LeanComplaint) => Promise<ComplaintSlaData | null> | ComplaintSlaData | null,
  describe: (before: ComplaintSlaData | null, after: ComplaintSlaData) => SlaChange = () => ({ type: 'sla_updated' }),
): Promise<SlaWrite | null> {
  let outcome: { before: ComplaintSlaData | null; after: ComplaintSlaData; superseded: string[] } | null = null;
  const written = await recordSlaState<ComplaintSlaData>(complaintId, async (c) => {
    outcome = null;
    const before = c.sla ?? null;
    const next = await change(c);
    if (!next || next === before) return null;
    const changes = timerChanges(before, next);
    const changed = new Set(changes.map((x) => x.clock));
    const requests = changes.flatMap((x) =>
      x.timers.map((t) => ({ complaintId: c._id, clock: x.clock, kind: t.kind, dueAt: t.dueAt, generation: t.generation })),
    );
    const ids = await timerScheduler(requests, services().clock.now());
    const kept = (before?.timers ?? []).filter((t) => !changed.has(t.clock));
    const added: TimerRef[] = requests.map((r, i) => ({ id: String(ids[i]), clock: r.clock, kind: r.kind, generation: r.generation }));
    const after: ComplaintSlaData = { ...next, revision: (before?.revision ?? -1) + 1, timers: [...kept, ...added] };
    outcome = { before, after, superseded: (before?.timers ?? []).filter((t) => changed.has(t.clock)).map((t) => t.id) };
    return { sla: after, change: describe(before, after) };
  });
  const done = outcome as { before: ComplaintSlaData | null; after: ComplaintSlaData; superseded: string[] } | null;
  if (!written || !done) return null;
  await timerCanceller(done.superseded, services().clock.now());
  return { complaint: written.after, before: done.before, after: done.after };
}
