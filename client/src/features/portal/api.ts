import type { Category, CsatInput, FileComplaintInput, FileComplaintResponse, PortalComplaintView } from '@redress/shared';
import { api } from '../../lib/api';

const enc = encodeURIComponent;
const tokenHeader = (token: string) => ({ 'X-Tracking-Token': token });

/** Customer-facing endpoints: intake, tracking, replies, rating, attachments. */
export const portalApi = {
  categories: () => api<{ items: Category[] }>('/api/categories'),
  file: (input: FileComplaintInput, idempotencyKey: string) =>
    api<FileComplaintResponse>('/api/complaints', { body: input, headers: { 'Idempotency-Key': idempotencyKey } }),
  track: (reference: string, token: string, signal?: AbortSignal) =>
    api<PortalComplaintView>(`/api/portal/complaints/${enc(reference)}`, { headers: tokenHeader(token), signal }),
  reply: (reference: string, token: string, body: string) =>
    api<unknown>(`/api/portal/complaints/${enc(reference)}/replies`, { body: { body }, headers: tokenHeader(token) }),
  rate: (reference: string, token: string, input: CsatInput) =>
    api<unknown>(`/api/portal/complaints/${enc(reference)}/csat`, { body: input, headers: tokenHeader(token) }),
  /** The file's bytes; the token travels in a header, so this cannot be a plain link. */
  download: async (reference: string, token: string, fileId: string): Promise<Blob> => {
    const res = await fetch(`/api/portal/complaints/${enc(reference)}/attachments/${enc(fileId)}`, { headers: tokenHeader(token) });
    if (!res.ok) throw new Error(`Download failed (${res.status})`);
    return res.blob();
  },
  attach: (reference: string, token: string, files: File[]) => {
    const form = new FormData();
    for (const f of files) form.append('files', f, f.name);
    return api<unknown>(`/api/portal/complaints/${enc(reference)}/attachments`, { body: form, headers: tokenHeader(token) });
  },
};

/** The token in a tracking link's fragment (`#t=...`): it never reaches server logs. */
export function tokenFromHash(hash: string): string {
  return new URLSearchParams(hash.replace(/^#/, '')).get('t') ?? '';
}
