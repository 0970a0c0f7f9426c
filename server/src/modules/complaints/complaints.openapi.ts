import {
  attachmentLimits,
  complaintListQuerySchema,
  csatSchema,
  fileComplaintResponseSchema,
  fileComplaintSchema,
  idempotencyKeySchema,
  portalReplySchema,
  staffMessageSchema,
  statusChangeSchema,
} from '@redress/shared';
import type { ModuleApiDoc } from '../../platform/http/openapi';
import { staffUploadFieldsSchema } from './lifecycle.router';

const files = { maxFiles: attachmentLimits.maxFiles, maxBytes: attachmentLimits.maxBytes };
const download = {
  description:
    "The file with its sniffed Content-Type, under a name whose extension is that type's (PNG bytes uploaded as invoice.hta download as invoice.png): Content-Disposition: attachment, X-Content-Type-Options: nosniff, Content-Security-Policy: sandbox; default-src 'none'",
  contentType: 'application/octet-stream',
};
const portalView =
  "The tracking view: the complaint (with the customer's description), its public timeline, canReply, canRate, and `promise` (when to expect an answer, from the SLA clocks as they stand). Live updates: `GET /api/portal/complaints/{reference}/events`";
const staffDetail = 'The complaint as staff see it (with abilities) and the new timeline event';

/** Intake (web form, integrators), staff work on complaints, and the customer portal. */
export const complaintsApiDoc: ModuleApiDoc = {
  tag: { name: 'complaints', description: 'Intake, the staff console and the customer portal (tracking link)' },
  paths: {
    '/api/categories': {
      get: { summary: 'Active complaint categories', access: 'public', rateLimited: true, responses: { 200: '`{ items: Category[] }`' } },
    },
    '/api/complaints': {
      post: {
        summary: 'File a complaint (public form and integrators)',
        description: 'Send the same Idempotency-Key when retrying: the replay answers 200 with `Idempotent-Replayed: true` and the same complaint.',
        access: 'public',
        rateLimited: true,
        body: fileComplaintSchema,
        headers: [{ name: 'Idempotency-Key', description: 'One per submission attempt, reused on retries', schema: idempotencyKeySchema }],
        responses: {
          201: { description: 'Filed; a confirmation email is on its way', schema: fileComplaintResponseSchema },
          200: { description: 'Replay of an earlier request with the same Idempotency-Key', schema: fileComplaintResponseSchema },
        },
        errors: [422],
      },
      get: {
        summary: 'List complaints the user may see',
        access: 'staff',
        query: complaintListQuerySchema,
        responses: { 200: '`{ items: ComplaintSummary[] }`, newest first' },
      },
    },
    '/api/complaints/{id}': {
      get: { summary: 'One complaint', access: 'staff', responses: { 200: '`{ complaint }` with the abilities of the caller' } },
    },
    '/api/complaints/{id}/timeline': {
      get: { summary: "A complaint's timeline (notes included)", access: 'staff', responses: { 200: '`{ items: TimelineEvent[], open: boolean }`' } },
    },
    '/api/complaints/{id}/messages': {
      post: {
        summary: 'Reply to the customer (public, emailed) or add an internal note',
        access: 'staff',
        body: staffMessageSchema,
        responses: { 201: staffDetail },
        errors: [409],
      },
    },
    '/api/complaints/{id}/status': {
      post: { summary: 'Change the status', access: 'staff', body: statusChangeSchema, responses: { 200: staffDetail }, errors: [409] },
    },
    '/api/complaints/{id}/attachments': {
      post: {
        summary: 'Upload files (internal unless visibility is public)',
        access: 'staff',
        files: { ...files, fields: staffUploadFieldsSchema },
        responses: { 201: staffDetail },
      },
    },
    '/api/complaints/{id}/attachments/{fileId}': {
      get: { summary: 'Download an attachment', access: 'staff', responses: { 200: download } },
    },
    '/api/portal/complaints/{reference}': {
      get: {
        summary: 'The tracking page of a complaint',
        access: 'tracking',
        rateLimited: true,
        params: { reference: 'e.g. C-2026-000123' },
        responses: { 200: portalView },
      },
    },
    '/api/portal/complaints/{reference}/events': {
      get: {
        summary: 'Live updates of the tracking page (server-sent events)',
        description:
          'A `text/event-stream` that stays open: each `tracking:changed` event carries the customer-safe fields (status, canReply, promise) and the new public timeline entries, never internal notes. Send the token in the X-Tracking-Token header (read it with fetch; EventSource cannot send headers). After a reconnect, fetch the whole view again: events sent meanwhile are not replayed. At most 10 open streams per complaint (429 beyond).',
        access: 'tracking',
        rateLimited: true,
        params: { reference: 'e.g. C-2026-000123' },
        responses: { 200: { description: 'The event stream', contentType: 'text/event-stream' } },
        errors: [429],
      },
    },
    '/api/portal/complaints/{reference}/replies': {
      post: {
        summary: 'The customer replies (JSON, or multipart with files)',
        access: 'tracking',
        rateLimited: true,
        body: portalReplySchema,
        files,
        responses: { 201: `${portalView}, and the new event` },
        errors: [409],
      },
    },
    '/api/portal/complaints/{reference}/attachments': {
      post: {
        summary: 'The customer adds files',
        access: 'tracking',
        rateLimited: true,
        files,
        responses: { 201: `${portalView}, and the new event` },
        errors: [409],
      },
    },
    '/api/portal/complaints/{reference}/csat': {
      post: {
        summary: 'The customer rates the outcome (once, after resolution)',
        access: 'tracking',
        rateLimited: true,
        body: csatSchema,
        responses: { 201: `${portalView}, and the new event` },
        errors: [409],
      },
    },
    '/api/portal/complaints/{reference}/attachments/{fileId}': {
      get: { summary: 'Download a file listed on the public timeline', access: 'tracking', rateLimited: true, responses: { 200: download } },
    },
  },
};
