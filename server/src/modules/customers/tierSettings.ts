import mongoose, { Schema } from 'mongoose';
import { defaultTierThresholds, type TierSettingsView, type TierThresholds } from '@redress/shared';

/** Customer-value settings, one document per _id ('tiers'). */
const customerSettingSchema = new Schema(
  {
    _id: { type: String, required: true },
    value: { type: Schema.Types.Mixed, required: true },
    /** Bumped on every save, so a tier recompute can tell that it ran on superseded thresholds. */
    revision: { type: Number, default: 0 },
    updatedAt: { type: Date, default: null },
    updatedBy: { type: String, default: null },
  },
  { strict: true, versionKey: false, _id: false },
);
const CustomerSetting = mongoose.model('CustomerSetting', customerSettingSchema, 'customer_settings');

const TIERS = 'tiers';

export interface StoredTierSettings {
  thresholds: TierThresholds;
  revision: number;
  updatedAt: Date | null;
  updatedBy: string | null;
}

function isThresholds(v: unknown): v is TierThresholds {
  const t = v as Partial<TierThresholds> | null;
  return !!t && [t.mvcMinLifetimeValue, t.stcMinLifetimeValue, t.bzMaxLifetimeValue].every((n) => typeof n === 'number');
}

/**
 * The tier thresholds in force (defaults from the shared module until an admin saves others).
 * Read from the database each time: imports are rare and every server process must agree.
 */
export async function loadTierSettings(): Promise<StoredTierSettings> {
  const doc = await CustomerSetting.findById(TIERS).lean();
  if (!doc || !isThresholds(doc.value)) return { thresholds: { ...defaultTierThresholds }, revision: 0, updatedAt: null, updatedBy: null };
  const { mvcMinLifetimeValue, stcMinLifetimeValue, bzMaxLifetimeValue } = doc.value;
  return {
    thresholds: { mvcMinLifetimeValue, stcMinLifetimeValue, bzMaxLifetimeValue },
    revision: doc.revision ?? 0,
    updatedAt: doc.updatedAt ?? null,
    updatedBy: doc.updatedBy ?? null,
  };
}

/** Store new thresholds (validated by the router) and return the stored settings. */
export async function saveTierThresholds(thresholds: TierThresholds, by: string, at: Date): Promise<StoredTierSettings> {
  const doc = await CustomerSetting.findOneAndUpdate(
    { _id: TIERS },
    { $set: { value: thresholds, updatedAt: at, updatedBy: by }, $inc: { revision: 1 } },
    { upsert: true, new: true },
  ).lean();
  return { thresholds, revision: doc?.revision ?? 1, updatedAt: at, updatedBy: by };
}

/** What the API sends. */
export function presentTierSettings(s: StoredTierSettings): TierSettingsView {
  return { thresholds: s.thresholds, updatedAt: s.updatedAt?.toISOString() ?? null, updatedBy: s.updatedBy };
}
