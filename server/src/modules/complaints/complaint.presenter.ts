import type { ComplaintDetailView, ComplaintSummaryPayload, TimelineItemView } from '@redress/shared';
import type { UserDoc } from '../auth/user.model';
import { complaintAbilities } from '../auth/auth.policy';
import type { ComplaintFields } from './complaint.model';
import type { ComplaintEventFields } from './complaintEvent.model';
import { sanitiseFilename } from './attachments';
import { services } from '../../platform/context';
import { presentComplaintSla, presentSlaSummary } from '../sla/sla.presenter';
import { customerTimeZone } from '../sla/customerPromise';

type WithId<T> = T & { _id: { toString(): string } };

/** The list/realtime shape of a complaint: what a console row needs, nothing more. */
export function presentComplaintSummary(c: WithId<ComplaintFields>): ComplaintSummaryPayload {
  return {
    id: String(c._id),
    rev: (c as { rev?: number }).rev ?? 0,
    reference: c.reference,
    status: c.status,
    priority: c.priority,
    priorityScore: c.priorityScore,
    category: c.category,
    customerName: c.customer.name,
    customerTier: c.customer.tier,
    assigneeId: c.assigneeId ? String(c.assigneeId) : null,
    assigneeName: c.assigneeName ?? null,
    teamId: c.teamId ? String(c.teamId) : null,
    channel: c.channel,
    subject: c.subject,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
    sla: presentSlaSummary(c.sla),
  };
}

function iso(d: Date | null | undefined): string | null {
  return d ? d.toISOString() : null;
}

/** The full staff view of one complaint, with the abilities of the viewing user. */
export function presentComplaintDetail(c: WithId<ComplaintFields>, viewer: UserDoc): ComplaintDetailView {
  return {
    ...presentComplaintSummary(c),
    rootCause: c.rootCause,
    kind: c.kind,
    severity: c.severity,
    description: c.description,
    orderRef: c.orderRef ?? null,
    amount: c.amount ?? null,
    currency: c.currency ?? null,
    desiredResolution: c.desiredResolution ?? null,
    language: c.language,
    timeZone: customerTimeZone(c),
    customer: {
      id: String(c.customerId),
      name: c.customer.name,
      email: c.customer.email,
      phone: c.customer.phone ?? null,
      tier: c.customer.tier,
      lifetimeValue: c.customer.lifetimeValue,
      lifecycleStage: c.customer.lifecycleStage,
      priorComplaints: c.customer.priorComplaints,
    },
    assignment: c.assignment?.reason
      ? { strategy: c.assignment.strategy ?? '', reason: c.assignment.reason, reasonText: c.assignment.reasonText ?? null, at: iso(c.assignment.at) ?? '' }
      : null,
    firstResponseAt: iso(c.firstResponseAt),
    resolvedAt: iso(c.resolvedAt),
    closedAt: iso(c.closedAt),
    reopenCount: c.reopenCount,
    csat: c.csat?.score ? { score: c.csat.score, comment: c.csat.comment ?? '', at: iso(c.csat.at) ?? '' } : null,
    abilities: complaintAbilities(viewer, c),
    sla: presentComplaintSla(c.sla, services().clock.now()),
  };
}

/** A timeline entry for staff (internal notes included). */
export function presentEvent(e: WithId<ComplaintEventFields>): TimelineItemView {
  return {
    id: String(e._id),
    type: e.type,
    visibility: e.visibility,
    actor: { kind: e.actor.kind, name: e.actor.name },
    body: e.body,
    data: e.data as Record<string, unknown>,
    attachments: (e.attachments ?? []).map((a) => ({
      id: String(a.fileId),
      filename: sanitiseFilename(a.filename, a.contentType),
      contentType: a.contentType,
      size: a.size,
    })),
    channel: e.channel,
    at: e.at.toISOString(),
  };
}
