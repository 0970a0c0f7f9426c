import mongoose, { Schema, type Types } from 'mongoose';

/**
 * What the rollups have counted for each complaint (analytics' own bookkeeping, kept out of the
 * complaint document, which only the complaints module writes). `v` versions the claim of a
 * difference; `pendingSince` stays set while claimed increments are not yet confirmed.
 */
export interface RollupStateFields {
  _id: Types.ObjectId;
  v: number;
  applied: Record<string, unknown>;
  pendingSince?: Date | null;
}

const rollupStateSchema = new Schema<RollupStateFields>(
  {
    _id: { type: Schema.Types.ObjectId, required: true },
    v: { type: Number, required: true },
    applied: { type: Schema.Types.Mixed, default: {} },
    pendingSince: { type: Date, default: null },
  },
  { strict: true, versionKey: false, minimize: false },
);
rollupStateSchema.index({ pendingSince: 1 });

export const RollupState = mongoose.model<RollupStateFields>('RollupState', rollupStateSchema, 'analytics_rollup_state');
