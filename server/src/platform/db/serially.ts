import { isFerretDb } from './connection';
import { withLock, type LockOptions } from './lock';

const chains = new Map<string, Promise<unknown>>();

/**
 * Run `fn` after every earlier call with the same key in this process has finished. For the few
 * read-modify-write updates (`$inc`, `$push` on shared documents) that FerretDB 1.x does not apply
 * atomically when two connections hit one document at once (MongoDB needs no such care). Within
 * one process only: see `exclusively` for documents several processes update.
 */
export function serially<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const previous = chains.get(key) ?? Promise.resolve();
  const run = previous.then(fn, fn);
  const settled = run.then(
    () => undefined,
    () => undefined,
  );
  chains.set(key, settled);
  void settled.then(() => {
    if (chains.get(key) === settled) chains.delete(key);
  });
  return run;
}

let otherProcesses = true;

/** These sections are one or two updates: a holder that died frees the lock after this. */
const EXCLUSIVE_LEASE_MS = 3_000;

/**
 * Whether other server processes share this database. The composition root says so from the
 * configuration (several instances need REDIS_URL); until then, and in tools, assume they do.
 */
export function declareOtherProcesses(shared: boolean): void {
  otherProcesses = shared;
}

export function otherProcessesShareTheDatabase(): boolean {
  return otherProcesses;
}

/**
 * `serially`, and on FerretDB with other processes also under a cross-process lock (lock.ts): for
 * read-modify-write updates of shared documents that several processes make (rollup counters,
 * SLA due slots).
 */
export function exclusively<T>(key: string, fn: () => Promise<T>): Promise<T> {
  return serially(key, () => (isFerretDb() && otherProcesses ? withLock(`x:${key}`, fn, { waitMs: 30_000, leaseMs: EXCLUSIVE_LEASE_MS }) : fn()));
}

/**
 * A named critical section for read-check-write sequences (claims, capacity, budgets, merges):
 * `serially` in this process, and with other processes sharing the database also the cross-process
 * lock (lock.ts). A single process skips the lock document's two round trips and its polling.
 */
export function lockedSection<T>(key: string, fn: () => Promise<T>, opts: LockOptions = {}): Promise<T> {
  return serially(`lock:${key}`, () => (otherProcesses ? withLock(key, fn, opts) : fn()));
}
