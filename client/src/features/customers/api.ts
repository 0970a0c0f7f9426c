import type { CustomerImportResult, CustomerListView, CustomerTier, CustomerView, TierSettingsSaved, TierSettingsView, TierThresholds } from '@redress/shared';
import { api, query } from '../../lib/api';

/** The customer value endpoints the admin Customers page uses. */
export const customersApi = {
  tiers: () => api<TierSettingsView>('/api/customers/settings/tiers'),
  saveTiers: (thresholds: TierThresholds) => api<TierSettingsSaved>('/api/customers/settings/tiers', { method: 'PUT', body: thresholds }),
  /** Upload a CSV file as multipart (field `file`). */
  importCsv: (file: File) => {
    const form = new FormData();
    form.append('file', file);
    return api<CustomerImportResult>('/api/customers/import', { method: 'POST', body: form });
  },
  list: (p: { q?: string; tier?: CustomerTier; page: number; pageSize: number }) => api<CustomerListView>(`/api/customers${query(p)}`),
  get: (id: string) => api<CustomerView>(`/api/customers/${encodeURIComponent(id)}`),
};
