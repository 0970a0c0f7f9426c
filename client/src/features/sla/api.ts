import type { ComplaintSlaView, SlaCalendarInput, SlaPolicyInput, SlaPreviewInput, SlaPreviewView } from '@redress/shared';
import { api } from '../../lib/api';

const enc = encodeURIComponent;

/** An SLA policy as the admin API returns it. */
export type SlaPolicyView = SlaPolicyInput & { id: string; updatedAt: string };
/** A business calendar as the admin API returns it. */
export type SlaCalendarView = SlaCalendarInput & { id: string };

/** The SLA endpoints the console and the admin screens use (server/src/modules/sla/sla.router.ts). */
export const slaApi = {
  complaint: (id: string) => api<{ sla: ComplaintSlaView | null }>(`/api/complaints/${enc(id)}/sla`),
  policies: () => api<{ items: SlaPolicyView[] }>('/api/sla/policies'),
  createPolicy: (input: SlaPolicyInput) => api<{ policy: SlaPolicyView }>('/api/sla/policies', { method: 'POST', body: input }),
  updatePolicy: (id: string, input: SlaPolicyInput) => api<{ policy: SlaPolicyView }>(`/api/sla/policies/${enc(id)}`, { method: 'PUT', body: input }),
  deletePolicy: (id: string) => api<void>(`/api/sla/policies/${enc(id)}`, { method: 'DELETE' }),
  calendars: () => api<{ items: SlaCalendarView[] }>('/api/sla/calendars'),
  createCalendar: (input: SlaCalendarInput) => api<{ calendar: SlaCalendarView }>('/api/sla/calendars', { method: 'POST', body: input }),
  updateCalendar: (id: string, input: SlaCalendarInput) => api<{ calendar: SlaCalendarView }>(`/api/sla/calendars/${enc(id)}`, { method: 'PUT', body: input }),
  deleteCalendar: (id: string) => api<void>(`/api/sla/calendars/${enc(id)}`, { method: 'DELETE' }),
  preview: (input: SlaPreviewInput) => api<{ preview: SlaPreviewView }>('/api/sla/preview', { method: 'POST', body: input }),
};
