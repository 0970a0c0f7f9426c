import type { ComplaintSlaView } from '@redress/shared';
import { api } from '../../lib/api';

/** The SLA endpoints the console uses. */
export const slaApi = {
  complaint: (id: string) => api<{ sla: ComplaintSlaView | null }>(`/api/complaints/${encodeURIComponent(id)}/sla`),
};
