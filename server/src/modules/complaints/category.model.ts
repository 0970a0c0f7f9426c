import mongoose, { Schema } from 'mongoose';
import { defaultCategories, dissatisfactionKinds, rootCauses, severities, type Category } from '@redress/shared';

/** Complaint categories as configurable data: each carries its root cause and kind. */
const categorySchema = new Schema<Category & { order: number }>(
  {
    key: { type: String, required: true },
    label: { en: { type: String, required: true }, zh: { type: String, required: true } },
    rootCause: { type: String, enum: rootCauses, required: true },
    kind: { type: String, enum: dissatisfactionKinds, required: true },
    defaultSeverity: { type: String, enum: severities, required: true },
    active: { type: Boolean, default: true },
    order: { type: Number, default: 0 },
  },
  { strict: true, versionKey: false },
);
categorySchema.index({ key: 1 }, { unique: true });
export const CategoryModel = mongoose.model<Category & { order: number }>('Category', categorySchema, 'categories');

/** Insert the shipped categories that are missing (never overwrites an admin's edits). */
export async function ensureDefaultCategories(): Promise<void> {
  await CategoryModel.bulkWrite(
    defaultCategories.map((c, order) => ({
      updateOne: { filter: { key: c.key }, update: { $setOnInsert: { ...c, order } }, upsert: true },
    })),
  );
}

export async function listCategories(activeOnly = true): Promise<Category[]> {
  const docs = await CategoryModel.find(activeOnly ? { active: true } : {})
    .sort({ order: 1 })
    .lean();
  return docs.map(({ key, label, rootCause, kind, defaultSeverity, active }) => ({ key, label, rootCause, kind, defaultSeverity, active }));
}

/** Categories change rarely and every filing looks one up: a short cache saves a round trip each. */
const CATEGORY_CACHE_MS = 10_000;
let cached: { at: number; items: Promise<Category[]> } | null = null;

export async function findCategory(key: string): Promise<Category | null> {
  if (!cached || Date.now() - cached.at > CATEGORY_CACHE_MS) {
    const items = listCategories(true);
    cached = { at: Date.now(), items };
    items.catch(() => (cached = null));
  }
  return (await cached.items).find((c) => c.key === key) ?? null;
}
