import { Types } from 'mongoose';
import type { AtRiskReason, OutreachResult } from '@redress/shared';
import { errors } from '../../../platform/errors';
import { complaintFiler } from '../../complaints/commands/complaintFiler';
import { Customer } from '../../customers/customer.model';
import { buildAtRisk } from '../atRisk';

export interface OpenOutreachProps {
  customerId: string;
  by: string;
  at: Date;
}

const reasonWords: Record<AtRiskReason, string> = {
  declining_rhythm: 'ordering less often than usual',
  open_complaint: 'an open complaint',
  recently_unresolved: 'a complaint closed unresolved',
  sla_breached: 'a breached service level',
  remedy_failed: 'a declined remedy',
};

/**
 * Open a proactive case for an at-risk customer: a complaint on channel `outreach`, filed through
 * the complaints module's filing command, so it is routed, clocked and shown like any other. One
 * per customer and day (Idempotency-Key), so a double click opens one case.
 */
export async function outreachOpener(p: OpenOutreachProps): Promise<OutreachResult> {
  if (!Types.ObjectId.isValid(p.customerId)) throw errors.notFound('Customer');
  const customer = await Customer.findById(p.customerId, { email: 1, name: 1 }).lean();
  if (!customer) throw errors.notFound('Customer');
  const risk = (await buildAtRisk(p.at, 10_000)).items.find((i) => i.customerId === p.customerId);
  const why = risk?.reasons.map((r) => reasonWords[r]).join(', ') || 'flagged by a supervisor';
  const filed = await complaintFiler({
    input: {
      customer: { name: customer.name, email: customer.email },
      category: 'other',
      description: `Proactive outreach opened by ${p.by}: this customer is at risk (${why}). Contact them and win them back before they leave.`,
      language: 'en',
    },
    channel: 'outreach',
    subject: `Proactive outreach: ${customer.name} is at risk`,
    idempotencyKey: `outreach:${p.customerId}:${p.at.toISOString().slice(0, 10)}`,
  });
  return { complaintId: String(filed.complaint._id), reference: filed.complaint.reference, replayed: filed.replayed };
}
