import type { ComplaintChangeData } from '../../server/src/modules/complaints/complaintChanges';
import { mutateComplaint, type ComplaintWritten } from '../../server/src/modules/complaints/feed/complaintWriter';

/**
 * Change a complaint the way the complaints module's commands do (one write with its change on
 * the feed), for tests that need a state no public command reaches directly (a priority, a
 * recorded breach). Subscribers then react as they do in production.
 */
export async function writeComplaint(id: unknown, set: Record<string, unknown>, change: ComplaintChangeData): Promise<ComplaintWritten> {
  const written = await mutateComplaint(id, () => ({ set, change }));
  if (!written) throw new Error(`complaint ${String(id)} not found`);
  return written;
}
