import { fulfilledRemedyTypes, type RemedyType } from '@redress/shared';
import { services } from '../../../platform/context';
import { atomically } from '../atomically';
import { errors } from '../../../platform/errors';
import type { UserDoc } from '../../auth/user.model';
import { Complaint } from '../../complaints/complaint.model';
import { trackingUrl } from '../../complaints/tracking';
import { enqueueMergedMail } from '../../notifications/outbox';
import { isDuplicateKey, Remedy, Voucher, type RemedyFields } from '../compensation.models';
import { describeRemedy, journal } from '../remedyJournal';
import { remedyMail } from '../remedyMail';
import { newVoucherCode } from '../voucherCode';

type StoredRemedy = RemedyFields & { _id: unknown };

const DAY_MS = 86_400_000;

/** Whether another system carries the remedy out (refund, replacement, repair, points, gift). */
export function needsFulfilment(type: string): boolean {
  return fulfilledRemedyTypes.includes(type as RemedyType);
}
/** Voucher validity when the rule does not say. */
export const DEFAULT_VOUCHER_VALID_DAYS = 90;

export interface RemedyIssuerResult {
  remedy: StoredRemedy;
  /** False when this call found the remedy already issued (a replay, a double click, a second tab). */
  issuedNow: boolean;
}

/**
 * Issue an approved remedy exactly once. The decisive step is one conditional update approved →
 * issued that also fixes the voucher code and expiry; whoever loses that race (or replays later)
 * gets the same remedy back with 200. The follow-up effects — voucher document (unique per remedy),
 * customer email (one per remedy, shared with remedies issued together: enqueueMergedMail), timeline and audit (dedupe keys) — are each
 * idempotent, and every call re-runs them, so a crash between steps is repaired by a retry.
 */
export async function remedyIssuer(p: { remedy: StoredRemedy; user: UserDoc }): Promise<RemedyIssuerResult> {
  const now = services().clock.now();
  const actor = { id: p.user.id, name: p.user.name };
  let issuedNow = false;
  let current: StoredRemedy | null = p.remedy;
  if (p.remedy.status !== 'issued') {
    const voucher =
      p.remedy.type === 'voucher'
        ? {
            voucherCode: newVoucherCode(),
            voucherExpiresAt: new Date(now.getTime() + (p.remedy.voucherValidDays ?? DEFAULT_VOUCHER_VALID_DAYS) * DAY_MS),
          }
        : {};
    current = await atomically(`remedy:${String(p.remedy._id)}`, () =>
      Remedy.findOneAndUpdate(
        { _id: p.remedy._id, status: 'approved' },
        {
          $set: {
            status: 'issued',
            issuedAt: now,
            issuedBy: actor,
            updatedAt: now,
            // Issued is what we promised; the shop reports when it is done (remedyFulfiller).
            ...(needsFulfilment(p.remedy.type) ? { fulfilment: { status: 'pending', at: null, reference: null, note: null } } : {}),
            ...voucher,
          },
        },
        { new: true },
      ).lean(),
    );
    issuedNow = current !== null;
    current ??= await Remedy.findById(p.remedy._id).lean();
  }
  if (!current) throw errors.notFound('Remedy');
  if (current.status !== 'issued') {
    throw errors.invalidState(
      current.status === 'pending_approval'
        ? 'This remedy is waiting for a supervisor'
        : `Only an approved remedy can be issued; this one is ${current.status.replace('_', ' ')}`,
    );
  }
  await completeIssue(current);
  return { remedy: current, issuedNow };
}

/** The effects of an issued remedy; each runs at most once however often this is called. */
async function completeIssue(r: StoredRemedy): Promise<void> {
  const id = String(r._id);
  if (r.type === 'voucher' && r.voucherCode && r.voucherExpiresAt) {
    await Voucher.create({
      code: r.voucherCode,
      remedyId: r._id,
      complaintId: r.complaintId,
      amount: r.amount,
      currency: r.currency ?? null,
      expiresAt: r.voucherExpiresAt,
      createdAt: r.issuedAt ?? r.updatedAt,
    }).catch((err: unknown) => {
      if (!isDuplicateKey(err)) throw err;
    });
  }
  const complaint = await Complaint.findById(r.complaintId, {
    reference: 1,
    customer: 1,
    language: 1,
  }).lean();
  if (complaint) {
    // One email per complaint for remedies issued together (an apology and a voucher a few seconds
    // apart used to send two near-identical apologies): the remedy joins the complaint's waiting
    // remedy email, or starts one that waits REMEDY_MAIL_HOLD_SECONDS for the others.
    await enqueueMergedMail({
      mergeKey: `remedies:${String(complaint._id)}`,
      part: id,
      holdMs: services().env.REMEDY_MAIL_HOLD_SECONDS * 1000,
      complaintId: complaint._id,
      to: complaint.customer.email,
      render: async (parts) => {
        const found = await Remedy.find({ _id: { $in: parts } }).lean();
        const byId = new Map(found.map((x) => [String(x._id), x]));
        return remedyMail({
          remedies: parts.map((p) => byId.get(p)).filter((x): x is NonNullable<typeof x> => x !== undefined),
          reference: complaint.reference,
          name: complaint.customer.name,
          trackingUrl: trackingUrl(complaint.reference, String(complaint._id)),
          language: complaint.language,
        });
      },
    });
  }
  const by = r.issuedBy ?? { id: null, name: 'Redress' };
  const voucher = r.voucherCode ? ` — code ${r.voucherCode}, valid until ${r.voucherExpiresAt?.toISOString().slice(0, 10)}` : '';
  await journal({
    remedy: r,
    action: 'issued',
    actor: { kind: 'staff', id: by.id ?? null, name: by.name },
    detail:
      r.type === 'apology'
        ? 'We sent you our apology.'
        : r.fulfilment
          ? `Issued: ${describeRemedy(r)} — we have asked our team to carry it out`
          : `Issued: ${describeRemedy(r)}${voucher}`,
    dedupeKey: `${id}:issued`,
    at: r.issuedAt ?? r.updatedAt,
  });
}
