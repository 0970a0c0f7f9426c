import mongoose, { Schema } from 'mongoose';
import { defaultRetentionRates, priorityLevels, type PriorityLevel, type RetentionRates } from '@redress/shared';

/** Analytics settings, one document per _id ('retention', 'targets'). */
const settingsSchema = new Schema(
  {
    _id: { type: String, required: true },
    value: { type: Schema.Types.Mixed, required: true },
    updatedAt: Date,
    updatedBy: String,
  },
  { strict: true, versionKey: false, _id: false },
);
const AnalyticsSetting = mongoose.model('AnalyticsSetting', settingsSchema, 'analytics_settings');

/**
 * Targets used when a complaint carries no SLA clock of its own: first response and resolution,
 * in seconds, per priority. The SLA domain's clocks (complaint.sla) take precedence.
 */
export interface DurationTargets {
  firstResponseSeconds: Record<PriorityLevel, number>;
  resolutionSeconds: Record<PriorityLevel, number>;
}

const H = 3600;
export const defaultTargets: DurationTargets = {
  firstResponseSeconds: {
    urgent: 1 * H,
    high: 4 * H,
    normal: 8 * H,
    low: 24 * H,
  },
  resolutionSeconds: {
    urgent: 8 * H,
    high: 24 * H,
    normal: 72 * H,
    low: 120 * H,
  },
};

// Settings change rarely and are read on every rollup sync: a short cache keeps that cheap.
const CACHE_MS = 5_000;
let cache: {
  at: number;
  retention: RetentionRates;
  targets: DurationTargets;
} | null = null;

function isTargets(v: unknown): v is DurationTargets {
  const t = v as DurationTargets | null;
  return !!t && priorityLevels.every((p) => typeof t.firstResponseSeconds?.[p] === 'number' && typeof t.resolutionSeconds?.[p] === 'number');
}

async function load(): Promise<NonNullable<typeof cache>> {
  if (cache && Date.now() - cache.at < CACHE_MS) return cache;
  const docs = await AnalyticsSetting.find({
    _id: { $in: ['retention', 'targets'] },
  }).lean();
  const byId = new Map(docs.map((d) => [d._id, d.value as unknown]));
  const retention = {
    ...defaultRetentionRates,
    ...((byId.get('retention') as Partial<RetentionRates> | undefined) ?? {}),
  };
  const stored = byId.get('targets');
  cache = {
    at: Date.now(),
    retention,
    targets: isTargets(stored) ? stored : defaultTargets,
  };
  return cache;
}

/** Retention rates for the estimate (defaults from DOMAIN.md until an admin changes them). */
export async function retentionRates(): Promise<RetentionRates> {
  return (await load()).retention;
}

/** Fallback duration targets (see {@link DurationTargets}). */
export async function durationTargets(): Promise<DurationTargets> {
  return (await load()).targets;
}

/** Store new retention rates (already validated by the router). */
export async function saveRetentionRates(rates: RetentionRates, userId: string, now: Date): Promise<void> {
  await AnalyticsSetting.updateOne({ _id: 'retention' }, { $set: { value: rates, updatedAt: now, updatedBy: userId } }, { upsert: true });
  cache = null;
}

/** Forget cached settings (tests change them directly). */
export function clearSettingsCache(): void {
  cache = null;
}
