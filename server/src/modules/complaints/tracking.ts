import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import mongoose, { Schema } from 'mongoose';
import { services } from '../../platform/context';

const secretSchema = new Schema({ _id: String, value: { type: String, required: true } }, { versionKey: false });
const Secret = mongoose.model('Secret', secretSchema, 'secrets');

/**
 * The server-wide key tracking tokens derive from: generated once and kept in the database, so all
 * processes and restarts agree, and any later email can carry the customer's link.
 */
export async function loadTrackingSecret(): Promise<string> {
  const fresh = randomBytes(32).toString('hex');
  await Secret.updateOne({ _id: 'tracking' }, { $setOnInsert: { value: fresh } }, { upsert: true }).catch((err: { code?: number }) => {
    if (err.code !== 11000) throw err;
  });
  const doc = await Secret.findById('tracking').lean();
  return doc!.value;
}

/** HMAC-SHA256 of the complaint id: 256 unguessable bits, the customer's only key. */
export function trackingTokenFor(complaintId: string): string {
  return createHmac('sha256', services().trackingSecret).update(`track:${complaintId}`).digest('base64url');
}

/** Constant-time check of a presented token. */
export function tokenMatches(token: string | undefined, complaintId: string): boolean {
  if (!token || token.length > 200) return false;
  const a = Buffer.from(token);
  const b = Buffer.from(trackingTokenFor(complaintId));
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The customer's link; the token travels in the fragment so it never reaches server logs. */
export function trackingUrl(reference: string, complaintId: string): string {
  return `${services().publicUrl.replace(/\/$/, '')}/track/${encodeURIComponent(reference)}#t=${trackingTokenFor(complaintId)}`;
}
