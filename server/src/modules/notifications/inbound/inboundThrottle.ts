import { ipKeyGenerator } from 'express-rate-limit';
import mongoose, { Schema } from 'mongoose';
import { services } from '../../../platform/context';

/**
 * Messages the email channel took in, counted in the database so every server process and a
 * restart see the same counts: one document per sender address (`from:<address>`) and per
 * connecting address (`ip:<address>`) and fixed window (its start is in the key, so a new window
 * is a new document and nothing has to be reset).
 */
const countSchema = new Schema({ _id: String, count: Number, windowStart: Date }, { versionKey: false });
countSchema.index({ windowStart: 1 });
const InboundCount = mongoose.model('InboundCount', countSchema, 'inbound_counts');

export interface InboundLimits {
  /** Messages per sender address (the From header) in one window; 0: no limit. */
  perSender: number;
  /** Messages per connecting IP address in one window; 0: no limit. */
  perAddress: number;
  windowMs: number;
}

function isDuplicateKey(err: unknown): boolean {
  return (err as { code?: number })?.code === 11000;
}

/** Count one more message under `key` in the current window; the count including it. */
async function bump(key: string, windowMs: number): Promise<number> {
  const now = services().clock.now().getTime();
  const windowStart = new Date(now - (now % windowMs));
  const id = `${key}@${windowStart.getTime()}`;
  for (let attempt = 0; ; attempt++) {
    try {
      const doc = await InboundCount.findOneAndUpdate({ _id: id }, { $inc: { count: 1 }, $setOnInsert: { windowStart } }, { upsert: true, new: true }).lean();
      // No TTL indexes on every engine: clear past windows now and then.
      if (Math.random() < 0.05) await InboundCount.deleteMany({ windowStart: { $lt: new Date(windowStart.getTime() - windowMs) } });
      return doc?.count ?? 1;
    } catch (err) {
      // Two first messages at once: one insert wins, the other increments it.
      if (!isDuplicateKey(err) || attempt > 2) throw err;
    }
  }
}

/** Refused for now: the SMTP server answers 450 (the sending MTA keeps the message and retries later). */
export class InboundThrottled extends Error {
  readonly smtpCode = 450;
}

const minutes = (ms: number) => Math.max(1, Math.round(ms / 60_000));

/** The email channel's rate limits (see InboundLimits); each check counts one message. */
export function inboundThrottle(limits: InboundLimits) {
  return {
    /** At MAIL FROM: the connecting address. */
    async connection(ip: string): Promise<void> {
      if (!limits.perAddress) return;
      if ((await bump(`ip:${ipKeyGenerator(ip)}`, limits.windowMs)) > limits.perAddress) {
        throw new InboundThrottled(`4.7.1 Too many messages from your address (${limits.perAddress} in ${minutes(limits.windowMs)} minutes); try again later`);
      }
    },
    /** Once the message is read: its sender (From). */
    async sender(address: string): Promise<void> {
      if (!limits.perSender || !address) return;
      if ((await bump(`from:${address.toLowerCase()}`, limits.windowMs)) > limits.perSender) {
        throw new InboundThrottled(`4.7.1 Too many messages from ${address} (${limits.perSender} in ${minutes(limits.windowMs)} minutes); try again later`);
      }
    },
  };
}
