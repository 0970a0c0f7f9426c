import { useEffect, useRef } from 'react';
import { onRealtime } from '../../store/realtime';

type RemedyChange = { remedyId: string; complaintId: string; status: string };
type Listener = (p: RemedyChange) => void;

const listeners = new Set<Listener>();
// One socket subscription for the whole app; components come and go through the listener set.
onRealtime('remedy:changed', (p) => {
  for (const l of listeners) l(p);
});

/** Call `fn` on every 'remedy:changed' event (optionally only for one complaint) while mounted. */
export function useRemedyChanges(fn: Listener, complaintId?: string): void {
  const ref = useRef(fn);
  ref.current = fn;
  useEffect(() => {
    const l: Listener = (p) => {
      if (!complaintId || p.complaintId === complaintId) ref.current(p);
    };
    listeners.add(l);
    return () => {
      listeners.delete(l);
    };
  }, [complaintId]);
}
