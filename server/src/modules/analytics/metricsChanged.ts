import { socketRooms } from '@redress/shared';
import { services } from '../../platform/context';

/** At most one 'metrics:changed' per second per process: dashboards refetch on each. */
export const METRICS_CHANGED_MIN_INTERVAL_MS = 1_000;

let lastEmit = 0;
let trailing: NodeJS.Timeout | null = null;
let pendingReason = '';

function emitNow(reason: string): void {
  lastEmit = Date.now();
  // Wall time here, not the injected clock: this is rate limiting, not business time.
  services().realtime.toRooms([socketRooms.supervisors]).emit('metrics:changed', {
    at: services().clock.now().toISOString(),
    reason,
  });
}

/**
 * Tell supervisors' dashboards that figures changed. Leading edge emits at once; changes within
 * the next second collapse into one trailing emit, so the last change is never dropped.
 */
export function metricsChanged(reason: string): void {
  const wait = lastEmit + METRICS_CHANGED_MIN_INTERVAL_MS - Date.now();
  if (wait <= 0 && !trailing) return emitNow(reason);
  pendingReason = reason;
  if (trailing) return;
  trailing = setTimeout(
    () => {
      trailing = null;
      emitNow(pendingReason);
    },
    Math.max(wait, 0),
  );
  trailing.unref();
}
