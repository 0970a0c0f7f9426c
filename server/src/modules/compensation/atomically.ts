import { isFerretDb } from '../../platform/db/connection';
import { withLock } from '../../platform/db/lock';

/**
 * Run a conditional single-document update so that it is atomic across server processes. MongoDB
 * applies `findOneAndUpdate({_id, cond}, ...)` atomically by itself; FerretDB checks the filter and
 * applies the update in two steps, which one process's single connection serializes but several
 * processes do not — there the update runs under a short cross-process lock on `key`.
 */
export function atomically<T>(key: string, fn: () => Promise<T>): Promise<T> {
  return isFerretDb() ? withLock(`comp:${key}`, fn, { waitMs: 10_000 }) : fn();
}
