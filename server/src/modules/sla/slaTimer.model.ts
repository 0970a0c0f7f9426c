import mongoose, { Schema, type Types } from 'mongoose';
import { slaClockNames, type SlaClockName } from '@redress/shared';

/**
 * A durable due time: "warn (or breach) this clock of this complaint at dueAt", never changed (a
 * new due time is a new timer of a new generation). Whether it fired or was cancelled is decided,
 * once, by its SlaTimerClaim; the sweep reaches it through its due slot, which carries a copy of
 * what firing needs, so firing reads nothing else.
 */
export interface SlaTimerFields {
  complaintId: Types.ObjectId;
  clock: SlaClockName;
  kind: 'warn' | 'breach';
  dueAt: Date;
  generation: number;
  createdAt: Date;
}

const slaTimerSchema = new Schema<SlaTimerFields>(
  {
    complaintId: { type: Schema.Types.ObjectId, required: true },
    clock: { type: String, enum: slaClockNames, required: true },
    kind: { type: String, enum: ['warn', 'breach'], required: true },
    dueAt: { type: Date, required: true },
    generation: { type: Number, required: true },
    createdAt: { type: Date, required: true },
  },
  { strict: true, versionKey: false },
);
slaTimerSchema.index({ complaintId: 1 });

export const SlaTimer = mongoose.model<SlaTimerFields>('SlaTimer', slaTimerSchema, 'sla_timers');

/**
 * Who settled a timer: the sweep process that fired it, or the writer that cancelled it. The claim
 * is the insert of this document with the timer's id as _id: the unique _id admits exactly one
 * insert, on every database (an insert is checked against the unique index, where FerretDB's
 * SQLite backend would scan the collection for a conditional update).
 */
export interface SlaTimerClaimFields {
  _id: string;
  outcome: 'fired' | 'cancelled';
  by: string;
  at: Date;
}

const slaTimerClaimSchema = new Schema<SlaTimerClaimFields>(
  {
    _id: { type: String, required: true },
    outcome: { type: String, enum: ['fired', 'cancelled'], required: true },
    by: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { strict: true, versionKey: false },
);

export const SlaTimerClaim = mongoose.model<SlaTimerClaimFields>('SlaTimerClaim', slaTimerClaimSchema, 'sla_timer_claims');

/**
 * The timers due within one SLOT_MS window, keyed by the slot number, so the sweep reads the few
 * slots that have come due by _id — the one lookup every supported database serves from an index
 * (FerretDB's SQLite backend pushes down nothing else). A slot is `closed` by the sweep before its
 * timers are claimed for the last time; filing into a closed slot fails and moves to the next one.
 */
export interface SlaDueSlotFields {
  _id: string;
  closed: boolean;
  /** Timer id, due instant, and what firing needs: complaint, clock, kind, generation. */
  timers: SlotEntry[];
}

/** One timer in a slot (short keys: slots are read on every tick). */
export interface SlotEntry {
  t: Types.ObjectId;
  d: Date;
  c: Types.ObjectId;
  k: SlaClockName;
  n: 'warn' | 'breach';
  g: number;
}

const slaDueSlotSchema = new Schema<SlaDueSlotFields>(
  {
    _id: { type: String, required: true },
    closed: { type: Boolean, default: false },
    timers: { type: [{ t: Schema.Types.ObjectId, d: Date, c: Schema.Types.ObjectId, k: String, n: String, g: Number, _id: false }], default: [] },
  },
  { strict: true, versionKey: false },
);

export const SlaDueSlot = mongoose.model<SlaDueSlotFields>('SlaDueSlot', slaDueSlotSchema, 'sla_due_slots');

/** Sweep progress shared by all processes: every slot up to `doneThrough` is closed and fully claimed. */
export interface SlaSweepStateFields {
  _id: string;
  doneThrough: number;
}

const slaSweepStateSchema = new Schema<SlaSweepStateFields>(
  { _id: { type: String, required: true }, doneThrough: { type: Number, required: true } },
  { strict: true, versionKey: false },
);

export const SlaSweepState = mongoose.model<SlaSweepStateFields>('SlaSweepState', slaSweepStateSchema, 'sla_sweep_state');
