import type { AgentRow, DrilldownMetric, DrilldownResponse, MetricsGranularity, OverviewResponse, OverviewTable, RetentionRates } from '@redress/shared';
import { api, query } from '../../lib/api';

/** Dashboard filters as the API takes them (dates as ISO strings). */
export interface DashboardFilters {
  from: string;
  to: string;
  granularity: MetricsGranularity;
  team?: string;
  category?: string;
  channel?: string;
}

/** What a drill-down opens: a figure, and the dimension value it was read for. */
export interface DrilldownTarget {
  metric: DrilldownMetric;
  key: string;
  from?: string;
  to?: string;
  /** Shown as the drawer title. */
  title: string;
}

const base = '/api/metrics';

function params(f: DashboardFilters) {
  return {
    from: f.from,
    to: f.to,
    granularity: f.granularity,
    team: f.team,
    category: f.category,
    channel: f.channel,
  };
}

/** The metrics API (supervisors and admins). */
export const dashboardApi = {
  overview: (f: DashboardFilters, signal?: AbortSignal) => api<OverviewResponse>(`${base}/overview${query(params(f))}`, { signal }),
  agents: (f: DashboardFilters, signal?: AbortSignal) =>
    api<{ items: AgentRow[] }>(`${base}/agents${query({ from: f.from, to: f.to, team: f.team })}`, { signal }),
  drilldown: (f: DashboardFilters, d: DrilldownTarget, page: number) =>
    api<DrilldownResponse>(
      `${base}/drilldown${query({ metric: d.metric, key: d.key, from: d.from ?? f.from, to: d.to ?? f.to, team: f.team, category: f.category, channel: f.channel, page, pageSize: 20 })}`,
    ),
  teams: () => api<{ items: { id: string; key: string; name: string }[] }>(`${base}/teams`),
  retention: () => api<{ rates: RetentionRates }>(`${base}/settings/retention`),
  saveRetention: (rates: RetentionRates) =>
    api<{ rates: RetentionRates }>(`${base}/settings/retention`, {
      method: 'PUT',
      body: rates,
    }),
};

/** Download links (same-origin GET with the session cookie): one per table. */
export const csvLinks = {
  overview: (f: DashboardFilters, table: OverviewTable) => `${base}/overview${query({ ...params(f), format: 'csv', table })}`,
  agents: (f: DashboardFilters) => `${base}/agents${query({ from: f.from, to: f.to, team: f.team, format: 'csv' })}`,
  drilldown: (f: DashboardFilters, d: DrilldownTarget) =>
    `${base}/drilldown${query({ metric: d.metric, key: d.key, from: d.from ?? f.from, to: d.to ?? f.to, team: f.team, category: f.category, channel: f.channel, format: 'csv' })}`,
};
