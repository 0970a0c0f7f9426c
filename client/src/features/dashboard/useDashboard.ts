import { useCallback, useEffect, useRef, useState } from 'react';
import type { AgentRow, OverviewResponse } from '@redress/shared';
import { dashboardApi, type DashboardFilters } from './api';
import { subscribeMetricsChanged } from './liveMetrics';

export interface DashboardData {
  overview: OverviewResponse | null;
  agents: AgentRow[];
  loading: boolean;
  error: string | null;
  /** Times the figures were refreshed by a live update (shown, and awaited by tests). */
  liveUpdates: number;
  refresh(): void;
}

/** Default view: the last 7 days by day. */
export function defaultFilters(now = new Date()): DashboardFilters {
  const to = new Date(Math.ceil(now.getTime() / 3_600_000) * 3_600_000);
  return {
    from: new Date(to.getTime() - 7 * 86_400_000).toISOString(),
    to: to.toISOString(),
    granularity: 'day',
  };
}

/**
 * Overview and agent table for the filters; refetched when filters change and whenever the
 * server emits 'metrics:changed' (the server throttles those to one a second).
 */
export function useDashboard(filters: DashboardFilters): DashboardData {
  const [overview, setOverview] = useState<OverviewResponse | null>(null);
  const [agents, setAgents] = useState<AgentRow[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [liveUpdates, setLiveUpdates] = useState(0);
  const inFlight = useRef<AbortController | null>(null);

  const load = useCallback(
    async (live: boolean) => {
      inFlight.current?.abort();
      const ctl = new AbortController();
      inFlight.current = ctl;
      if (!live) setLoading(true);
      try {
        // A live refresh keeps the chosen range but moves its end to now, so new complaints show.
        const f = live && new Date(filters.to) <= new Date() ? { ...filters, to: new Date(Date.now() + 60_000).toISOString() } : filters;
        const [o, a] = await Promise.all([dashboardApi.overview(f, ctl.signal), dashboardApi.agents(f, ctl.signal)]);
        setOverview(o);
        setAgents(a.items);
        setError(null);
        if (live) setLiveUpdates((n) => n + 1);
      } catch (err) {
        if ((err as Error).name === 'AbortError') return;
        setError((err as Error).message);
      } finally {
        if (inFlight.current === ctl) setLoading(false);
      }
    },
    [filters],
  );

  useEffect(() => {
    void load(false);
    return subscribeMetricsChanged(() => void load(true));
  }, [load]);

  return {
    overview,
    agents,
    loading,
    error,
    liveUpdates,
    refresh: () => void load(false),
  };
}
