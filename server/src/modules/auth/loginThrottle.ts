import mongoose, { Schema } from 'mongoose';
import { ipKeyGenerator } from 'express-rate-limit';
import { services } from '../../platform/context';
import { errors } from '../../platform/errors';

/**
 * Failed sign-ins, counted in the database so every server process sees the same counts: one
 * document per account (`account:<email>`, whatever address the attempts come from) and per
 * address (`ip:<address>`), each a fixed window that starts with its first failure. Successful
 * sign-ins are never counted, and one resets the account's count.
 */
const failureSchema = new Schema({ _id: String, count: Number, windowStart: Date }, { versionKey: false });
failureSchema.index({ windowStart: 1 });
const LoginFailure = mongoose.model('LoginFailure', failureSchema, 'login_failures');

export interface LoginThrottleOptions {
  /** Failures per account in one window before sign-in to it is refused. */
  perAccount: number;
  /** Failures from one address in one window (any accounts) before it is refused. */
  perAddress: number;
  windowMs: number;
}

/** An account just locked: how many failures did it, and the window they fall in. */
export interface Lockout {
  failures: number;
  windowStart: Date;
  /** Sign-in to the account is refused until then (the window's end). */
  until: Date;
}

const accountKey = (email: string) => `account:${email.trim().toLowerCase()}`;
const addressKey = (ip: string) => `ip:${ipKeyGenerator(ip)}`;

function isDuplicateKey(err: unknown): boolean {
  return (err as { code?: number })?.code === 11000;
}

/** The login throttle: `check` before verifying a password, `failed` / `succeeded` after. */
export function loginThrottle(opts: LoginThrottleOptions) {
  const now = () => services().clock.now();
  const retryAfter = (windowStart: Date) => Math.max(1, Math.ceil((windowStart.getTime() + opts.windowMs - now().getTime()) / 1000));
  const minutes = (seconds: number) => Math.max(1, Math.ceil(seconds / 60));

  /** Count one failure under `key`; the count after it and when its window started. */
  async function bump(key: string, at: Date): Promise<{ count: number; windowStart: Date }> {
    const since = new Date(at.getTime() - opts.windowMs);
    // An expired window starts again; a lost race between two resets loses one count at most.
    await LoginFailure.updateOne({ _id: key, windowStart: { $lte: since } }, { $set: { count: 0, windowStart: at } });
    for (let attempt = 0; ; attempt++) {
      try {
        const doc = await LoginFailure.findOneAndUpdate(
          { _id: key },
          { $inc: { count: 1 }, $setOnInsert: { windowStart: at } },
          { upsert: true, new: true },
        ).lean();
        return { count: doc?.count ?? 1, windowStart: doc?.windowStart ?? at };
      } catch (err) {
        // Two first failures at once: one insert wins, the other increments it.
        if (!isDuplicateKey(err) || attempt > 2) throw err;
      }
    }
  }

  return {
    /**
     * Refuse with 429 and Retry-After when the account (`account_locked`, whether it exists or not,
     * so the answer tells nothing about which accounts exist) or the address (`rate_limited`) used
     * up its failures.
     */
    async check(email: string, ip: string): Promise<void> {
      const since = new Date(now().getTime() - opts.windowMs);
      const docs = await LoginFailure.find({ _id: { $in: [accountKey(email), addressKey(ip)] }, windowStart: { $gt: since } }).lean();
      const account = docs.find((d) => d._id === accountKey(email));
      if (account && (account.count ?? 0) >= opts.perAccount) {
        const wait = retryAfter(account.windowStart!);
        throw errors.accountLocked(
          wait,
          `This account is temporarily locked after too many failed sign-ins; try again in ${minutes(wait)} minutes or ask an admin to reset the password`,
        );
      }
      const address = docs.find((d) => d._id === addressKey(ip));
      if (address && (address.count ?? 0) >= opts.perAddress) {
        const wait = retryAfter(address.windowStart!);
        throw errors.rateLimited(wait, `Too many failed sign-ins from your address; try again in ${minutes(wait)} minutes`);
      }
    },

    /**
     * Count a failure against the account and the address. Returns the lockout this failure
     * started (the account's count reached the limit: exactly one failure per window sees that,
     * whichever process counted it), else null.
     */
    async failed(email: string, ip: string): Promise<Lockout | null> {
      const at = now();
      const account = await bump(accountKey(email), at);
      await bump(addressKey(ip), at);
      // No TTL indexes on every engine: clear expired windows now and then.
      if (Math.random() < 0.05) await LoginFailure.deleteMany({ windowStart: { $lt: new Date(at.getTime() - opts.windowMs) } });
      if (account.count !== opts.perAccount) return null;
      return { failures: account.count, windowStart: account.windowStart, until: new Date(account.windowStart.getTime() + opts.windowMs) };
    },

    /** A correct password: the account starts again from zero (the address keeps its count). */
    async succeeded(email: string): Promise<void> {
      await LoginFailure.deleteOne({ _id: accountKey(email) });
    },
  };
}
