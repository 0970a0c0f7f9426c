import { socketRooms, type WebhookEventType } from '@redress/shared';
import { services } from '../../platform/context';
import { recordEvent, type Actor } from '../complaints/commands/timelineRecorder';
import { Complaint } from '../complaints/complaint.model';
import { roomsFor } from '../complaints/complaintHooks';
import type { ComplaintFields } from '../complaints/complaint.types';
import { webhookEventRecorder } from '../integrations/commands/webhookEventRecorder';
import { isDuplicateKey, RemedyAudit, type RemedyFields } from './compensation.models';
import { presentWebhookRemedy } from './remedy.presenter';

/** The steps of a remedy's life that are audited. */
export type RemedyAction =
  'suggested' | 'requested' | 'auto_approved' | 'pending_approval' | 'approved' | 'declined' | 'issued' | 'fulfilled' | 'fulfilment_failed';

type RemedyLike = Pick<RemedyFields, 'complaintId' | 'reference' | 'type' | 'amount' | 'currency' | 'ruleKey' | 'ruleVersion' | 'status'> &
  Partial<RemedyFields> & { _id: unknown };

/** The webhook event each step stands for (steps not listed send none). */
const webhookTypes: Partial<Record<RemedyAction, WebhookEventType>> = {
  requested: 'remedy.requested',
  auto_approved: 'remedy.approved',
  approved: 'remedy.approved',
  declined: 'remedy.declined',
  issued: 'remedy.issued',
  fulfilled: 'remedy.fulfilled',
  fulfilment_failed: 'remedy.fulfilment_failed',
};

export interface JournalEntry {
  remedy: RemedyLike;
  action: RemedyAction;
  actor: Actor;
  /** Plain words for the timeline and the audit row. */
  detail: string;
  /** Deterministic per step, so a retried command journals once. */
  dedupeKey: string;
  at: Date;
}

const fmt = (n: number): string => (Number.isInteger(n) ? String(n) : n.toFixed(2));

/** "voucher 30 EUR", "points 200", "apology". */
export function describeRemedy(r: Pick<RemedyFields, 'type' | 'amount' | 'currency'>): string {
  if (r.type === 'apology') return 'apology';
  const unit = r.type === 'points' ? ' points' : r.currency ? ` ${r.currency}` : '';
  return `${r.type.replace('_', ' ')} ${fmt(r.amount)}${unit}`;
}

/**
 * Record one step: an audit row and a timeline entry (public once issued, internal before), both
 * once per dedupeKey; then tell the supervisors and everyone on the complaint that the remedy changed.
 */
export async function journal(e: JournalEntry): Promise<void> {
  const r = e.remedy;
  const remedyId = String(r._id);
  await RemedyAudit.create({
    dedupeKey: e.dedupeKey,
    remedyId: r._id,
    complaintId: r.complaintId,
    reference: r.reference,
    action: e.action,
    actor: e.actor,
    type: r.type,
    amount: r.amount,
    currency: r.currency ?? null,
    ruleKey: r.ruleKey,
    ruleVersion: r.ruleVersion,
    detail: e.detail,
    at: e.at,
  }).catch((err: unknown) => {
    if (!isDuplicateKey(err)) throw err;
  });
  const complaint = await Complaint.findById(r.complaintId, {
    teamId: 1,
    assigneeId: 1,
    rev: 1,
  }).lean();
  if (!complaint) return;
  // The integration event, keyed like the audit row: a retried step records it once, and it is
  // numbered after the complaint's earlier events (webhookEventRecorder), so order holds.
  const webhookType = webhookTypes[e.action];
  if (webhookType) {
    await webhookEventRecorder({
      id: `evt_${remedyId}_${e.dedupeKey.slice(remedyId.length + 1).replace(/[^a-z_]/gi, '_')}`,
      type: webhookType,
      complaintId: String(r.complaintId),
      reference: r.reference,
      occurredAt: e.at,
      order: (complaint.rev ?? 0) + 0.5,
      gateRev: complaint.rev ?? 0,
      data: { remedy: presentWebhookRemedy(r) },
    });
  }
  await recordEvent({
    complaint,
    type: 'remedy',
    visibility: e.action === 'issued' || e.action === 'fulfilled' || e.action === 'fulfilment_failed' ? 'public' : 'internal',
    actor: e.actor,
    body: e.detail,
    data: {
      remedyId,
      action: e.action,
      remedyType: r.type,
      amount: r.amount,
      currency: r.currency ?? null,
      ruleKey: r.ruleKey,
      ruleVersion: r.ruleVersion,
    },
    dedupeKey: `remedy:${e.dedupeKey}`,
    at: e.at,
  });
  announce(r, complaint);
}

/** Tell whoever may read the complaint (supervisors included) that a remedy changed (small payload; clients refetch). */
export function announce(r: RemedyLike, complaint: Pick<ComplaintFields, 'teamId' | 'assigneeId'>): void {
  const complaintId = String(r.complaintId);
  const rooms = new Set([...roomsFor(complaint), socketRooms.complaint(complaintId)]);
  services()
    .realtime.toRooms([...rooms])
    .emit('remedy:changed', {
      remedyId: String(r._id),
      complaintId,
      status: r.status,
    });
}
