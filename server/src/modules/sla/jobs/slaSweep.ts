import type { Job } from '../../../platform/jobs/runner';
import { services } from '../../../platform/context';
import { exclusively } from '../../../platform/db/serially';
import { slaRecorder } from '../commands/slaRecorder';
import { claimTimer, OPEN_SLOTS_BEHIND, slotOf, SWEEP_STATE_ID } from '../commands/slaTimerScheduler';
import { applyTimer } from '../slaState';
import { SlaDueSlot, SlaSweepState, type SlotEntry } from '../slaTimer.model';

/** Catch-up bound per tick after downtime (one-minute slots: a day per tick). */
const MAX_SLOTS_PER_TICK = 1_440;
/** Closed slots are kept this long behind the sweep, so a writer that read old progress still fails to file into them. */
const KEEP_CLOSED_SLOTS = 1_440;

/** Timers this process saw claimed in still-open slots (a cache only: the claim itself decides). */
const settled = new Map<string, number>();

/**
 * One sweep tick. Reads the sweep's progress, then the slots from there to now by _id: slots far
 * enough behind are closed (no more timers can join them) and fully claimed, then progress moves
 * on; the newest slots are only read. Each due timer is claimed by inserting its claim document
 * (unique _id), so of several processes — or a process and a canceller — exactly one settles it. The cost depends on the
 * slots and timers that came due, never on how many complaints are open. Returns timers fired.
 */
export async function sweepSlaTimers(limit = 200): Promise<number> {
  const { clock, logger } = services();
  const now = clock.now();
  const state = await SlaSweepState.findById(SWEEP_STATE_ID).lean();
  if (!state) return 0; // no timer was ever scheduled
  const nowSlot = slotOf(now);
  const closable = nowSlot - OPEN_SLOTS_BEHIND;
  let claimed = 0;
  for (let s = state.doneThrough + 1, visited = 0; s <= nowSlot && visited < MAX_SLOTS_PER_TICK; s++, visited++) {
    const closing = s <= closable;
    const slot = closing
      ? await exclusively(`sla-slot:${s}`, () =>
          SlaDueSlot.findOneAndUpdate({ _id: String(s) }, { $set: { closed: true } }, { upsert: true, new: true }).lean(),
        )
      : await SlaDueSlot.findById(String(s)).lean();
    let complete = true;
    for (const entry of slot?.timers ?? []) {
      if (entry.d > now || settled.has(String(entry.t))) continue;
      if (claimed >= limit) {
        complete = false;
        break;
      }
      const won = await claimTimer(entry.t, 'fired', now);
      settled.set(String(entry.t), s);
      if (!won) continue;
      claimed++;
      try {
        await fireTimer(entry, now);
      } catch (err) {
        logger.error({ err, timerId: String(entry.t), complaintId: String(entry.c) }, 'SLA timer failed');
      }
    }
    if (!closing) continue;
    if (!complete) break;
    await SlaSweepState.updateOne({ _id: SWEEP_STATE_ID }, { $max: { doneThrough: s } });
    await SlaDueSlot.deleteOne({ _id: String(s - KEEP_CLOSED_SLOTS) });
    for (const [id, slotNo] of settled) if (slotNo <= s) settled.delete(id);
  }
  return claimed;
}

/**
 * Record the warning/breach on the complaint (if still current) as an 'sla_alert' change; the SLA
 * subscriber announces it and runs the policy's escalations, compensation raises remedies on a
 * breach. Nothing here for a stale generation, an alert already raised, or a stopped clock.
 */
async function fireTimer(t: SlotEntry, now: Date): Promise<void> {
  await slaRecorder(
    t.c,
    (c) => (c.sla ? applyTimer(c.sla, t.k, t.n, t.g, now) : null),
    (_before, after) => ({ type: 'sla_alert', clock: t.k, kind: t.n, generation: t.g, breachedByMs: after[t.k].breachedByMs ?? 0 }),
  );
}

/** The sweep as a background job (every second: warnings arrive within a second of their time). */
export function slaSweepJob(everyMs = 1_000): Job {
  return { name: 'sla-sweep', everyMs, run: () => sweepSlaTimers() };
}
