import type { CustomerPromise, PortalComplaintView, PortalTimelineEvent, TrackingPush } from '@redress/shared';
import type { ComplaintFields } from './complaint.model';
import type { ComplaintEventFields } from './complaintEvent.model';
import { sanitiseFilename } from './attachments';

type WithId<T> = T & { _id: { toString(): string } };

/**
 * What a customer may see of a timeline entry: public entries only, never staff-internal data
 * (a status change's reason, assignment details, ids). Callers pass public events only; the
 * check here is the second lock.
 */
export function presentPortalEvent(e: WithId<ComplaintEventFields>): PortalTimelineEvent | null {
  if (e.visibility !== 'public') return null;
  const d = (e.data ?? {}) as { from?: unknown; to?: unknown; score?: unknown };
  const data: PortalTimelineEvent['data'] = {};
  if (e.type === 'status_changed' && typeof d.from === 'string' && typeof d.to === 'string') Object.assign(data, { from: d.from, to: d.to });
  if (e.type === 'csat' && typeof d.score === 'number') data.score = d.score;
  return {
    id: String(e._id),
    type: e.type,
    actor: { kind: e.actor.kind, name: e.actor.name },
    body: e.body,
    at: e.at.toISOString(),
    attachments: (e.attachments ?? []).map((a) => ({
      id: String(a.fileId),
      filename: sanitiseFilename(a.filename, a.contentType),
      contentType: a.contentType,
      size: a.size,
    })),
    ...(Object.keys(data).length ? { data } : {}),
  };
}

/** The tracking page's view of a complaint. */
export function presentPortalComplaint(
  c: ComplaintFields,
  events: WithId<ComplaintEventFields>[],
  o: { categoryLabel?: { en: string; zh: string }; canRate: boolean; promise: CustomerPromise },
): PortalComplaintView {
  // Only the current resolution's rating is shown: a reopened complaint is rated afresh.
  const csatCurrent = c.csat?.score && c.csat.at && c.resolvedAt && c.csat.at >= c.resolvedAt;
  return {
    complaint: {
      reference: c.reference,
      status: c.status,
      category: c.category,
      description: c.description,
      ...(o.categoryLabel ? { categoryLabel: o.categoryLabel } : {}),
      createdAt: c.createdAt.toISOString(),
      resolvedAt: c.resolvedAt ? c.resolvedAt.toISOString() : null,
      closedAt: c.closedAt ? c.closedAt.toISOString() : null,
      csat: csatCurrent ? { score: c.csat!.score!, comment: c.csat!.comment ?? '', at: c.csat!.at!.toISOString() } : null,
    },
    promise: o.promise,
    timeline: events.map(presentPortalEvent).filter((e): e is PortalTimelineEvent => e !== null),
    canReply: c.status !== 'closed',
    canRate: o.canRate,
  };
}

/** A live update for the tracking page: the complaint's customer-facing state and its new public entries. */
export function presentTrackingPush(c: ComplaintFields, events: WithId<ComplaintEventFields>[], promise: CustomerPromise): TrackingPush {
  return {
    reference: c.reference,
    status: c.status,
    resolvedAt: c.resolvedAt ? c.resolvedAt.toISOString() : null,
    closedAt: c.closedAt ? c.closedAt.toISOString() : null,
    canReply: c.status !== 'closed',
    promise,
    events: events.map(presentPortalEvent).filter((e): e is PortalTimelineEvent => e !== null),
  };
}
