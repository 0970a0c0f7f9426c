import { Types } from 'mongoose';
import type { SlaClockName } from '@redress/shared';
import { hostname } from 'node:os';
import { exclusively } from '../../../platform/db/serially';
import { SlaDueSlot, SlaSweepState, SlaTimer, SlaTimerClaim, type SlotEntry } from '../slaTimer.model';

/**
 * Width of a due slot. A tick reads the open slots (the last OPEN_SLOTS_BEHIND + 1) and closes
 * one slot per SLOT_MS; after downtime it walks one slot per missed minute.
 */
export const SLOT_MS = 60_000;
/** Slots stay open this many slots behind "now", so a writer whose clock lags a little still files on time. */
export const OPEN_SLOTS_BEHIND = 2;
export const SWEEP_STATE_ID = 'sla';

/** The slot a due instant falls in. */
export function slotOf(at: Date): number {
  return Math.floor(at.getTime() / SLOT_MS);
}

export interface NewTimer {
  complaintId: Types.ObjectId;
  clock: SlaClockName;
  kind: 'warn' | 'breach';
  dueAt: Date;
  generation: number;
}

function isDuplicateKey(err: unknown): boolean {
  return (err as { code?: number })?.code === 11000;
}

/**
 * Add a timer to the first open slot at or after `slot`. Only _id-keyed operations (see
 * SlaDueSlot). The sweep closes a slot atomically and reads its entries in the same update; a push
 * that finds the slot closed right after cannot tell whether the close saw it, so it files the
 * timer again further on (a duplicate entry is harmless: the claim settles a timer once).
 */
async function fileInSlot(entry: SlotEntry, slot: number): Promise<void> {
  for (let s = slot; s < slot + 10_000; s++) {
    const before = await SlaDueSlot.findById(String(s), { closed: 1 }).lean();
    if (before?.closed) continue;
    await exclusively(`sla-slot:${s}`, () => SlaDueSlot.updateOne({ _id: String(s) }, { $push: { timers: entry } }, { upsert: true }));
    const after = await SlaDueSlot.findById(String(s), { closed: 1 }).lean();
    if (!after?.closed) return;
  }
  throw new Error('no open SLA due slot found');
}

/** A timer as its due slot lists it. */
export function slotEntry(d: NewTimer & { _id: Types.ObjectId }): SlotEntry {
  return { t: d._id, d: d.dueAt, c: d.complaintId, k: d.clock, n: d.kind, g: d.generation };
}

/**
 * Store timers durably and file each in its due slot (never before a slot the sweep has finished,
 * so a timer due in the past fires on the next tick). Returns the new timers' ids.
 */
export async function timerScheduler(timers: NewTimer[], now: Date): Promise<Types.ObjectId[]> {
  if (timers.length === 0) return [];
  const docs = timers.map((t) => ({ _id: new Types.ObjectId(), ...t, createdAt: now }));
  await SlaTimer.insertMany(docs);
  const nowSlot = slotOf(now);
  // The sweep state exists before the first timer, so the sweep never starts after one.
  await SlaSweepState.updateOne({ _id: SWEEP_STATE_ID }, { $setOnInsert: { doneThrough: nowSlot - 1 } }, { upsert: true });
  const state = await SlaSweepState.findById(SWEEP_STATE_ID).lean();
  const floor = Math.max(nowSlot - OPEN_SLOTS_BEHIND, (state?.doneThrough ?? 0) + 1);
  for (const d of docs) await fileInSlot(slotEntry(d), Math.max(slotOf(d.dueAt), floor));
  return docs.map((d) => d._id);
}

/** This process, as recorded on claims. */
export const processName = `${hostname()}:${process.pid}`;

/**
 * Settle a timer once: true for the one caller whose claim insert succeeds, false for everyone
 * else (another process fired it, or it was cancelled). Exactly-once across processes and restarts.
 */
export async function claimTimer(id: Types.ObjectId | string, outcome: 'fired' | 'cancelled', at: Date): Promise<boolean> {
  try {
    await SlaTimerClaim.create({ _id: String(id), outcome, by: processName, at });
  } catch (err) {
    if (isDuplicateKey(err)) return false;
    throw err;
  }
  return true;
}

/** Cancel timers by id (those not fired yet): the sweep's claim on them then fails. */
export async function timerCanceller(ids: (Types.ObjectId | string)[], at: Date): Promise<void> {
  for (const id of ids) await claimTimer(id, 'cancelled', at);
}
