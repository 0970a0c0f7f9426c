import { randomBytes } from 'node:crypto';
import mongoose, { Schema } from 'mongoose';
import { errors } from '../errors';

/**
 * Short named write locks that hold across server processes on both engines: inserting a document
 * with a unique _id is atomic on MongoDB and on FerretDB alike, so that insert is the lock. Use it
 * around read-check-write sequences that other processes must not interleave with (claims,
 * capacity, budgets) — on MongoDB a conditional findOneAndUpdate alone would do, on FerretDB not.
 */
const lockSchema = new Schema({ _id: String, owner: String, until: Date }, { versionKey: false });
const Lock = mongoose.model('Lock', lockSchema, 'locks');

const DEFAULT_LEASE_MS = 15_000;
const DEFAULT_WAIT_MS = 5_000;

function isDuplicateKey(err: unknown): boolean {
  return (err as { code?: number })?.code === 11000;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface LockOptions {
  /** How long a holder may keep it before others may break it (a crashed process). */
  leaseMs?: number;
  /** How long to wait for another holder before giving up with 409. */
  waitMs?: number;
}

/**
 * Run `fn` holding the lock `key`. Leases use the wall clock, not services().clock: they are about
 * process liveness, and a test's FakeClock jumping ahead must not expire a lock in use.
 */
export async function withLock<T>(key: string, fn: () => Promise<T>, opts: LockOptions = {}): Promise<T> {
  const owner = randomBytes(8).toString('hex');
  const deadline = Date.now() + (opts.waitMs ?? DEFAULT_WAIT_MS);
  for (;;) {
    try {
      await Lock.create({ _id: key, owner, until: new Date(Date.now() + (opts.leaseMs ?? DEFAULT_LEASE_MS)) });
      break;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      if (Date.now() > deadline) throw errors.conflict('The resource is busy; try again');
      await Lock.deleteOne({ _id: key, until: { $lt: new Date() } });
      await sleep(5 + Math.random() * 20);
    }
  }
  try {
    return await fn();
  } finally {
    await Lock.deleteOne({ _id: key, owner });
  }
}

/**
 * Try once to take `key` without waiting; returns false when someone else holds it. For sweeps
 * where another process already doing the work is fine. With `renew`, the lease is extended every
 * third of it while `fn` runs: a long piece of work keeps its lock, and a holder that dies frees it
 * within one short lease instead of the longest the work could take.
 */
export async function tryWithLock<T>(
  key: string,
  fn: () => Promise<T>,
  leaseMs = DEFAULT_LEASE_MS,
  opts: { renew?: boolean } = {},
): Promise<{ ran: boolean; value?: T }> {
  const owner = randomBytes(8).toString('hex');
  try {
    await Lock.create({ _id: key, owner, until: new Date(Date.now() + leaseMs) });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    await Lock.deleteOne({ _id: key, until: { $lt: new Date() } });
    return { ran: false };
  }
  const renewal = opts.renew
    ? setInterval(() => {
        Lock.updateOne({ _id: key, owner }, { $set: { until: new Date(Date.now() + leaseMs) } }).catch(() => undefined);
      }, leaseMs / 3)
    : null;
  renewal?.unref();
  try {
    return { ran: true, value: await fn() };
  } finally {
    if (renewal) clearInterval(renewal);
    await Lock.deleteOne({ _id: key, owner });
  }
}
