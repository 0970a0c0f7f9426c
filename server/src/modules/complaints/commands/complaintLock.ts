import { withLock } from '../../../platform/db/lock';

/**
 * Run `fn` holding the lock of one complaint (see platform/db/lock.ts for why conditional updates
 * alone are not enough on FerretDB); waits up to 5 s for another holder, then 409.
 */
export function withComplaintLock<T>(complaintId: unknown, fn: () => Promise<T>): Promise<T> {
  return withLock(`complaint:${String(complaintId)}`, fn);
}
