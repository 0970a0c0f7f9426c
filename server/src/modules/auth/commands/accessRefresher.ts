import { services } from '../../../platform/context';
import { markOfflineIfGone } from '../../routing/presence';

/**
 * A user's sessions ended (logout, deactivation, new password or role): their sockets in every
 * process are checked again and those of ended sessions disconnected; with none left the agent
 * goes offline, so routing stops assigning to them.
 */
export async function sessionsEnded(userId: string): Promise<void> {
  await services().realtime.recheckUser(userId);
  await markOfflineIfGone(userId);
}

/**
 * What a user may read changed (teams): their sockets in every process reconnect into the rooms
 * the read policy gives them now (and their consoles refetch). Presence is untouched: the console
 * is back within the offline grace period.
 */
export async function accessChanged(userId: string): Promise<void> {
  await services().realtime.recheckUser(userId);
}
