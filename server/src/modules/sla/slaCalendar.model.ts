import mongoose, { Schema } from 'mongoose';
import type { BusinessCalendar } from '@redress/shared';

/** A named business calendar that SLA policies point at (complaints keep a snapshot). */
export interface SlaCalendarFields {
  name: string;
  calendar: BusinessCalendar;
  createdAt: Date;
  updatedAt: Date;
}

const slaCalendarSchema = new Schema<SlaCalendarFields>(
  {
    name: { type: String, required: true },
    calendar: {
      timeZone: { type: String, required: true },
      alwaysOpen: { type: Boolean, required: true },
      weekly: { type: [{ day: Number, open: String, close: String, _id: false }], default: [] },
      holidays: { type: [String], default: [] },
    },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { strict: true, versionKey: false },
);
slaCalendarSchema.index({ name: 1 }, { unique: true });

export const SlaCalendar = mongoose.model<SlaCalendarFields>('SlaCalendar', slaCalendarSchema, 'sla_calendars');
