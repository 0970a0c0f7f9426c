import { useCallback, useEffect, useRef, useState } from 'react';
import type { AtRiskView, RetentionView } from '@redress/shared';
import { ApiError } from '../../../lib/api';
import { subscribeMetricsChanged } from '../liveMetrics';
import { retentionApi } from './api';

/** Measured retention and the at-risk list, refetched whenever the server says figures changed (orders, complaints). */
export function useRetention() {
  const [retention, setRetention] = useState<RetentionView | null>(null);
  const [atRisk, setAtRisk] = useState<AtRiskView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const inFlight = useRef<AbortController | null>(null);

  const load = useCallback(async () => {
    inFlight.current?.abort();
    const ctrl = new AbortController();
    inFlight.current = ctrl;
    try {
      const [r, a] = await Promise.all([retentionApi.retention(ctrl.signal), retentionApi.atRisk(ctrl.signal)]);
      if (ctrl.signal.aborted) return;
      setRetention(r);
      setAtRisk(a);
      setError(null);
    } catch (err) {
      if (err instanceof DOMException && err.name === 'AbortError') return;
      setError(err instanceof ApiError ? err.message : String(err));
    }
  }, []);

  useEffect(() => {
    void load();
    const off = subscribeMetricsChanged(() => void load());
    return () => {
      off();
      inFlight.current?.abort();
    };
  }, [load]);

  return { retention, atRisk, error, reload: load };
}
