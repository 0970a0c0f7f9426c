import type { Availability } from '@redress/shared';
import { User } from '../../auth/user.model';
import { broadcastPresence, drainQueue } from './complaintAssigner';

export interface SetAvailabilityProps {
  userId: string;
  availability: Availability;
  /** Only move from these states (presence turns offline agents online, never away ones). */
  onlyFrom?: Availability[];
}

/**
 * Change an agent's availability; coming online drains the queue into their free slots.
 * Returns whether anything changed.
 */
export async function availabilitySetter(p: SetAvailabilityProps): Promise<boolean> {
  const filter: Record<string, unknown> = { _id: p.userId, availability: p.onlyFrom ? { $in: p.onlyFrom } : { $ne: p.availability } };
  const res = await User.updateOne(filter, { $set: { availability: p.availability, lastSeenAt: new Date() } });
  if (res.modifiedCount !== 1) return false;
  await broadcastPresence(p.userId);
  if (p.availability === 'online') await drainQueue();
  return true;
}
