import { services } from '../../../platform/context';
import { atomically } from '../atomically';
import { AppError, errors } from '../../../platform/errors';
import { webhookEventRecorder } from '../../integrations/commands/webhookEventRecorder';
import { Complaint } from '../../complaints/complaint.model';
import { Remedy, Voucher } from '../compensation.models';
import { isVoucherCode } from '../voucherCode';

export interface RedeemedVoucher {
  code: string;
  amount: number;
  currency: string | null;
  redeemedAt: string;
  orderRef: string;
}

/**
 * The shop marks a voucher used. One conditional update (not redeemed and not expired → redeemed)
 * decides, so of concurrent redemptions exactly one succeeds; the others learn why they failed:
 * unknown 404, already used 409 voucher_redeemed, expired 409 voucher_expired.
 */
export async function voucherRedeemer(p: { code: string; orderRef: string }): Promise<RedeemedVoucher> {
  const code = p.code.trim().toUpperCase();
  if (!isVoucherCode(code)) throw errors.notFound('Voucher');
  const now = services().clock.now();
  const done = await atomically(`voucher:${code}`, () =>
    Voucher.findOneAndUpdate(
      { code, redeemedAt: null, expiresAt: { $gt: now } },
      { $set: { redeemedAt: now, redeemedOrderRef: p.orderRef } },
      { new: true },
    ).lean(),
  );
  if (done) {
    const redeemed = {
      code,
      amount: done.amount,
      currency: done.currency ?? null,
      redeemedAt: now.toISOString(),
      orderRef: p.orderRef,
    };
    const [remedy, complaint] = await Promise.all([
      Remedy.findById(done.remedyId, { reference: 1 }).lean(),
      Complaint.findById(done.complaintId, { rev: 1 }).lean(),
    ]);
    await webhookEventRecorder({
      id: `evt_${String(done._id)}_redeemed`,
      type: 'voucher.redeemed',
      complaintId: String(done.complaintId),
      reference: remedy?.reference ?? null,
      occurredAt: now,
      order: (complaint?.rev ?? 0) + 0.5,
      gateRev: complaint?.rev ?? 0,
      data: { voucher: { ...redeemed, remedyId: String(done.remedyId), complaintId: String(done.complaintId) } },
    });
    return redeemed;
  }
  const v = await Voucher.findOne({ code }).lean();
  if (!v) throw errors.notFound('Voucher');
  if (v.redeemedAt) {
    throw new AppError('voucher_redeemed', 409, `Voucher ${code} was already redeemed on ${v.redeemedAt.toISOString()} (order ${v.redeemedOrderRef ?? '?'})`);
  }
  throw new AppError('voucher_expired', 409, `Voucher ${code} expired on ${v.expiresAt.toISOString()}`);
}
