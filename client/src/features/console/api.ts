import type { ComplaintDetailView, ComplaintStatus, ComplaintSummaryPayload, TimelineItemView } from '@redress/shared';
import { api, query } from '../../lib/api';

/** GET /api/complaints/:id — the staff view of one complaint with the viewer's abilities (the server presenter's type). */
export type ComplaintDetail = ComplaintDetailView;

/** One entry of the staff timeline, internal notes included (the server presenter's type). */
export type TimelineItem = TimelineItemView;

export interface ListParams {
  scope: 'mine' | 'team' | 'queue' | 'all';
  status?: string;
  q?: string;
  category?: string;
  channel?: string;
  limit?: number;
}

/** The agent console's reads and writes. */
export const consoleApi = {
  list: (p: ListParams) => api<{ items: ComplaintSummaryPayload[] }>(`/api/complaints${query({ ...p })}`),
  get: (id: string) => api<{ complaint: ComplaintDetail }>(`/api/complaints/${encodeURIComponent(id)}`),
  timeline: (id: string) => api<{ items: TimelineItem[]; open: boolean }>(`/api/complaints/${encodeURIComponent(id)}/timeline`),
  postMessage: (id: string, body: string, visibility: 'public' | 'internal') =>
    api<unknown>(`/api/complaints/${encodeURIComponent(id)}/messages`, { body: { body, visibility } }),
  setStatus: (id: string, status: ComplaintStatus) => api<unknown>(`/api/complaints/${encodeURIComponent(id)}/status`, { body: { status } }),
};
