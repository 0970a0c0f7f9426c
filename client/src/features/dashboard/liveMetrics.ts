import { onRealtime } from '../../store/realtime';

const subscribers = new Set<(reason: string) => void>();

// Registered once at module load: every connection forwards these to the open dashboards.
onRealtime('metrics:changed', (p) => subscribers.forEach((fn) => fn(p.reason)));
onRealtime('remedy:changed', () => subscribers.forEach((fn) => fn('remedy')));

/** Call `fn` whenever the server says dashboard figures changed; returns the unsubscribe. */
export function subscribeMetricsChanged(fn: (reason: string) => void): () => void {
  subscribers.add(fn);
  return () => void subscribers.delete(fn);
}
