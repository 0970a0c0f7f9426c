/**
 * What webhook bodies carry: the presented resource, never internal fields (notes, routing
 * reasons, SLA internals, budgets, tokens). Types are documented as OpenAPI `webhooks`
 * (webhooks.openapi.ts); keep the two in step.
 */
import type { LeanComplaint } from '../complaints/feed/complaintWriter';

const iso = (d: Date | null | undefined): string | null => (d ? new Date(d).toISOString() : null);

/** A complaint as integrations see it (the latest state when the event was sent to the queue). */
export interface WebhookComplaint {
  id: string;
  reference: string;
  status: string;
  priority: string;
  category: string;
  rootCause: string;
  kind: string;
  severity: string;
  channel: string;
  subject: string;
  language: string;
  orderRef: string | null;
  amount: number | null;
  currency: string | null;
  customer: { name: string; email: string; tier: string };
  teamId: string | null;
  assignee: { id: string; name: string | null } | null;
  createdAt: string;
  firstResponseAt: string | null;
  resolvedAt: string | null;
  closedAt: string | null;
  csat: { score: number } | null;
}

export function presentWebhookComplaint(c: LeanComplaint): WebhookComplaint {
  return {
    id: String(c._id),
    reference: c.reference,
    status: c.status,
    priority: c.priority,
    category: c.category,
    rootCause: c.rootCause,
    kind: c.kind,
    severity: c.severity,
    channel: c.channel,
    subject: c.subject,
    language: c.language,
    orderRef: c.orderRef ?? null,
    amount: c.amount ?? null,
    currency: c.currency ?? null,
    customer: { name: c.customer.name, email: c.customer.email, tier: c.customer.tier },
    teamId: c.teamId ? String(c.teamId) : null,
    assignee: c.assigneeId ? { id: String(c.assigneeId), name: c.assigneeName ?? null } : null,
    createdAt: iso(c.createdAt)!,
    firstResponseAt: iso(c.firstResponseAt),
    resolvedAt: iso(c.resolvedAt),
    closedAt: iso(c.closedAt),
    csat: typeof c.csat?.score === 'number' ? { score: c.csat.score } : null,
  };
}
