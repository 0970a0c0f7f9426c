import { Schema } from 'mongoose';
import { slaClockStates } from '@redress/shared';
import type { ComplaintSlaData } from './slaState';

/**
 * The `sla` subdocument of a complaint (see slaState.ts for its meaning). Declared here, used by
 * complaint.model.ts, so the SLA domain owns its shape. Pauses are capped (clockMath.MAX_PAUSES).
 */
const clockSchema = new Schema(
  {
    targetMs: { type: Number, required: true },
    warnMs: { type: Number, required: true },
    startedAt: { type: Date, required: true },
    carriedBusinessMs: { type: Number, default: 0 },
    carriedCalendarMs: { type: Number, default: 0 },
    baseAt: { type: Date, required: true },
    pauses: { type: [{ from: { type: Date, required: true }, to: { type: Date, default: null }, _id: false }], default: [] },
    dueAt: { type: Date, default: null },
    warnAt: { type: Date, default: null },
    state: { type: String, enum: slaClockStates, required: true },
    warnedAt: { type: Date, default: null },
    metAt: { type: Date, default: null },
    breachedAt: { type: Date, default: null },
    elapsedBusinessMs: { type: Number, default: 0 },
    elapsedCalendarMs: { type: Number, default: 0 },
    breachedByMs: { type: Number, default: 0 },
    generation: { type: Number, required: true },
  },
  { _id: false },
);

const accumulatorSchema = new Schema(
  { businessMs: { type: Number, default: 0 }, calendarMs: { type: Number, default: 0 }, since: { type: Date, default: null } },
  { _id: false },
);

const outcome = { type: String, enum: ['achieved', 'breached', null], default: null };

export const slaSubdocSchema = new Schema<ComplaintSlaData>(
  {
    revision: { type: Number, required: true },
    policyId: { type: String, default: null },
    policyName: { type: String, required: true },
    calendarId: { type: String, default: null },
    calendarName: { type: String, required: true },
    calendar: {
      timeZone: { type: String, required: true },
      alwaysOpen: { type: Boolean, required: true },
      weekly: { type: [{ day: Number, open: String, close: String, _id: false }], default: [] },
      holidays: { type: [String], default: [] },
    },
    warnAtPercent: { type: Number, required: true },
    nextResponseTargetMs: { type: Number, default: null },
    firstResponse: { type: clockSchema, required: true },
    resolution: { type: clockSchema, required: true },
    requesterWait: { type: accumulatorSchema, required: true },
    onHold: { type: accumulatorSchema, required: true },
    outcome: {
      firstResponse: outcome,
      resolution: outcome,
      firstResponseBreachedByMs: { type: Number, default: 0 },
      resolutionBreachedByMs: { type: Number, default: 0 },
    },
    timers: { type: [{ id: String, clock: String, kind: String, generation: Number, _id: false }], default: [] },
  },
  { _id: false },
);
