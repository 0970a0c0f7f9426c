import type { RemedyFulfilmentInput } from '@redress/shared';
import mongoose from 'mongoose';
import { services } from '../../../platform/context';
import { errors } from '../../../platform/errors';
import { Complaint } from '../../complaints/complaint.model';
import { trackingUrl } from '../../complaints/tracking';
import { enqueueMail } from '../../notifications/outbox';
import { atomically } from '../atomically';
import { Remedy, type RemedyFields } from '../compensation.models';
import { describeRemedy, journal } from '../remedyJournal';
import { fulfilmentMail } from '../remedyMail';

type StoredRemedy = RemedyFields & { _id: unknown };

export interface RemedyFulfillerResult {
  remedy: StoredRemedy;
  /** False when the remedy already stood where the call asked (a replay): nothing changed. */
  changedNow: boolean;
}

/**
 * The shop or payment system reports an issued remedy carried out (fulfilled) or not (failed).
 * Idempotent: the same report again changes nothing and answers the stored state. Failed may
 * still become fulfilled (the shop tried again); fulfilled is final (409 for a later failure).
 * The decisive step is one conditional update on the fulfilment status read; its effects (audit,
 * timeline, webhook event, the customer's email) are keyed per outcome and re-run on a replay,
 * so a crash between steps is repaired by the shop's retry.
 */
export async function remedyFulfiller(p: { remedyId: string; input: RemedyFulfilmentInput }): Promise<RemedyFulfillerResult> {
  if (!mongoose.isValidObjectId(p.remedyId)) throw errors.notFound('Remedy');
  let current = await Remedy.findById(p.remedyId).lean();
  if (!current) throw errors.notFound('Remedy');
  let changedNow = false;
  for (let attempt = 0; attempt < 3; attempt++) {
    if (current.status !== 'issued') throw errors.invalidState(`Only an issued remedy can be carried out; this one is ${current.status.replace('_', ' ')}`);
    const from = current.fulfilment?.status;
    if (!from) throw errors.invalidState(`A ${current.type.replace('_', ' ')} is not carried out by another system`);
    if (from === p.input.status) break;
    if (from === 'fulfilled') throw errors.invalidState('This remedy was already reported fulfilled');
    const now = services().clock.now();
    const next = await atomically(`remedy:${p.remedyId}`, () =>
      Remedy.findOneAndUpdate(
        { _id: current!._id, status: 'issued', 'fulfilment.status': from },
        { $set: { fulfilment: { status: p.input.status, at: now, reference: p.input.reference ?? null, note: p.input.note ?? null }, updatedAt: now } },
        { new: true },
      ).lean(),
    );
    if (next) {
      current = next;
      changedNow = true;
      break;
    }
    current = await Remedy.findById(p.remedyId).lean();
    if (!current) throw errors.notFound('Remedy');
  }
  if (current.fulfilment?.status !== p.input.status) throw errors.conflict('The remedy changed while this report was made; try again');
  await completeFulfilment(current, p.input.status);
  return { remedy: current, changedNow };
}

async function completeFulfilment(r: StoredRemedy, outcome: 'fulfilled' | 'failed'): Promise<void> {
  const id = String(r._id);
  const at = r.fulfilment?.at ?? r.updatedAt;
  const ref = r.fulfilment?.reference ?? null;
  await journal({
    remedy: r,
    action: outcome === 'fulfilled' ? 'fulfilled' : 'fulfilment_failed',
    actor: { kind: 'system', id: null, name: 'Shop' },
    detail:
      outcome === 'fulfilled'
        ? `Carried out: ${describeRemedy(r)}${ref ? ` (reference ${ref})` : ''}`
        : `Could not be carried out: ${describeRemedy(r)}${r.fulfilment?.note ? ` — ${r.fulfilment.note}` : ''}`,
    dedupeKey: `${id}:${outcome === 'fulfilled' ? 'fulfilled' : 'fulfilment_failed'}`,
    at,
  });
  const complaint = await Complaint.findById(r.complaintId, { reference: 1, customer: 1, language: 1 }).lean();
  if (!complaint) return;
  const mail = fulfilmentMail({
    remedy: r,
    outcome,
    reference: ref,
    complaintReference: complaint.reference,
    name: complaint.customer.name,
    trackingUrl: trackingUrl(complaint.reference, String(complaint._id)),
    language: complaint.language,
  });
  await enqueueMail({ dedupeKey: `remedy-fulfilment:${id}:${outcome}`, complaintId: complaint._id, to: complaint.customer.email, ...mail });
}
