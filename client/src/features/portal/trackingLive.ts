// Modules, not the package index: the tracking page stays without zod (client size budget).
import { trackingNamespace, type TrackingHandshakeAuth, type TrackingServerToClientEvents } from '@redress/shared/src/realtime/events';
import type { TrackingPush } from '@redress/shared/src/complaints/portal';

export interface TrackingLiveHandlers {
  /** A change the server pushed (customer-safe fields and new public entries). */
  onPush(p: TrackingPush): void;
  /** Connected again after a drop: pushes sent meanwhile are lost, so fetch the whole view. */
  onResync(): void;
  onLive(live: boolean): void;
}

/**
 * Follow one complaint live on the tracking page. The Socket.IO client is loaded here, on demand
 * (a dynamic import), so the public pages' first load does not carry it; the reference and token
 * travel in the handshake's auth payload, never in a URL. Returns the unsubscribe function.
 */
export function followComplaint(reference: string, token: string, h: TrackingLiveHandlers): () => void {
  let stopped = false;
  let close = () => {};
  void import('socket.io-client')
    .then(({ io }) => {
      if (stopped) return;
      const auth: TrackingHandshakeAuth = { reference, token };
      const socket = io(trackingNamespace, { auth: { ...auth } });
      let connectedBefore = false;
      socket.on('connect', () => {
        h.onLive(true);
        if (connectedBefore) h.onResync();
        connectedBefore = true;
      });
      socket.on('disconnect', (reason) => {
        h.onLive(false);
        if (reason === 'io server disconnect') setTimeout(() => !stopped && socket.connect(), 2_000);
      });
      // A refused handshake (wrong token) retries slowly; the page itself already shows "not found".
      socket.on('connect_error', () => h.onLive(false));
      const handler: TrackingServerToClientEvents['tracking:changed'] = (p) => h.onPush(p);
      socket.on('tracking:changed', handler);
      close = () => {
        socket.off('tracking:changed', handler);
        socket.disconnect();
      };
    })
    .catch(() => h.onLive(false));
  return () => {
    stopped = true;
    close();
  };
}
