import type { ComplaintStatus, ComplaintSummaryPayload, CustomerTier, LifecycleStage } from '@redress/shared';
import { api, query } from '../../lib/api';

/** GET /api/complaints/:id — the staff view of one complaint with the viewer's abilities. */
export interface ComplaintDetail extends ComplaintSummaryPayload {
  rootCause: string;
  kind: string;
  severity: string;
  description: string;
  orderRef: string | null;
  amount: number | null;
  currency: string | null;
  desiredResolution: string | null;
  language: string;
  customer: {
    id: string;
    name: string;
    email: string;
    phone: string | null;
    tier: CustomerTier;
    lifetimeValue: number;
    lifecycleStage: LifecycleStage;
    priorComplaints: number;
  };
  assignment: { strategy: string; reason: string; at: string } | null;
  firstResponseAt: string | null;
  resolvedAt: string | null;
  closedAt: string | null;
  reopenCount: number;
  csat: { score: number; comment: string; at: string } | null;
  abilities: Record<'read' | 'update' | 'reassign' | 'handBack' | 'claim', boolean>;
}

/** One entry of the staff timeline (internal notes included). */
export interface TimelineItem {
  id: string;
  type: string;
  visibility: 'public' | 'internal';
  actor: { kind: 'customer' | 'staff' | 'system'; name: string };
  body: string;
  data: Record<string, unknown>;
  attachments: { id: string; filename: string; contentType: string; size: number }[];
  channel: string | null;
  at: string;
}

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
