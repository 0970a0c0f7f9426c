import mongoose, { Schema, type Types } from 'mongoose';
import { channels, customerTiers, priorityLevels, slaEscalationActions, type SlaEscalationAction, type SlaMatch } from '@redress/shared';

/** An SLA policy: which complaints it covers, its targets, calendar and escalation actions. */
export interface SlaPolicyFields {
  name: string;
  active: boolean;
  order: number;
  match: SlaMatch;
  calendarId: Types.ObjectId | null;
  targets: { firstResponseMinutes: number; resolutionMinutes: number; nextResponseMinutes?: number | null };
  warnAtPercent: number;
  escalation: { onAtRisk: SlaEscalationAction[]; onBreach: SlaEscalationAction[] };
  createdAt: Date;
  updatedAt: Date;
}

const slaPolicySchema = new Schema<SlaPolicyFields>(
  {
    name: { type: String, required: true },
    active: { type: Boolean, default: true },
    order: { type: Number, default: 100 },
    match: {
      priorities: { type: [{ type: String, enum: priorityLevels }], default: undefined },
      tiers: { type: [{ type: String, enum: customerTiers }], default: undefined },
      categories: { type: [String], default: undefined },
      channels: { type: [{ type: String, enum: channels }], default: undefined },
    },
    calendarId: { type: Schema.Types.ObjectId, default: null },
    targets: {
      firstResponseMinutes: { type: Number, required: true },
      resolutionMinutes: { type: Number, required: true },
      nextResponseMinutes: { type: Number, default: null },
    },
    warnAtPercent: { type: Number, default: 75 },
    escalation: {
      onAtRisk: { type: [{ type: String, enum: slaEscalationActions }], default: [] },
      onBreach: { type: [{ type: String, enum: slaEscalationActions }], default: [] },
    },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { strict: true, versionKey: false, minimize: false },
);
slaPolicySchema.index({ name: 1 }, { unique: true });
slaPolicySchema.index({ active: 1, order: 1 });

export const SlaPolicy = mongoose.model<SlaPolicyFields>('SlaPolicy', slaPolicySchema, 'sla_policies');
