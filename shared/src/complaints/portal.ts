import { z } from 'zod';
import { complaintStatuses } from './lifecycle';
import { findUnfilledPlaceholders } from './cannedReplies';
import type { CustomerPromise } from './duePromise';

/**
 * Request schemas and response shapes of the customer portal (the tracking page) and of the staff
 * lifecycle endpoints. The client form and the server validate with these same schemas.
 */

// Plain values (no zod) in their own module, so the customer's pages can import them alone.
export { attachmentLimits, trackingTokenHeader } from './portalLimits';

const messageBody = (max: number) => z.string().trim().min(1, 'Write a message').max(max, `Message must be at most ${max} characters`);

/** Body of POST /api/portal/complaints/:reference/replies (JSON, or multipart field `body`). */
export const portalReplySchema = z.strictObject({ body: messageBody(10_000) });
export type PortalReplyInput = z.infer<typeof portalReplySchema>;

/** Body of POST /api/portal/complaints/:reference/csat. */
export const csatSchema = z.strictObject({
  score: z.number().int('Score must be a whole number').min(1, 'Score is 1 to 5').max(5, 'Score is 1 to 5'),
  comment: z.string().trim().max(2000, 'Comment must be at most 2000 characters').optional(),
});
export type CsatInput = z.infer<typeof csatSchema>;

/**
 * Body of POST /api/complaints/:id/messages (staff). Internal notes never reach the customer; a
 * public reply still holding a canned reply's placeholder ("[dueDate]", "{{question}}") is refused.
 */
export const staffMessageSchema = z
  .strictObject({
    body: messageBody(10_000),
    visibility: z.enum(['public', 'internal']),
  })
  .superRefine((v, ctx) => {
    if (v.visibility !== 'public') return;
    const left = [...new Set(findUnfilledPlaceholders(v.body).map((p) => p.text))];
    if (left.length) ctx.addIssue({ code: 'custom', path: ['body'], message: `Fill in ${left.join(', ')} before sending` });
  });
export type StaffMessageInput = z.infer<typeof staffMessageSchema>;

/** Body of POST /api/complaints/:id/status (staff). */
export const statusChangeSchema = z.strictObject({
  status: z.enum(complaintStatuses),
  reason: z.string().trim().max(2000, 'Reason must be at most 2000 characters').optional(),
});
export type StatusChangeInput = z.infer<typeof statusChangeSchema>;

/** A stored attachment as listed on a timeline entry. */
export interface AttachmentView {
  id: string;
  filename: string;
  contentType: string;
  size: number;
}

/** One public timeline entry as the customer sees it. */
export interface PortalTimelineEvent {
  id: string;
  type: string;
  actor: { kind: 'customer' | 'staff' | 'system'; name: string };
  body: string;
  at: string;
  attachments: AttachmentView[];
  /** For status changes: the statuses moved between; for csat: the score. */
  data?: { from?: string; to?: string; score?: number };
}

/** GET /api/portal/complaints/:reference */
export interface PortalComplaintView {
  complaint: {
    reference: string;
    status: (typeof complaintStatuses)[number];
    category: string;
    /** What the customer wrote when filing (plain text, line breaks kept). */
    description: string;
    categoryLabel?: { en: string; zh: string };
    createdAt: string;
    resolvedAt: string | null;
    closedAt: string | null;
    csat: { score: number; comment: string; at: string } | null;
  };
  /** When to expect an answer, from the SLA clocks as they stand now. */
  promise: CustomerPromise;
  timeline: PortalTimelineEvent[];
  canReply: boolean;
  canRate: boolean;
}

/**
 * What the tracking page hears live (Socket.IO namespace `trackingNamespace`, one room per tracking
 * token's complaint): customer-safe fields only, never staff data or internal notes.
 */
export interface TrackingPush {
  reference: string;
  status: (typeof complaintStatuses)[number];
  resolvedAt: string | null;
  closedAt: string | null;
  canReply: boolean;
  promise: CustomerPromise;
  /** Public timeline entries added with this change (the page merges them by id). */
  events: PortalTimelineEvent[];
}
