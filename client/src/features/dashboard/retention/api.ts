import type { AtRiskView, OutreachResult, RetentionView } from '@redress/shared';
import { api } from '../../../lib/api';

/** Measured retention and the early-warning list (supervisors and admins). */
export const retentionApi = {
  retention: (signal?: AbortSignal) => api<RetentionView>('/api/metrics/retention', { signal }),
  atRisk: (signal?: AbortSignal) => api<AtRiskView>('/api/metrics/at-risk', { signal }),
  outreach: (customerId: string) => api<OutreachResult>(`/api/metrics/at-risk/${encodeURIComponent(customerId)}/outreach`, { method: 'POST', body: {} }),
};
