import type {
  WebhookCreateInput,
  WebhookDeliveryStatus,
  WebhookDeliveryView,
  WebhookEndpointCreated,
  WebhookEndpointView,
  WebhookSettings,
  WebhookUpdateInput,
} from '@redress/shared';
import { api } from '../../lib/api';

const enc = encodeURIComponent;

export interface WebhookSettingsAnswer {
  settings: WebhookSettings;
  envAllowsPrivate: boolean;
}

/** The admin webhook endpoints (server/src/modules/integrations/webhooks.router.ts). */
export const webhooksApi = {
  list: () => api<{ items: WebhookEndpointView[] }>('/api/admin/webhooks'),
  create: (input: WebhookCreateInput) => api<WebhookEndpointCreated>('/api/admin/webhooks', { method: 'POST', body: input }),
  update: (id: string, input: WebhookUpdateInput) => api<{ endpoint: WebhookEndpointView }>(`/api/admin/webhooks/${enc(id)}`, { method: 'PATCH', body: input }),
  remove: (id: string) => api<void>(`/api/admin/webhooks/${enc(id)}`, { method: 'DELETE' }),
  rotateSecret: (id: string) => api<WebhookEndpointCreated>(`/api/admin/webhooks/${enc(id)}/secret`, { method: 'POST' }),
  sendTest: (id: string) => api<{ eventId: string; deliveryId: string }>(`/api/admin/webhooks/${enc(id)}/test`, { method: 'POST' }),
  deliveries: (id: string, status?: WebhookDeliveryStatus) =>
    api<{ items: WebhookDeliveryView[] }>(`/api/admin/webhooks/${enc(id)}/deliveries${status ? `?status=${status}` : ''}`),
  redeliver: (deliveryId: string) => api<{ deliveryId: string }>(`/api/admin/webhooks/deliveries/${enc(deliveryId)}/redeliver`, { method: 'POST' }),
  settings: () => api<WebhookSettingsAnswer>('/api/admin/webhooks/settings'),
  saveSettings: (s: WebhookSettings) => api<WebhookSettingsAnswer>('/api/admin/webhooks/settings', { method: 'PUT', body: s }),
};
