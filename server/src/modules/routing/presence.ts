import { socketRooms } from '@redress/shared';
import { services } from '../../platform/context';
import type { RedressSocket } from '../../platform/realtime/realtime';
import { availabilitySetter } from './commands/availabilitySetter';

/** How long a vanished agent stays online, so a page reload or a short network drop changes nothing. */
export const OFFLINE_GRACE_MS = 8_000;

/**
 * Presence drives availability: an offline agent who connects comes online (and the queue
 * drains to them); when their last socket in any server process is gone for OFFLINE_GRACE_MS they
 * go offline. An agent who chose "away" stays away while connected.
 */
export function trackPresence(socket: RedressSocket): void {
  const { identity } = socket.data;
  if (identity.role !== 'agent') return;
  const log = services().logger;
  void availabilitySetter({ userId: identity.userId, availability: 'online', onlyFrom: ['offline'] }).catch((err: Error) =>
    log.warn({ err, userId: identity.userId }, 'presence: could not mark agent online'),
  );
  socket.on('disconnect', () => {
    const timer = setTimeout(() => {
      void (async () => {
        // fetchSockets asks every process through the adapter (Redis when several run).
        const left = await services().realtime.io.in(socketRooms.user(identity.userId)).fetchSockets();
        if (left.length === 0) await availabilitySetter({ userId: identity.userId, availability: 'offline' });
      })().catch((err: Error) => log.debug({ err, userId: identity.userId }, 'presence: offline check skipped'));
    }, OFFLINE_GRACE_MS);
    timer.unref();
  });
}

/**
 * An agent whose sessions ended (logout, deactivation) goes offline now if no socket of theirs
 * is left in any process, so routing stops giving them work without waiting for the grace period.
 */
export async function markOfflineIfGone(userId: string): Promise<void> {
  const left = await services().realtime.io.in(socketRooms.user(userId)).fetchSockets();
  if (left.length === 0) await availabilitySetter({ userId, availability: 'offline' });
}
