import { Router } from 'express';
import { remedyFulfilmentSchema, trackingTokenHeader, voucherRedeemSchema } from '@redress/shared';
import { errors } from '../../platform/errors';
import { limiter } from '../../platform/http/rateLimit';
import { shopOnly } from '../../platform/http/shopKey';
import { parse } from '../../platform/http/validate';
import { Complaint } from '../complaints/complaint.model';
import { tokenMatches } from '../complaints/tracking';
import { remedyFulfiller } from './commands/remedyFulfiller';
import { voucherRedeemer } from './commands/voucherRedeemer';
import { Remedy, Voucher } from './compensation.models';
import { presentPortalRemedy, presentWebhookRemedy } from './remedy.presenter';

/** The customer's issued remedies on the tracking page (same token and same 404 rule as the portal). */
export function remedyPortalRouter(): Router {
  const router = Router();
  router.get('/complaints/:reference/remedies', async (req, res) => {
    const reference = String(req.params.reference ?? '');
    const c = reference.length <= 40 ? await Complaint.findOne({ reference }, { _id: 1 }).lean() : null;
    if (!c || !tokenMatches(req.get(trackingTokenHeader), String(c._id))) throw errors.notFound('Complaint');
    const remedies = await Remedy.find({ complaintId: c._id, status: 'issued' }).sort({ issuedAt: 1 }).lean();
    const vouchers = await Voucher.find({ remedyId: { $in: remedies.map((r) => r._id) } }, { remedyId: 1, redeemedAt: 1 }).lean();
    const redeemed = new Set(vouchers.filter((v) => v.redeemedAt).map((v) => String(v.remedyId)));
    res.set('Cache-Control', 'private, no-store').json({
      items: remedies.map((r) => presentPortalRemedy(r, redeemed.has(String(r._id)))),
    });
  });
  return router;
}

const shopKey = shopOnly('The shop API is not configured: set SHOP_API_KEY on the server');

/**
 * The shop or payment system reports a remedy carried out: POST /api/remedies/:id/fulfilment with
 * the same API key as voucher redemption. Idempotent: a replay answers 200 with
 * `Idempotent-Replayed: true` and changes nothing.
 */
export function fulfilmentRouter(): Router {
  const router = Router();
  // Named for limiters whose counts are shared between processes (the name keys the store).
  const limit = { name: 'remedy-fulfilment', windowMs: 60_000, limit: 600 };
  router.post('/:id/fulfilment', limiter(limit), shopKey, async (req, res) => {
    const input = parse(remedyFulfilmentSchema, req.body ?? {});
    const done = await remedyFulfiller({ remedyId: String(req.params.id), input });
    res.set('Idempotent-Replayed', String(!done.changedNow)).json({ remedy: presentWebhookRemedy(done.remedy) });
  });
  return router;
}

/** The shop's voucher redemption API. */
export function voucherRouter(): Router {
  const router = Router();
  router.post('/:code/redeem', limiter({ name: 'voucher-redeem', windowMs: 60_000, limit: 600 }), shopKey, async (req, res) => {
    const input = parse(voucherRedeemSchema, req.body ?? {});
    res.json({
      voucher: await voucherRedeemer({
        code: String(req.params.code),
        orderRef: input.orderRef,
      }),
    });
  });
  return router;
}
