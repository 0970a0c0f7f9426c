import mongoose from 'mongoose';
import { socketRooms, type ViewerPayload } from '@redress/shared';
import { services } from '../../platform/context';
import type { RedressSocket } from '../../platform/realtime/realtime';
import { complaintPolicy } from '../auth/auth.policy';
import { User } from '../auth/user.model';
import { Complaint } from './complaint.model';

/** Who is viewing or replying to a complaint, across every server process (via the adapter). */
async function viewersOf(complaintId: string): Promise<ViewerPayload[]> {
  const sockets = await services().realtime.io.in(socketRooms.complaint(complaintId)).fetchSockets();
  const byUser = new Map<string, ViewerPayload>();
  for (const s of sockets) {
    const mode = s.data.watching?.[complaintId];
    if (!mode || !s.data.identity) continue;
    const { userId, name } = s.data.identity;
    // One entry per person; replying in any tab wins over viewing.
    if (byUser.get(userId)?.mode !== 'replying') byUser.set(userId, { userId, name, mode });
  }
  return [...byUser.values()];
}

async function announce(complaintId: string): Promise<void> {
  services()
    .realtime.toRooms([socketRooms.complaint(complaintId)])
    .emit('complaint:viewers', { complaintId, viewers: await viewersOf(complaintId) });
}

/** May this socket's user read the complaint? The same policy as the HTTP API. */
async function mayWatch(socket: RedressSocket, complaintId: string): Promise<boolean> {
  if (!mongoose.isValidObjectId(complaintId)) return false;
  const [user, complaint] = await Promise.all([
    User.findById(socket.data.identity.userId),
    Complaint.findById(complaintId, { teamId: 1, assigneeId: 1 }).lean(),
  ]);
  return Boolean(user?.active && complaint && complaintPolicy.read(user, complaint));
}

/**
 * Collision warning: a console announces which complaint it has open and whether its user is
 * typing a reply; everyone else allowed to see that complaint hears who is there. Reads only: the
 * handlers change no stored state, and refuse complaints the user may not read.
 */
export function trackViewers(socket: RedressSocket): void {
  const log = services().logger;
  socket.on('complaint:watch', (p, ack) => {
    void (async () => {
      const complaintId = typeof p?.complaintId === 'string' ? p.complaintId : '';
      const mode = p?.mode === 'replying' ? 'replying' : 'viewing';
      if (!(await mayWatch(socket, complaintId))) return ack?.({ ok: false, error: 'not_found' });
      // One complaint at a time per console: leave the previous one.
      for (const other of Object.keys(socket.data.watching)) {
        if (other === complaintId) continue;
        delete socket.data.watching[other];
        await socket.leave(socketRooms.complaint(other));
        await announce(other);
      }
      socket.data.watching[complaintId] = mode;
      await socket.join(socketRooms.complaint(complaintId));
      await announce(complaintId);
      ack?.({ ok: true });
    })().catch((err: Error) => {
      log.warn({ err }, 'complaint:watch failed');
      ack?.({ ok: false, error: 'internal' });
    });
  });
  socket.on('complaint:unwatch', (p) => {
    const complaintId = typeof p?.complaintId === 'string' ? p.complaintId : '';
    if (!socket.data.watching[complaintId]) return;
    delete socket.data.watching[complaintId];
    void (async () => {
      await socket.leave(socketRooms.complaint(complaintId));
      await announce(complaintId);
    })().catch((err: Error) => log.warn({ err }, 'complaint:unwatch failed'));
  });
  socket.on('disconnect', () => {
    for (const complaintId of Object.keys(socket.data.watching)) void announce(complaintId).catch(() => undefined);
  });
}
