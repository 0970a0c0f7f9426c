import type { Availability, MeResponse } from '@redress/shared';
import { api } from '../../lib/api';
import type { ComplaintDetail } from '../console/api';

const path = (id: string, action: string) => `/api/complaints/${encodeURIComponent(id)}/${action}`;

/** Who works on a complaint, and the agent's own availability. */
export const routingApi = {
  claim: (id: string) => api<{ complaint: ComplaintDetail }>(path(id, 'claim'), { method: 'POST', body: {} }),
  assign: (id: string, agentId: string, reason?: string) =>
    api<{ complaint: ComplaintDetail }>(path(id, 'assign'), { body: { agentId, ...(reason ? { reason } : {}) } }),
  handBack: (id: string, reason: string) => api<{ complaint: ComplaintDetail }>(path(id, 'handback'), { body: { reason } }),
  escalate: (id: string, reason: string) => api<{ complaint: ComplaintDetail | null }>(path(id, 'escalate'), { body: { reason } }),
  agents: () => api<{ items: MeResponse['user'][] }>('/api/agents'),
  setAvailability: (availability: Availability) => api<{ user: MeResponse['user'] }>('/api/agents/me/availability', { method: 'PUT', body: { availability } }),
};
