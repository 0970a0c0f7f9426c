import { Router, type NextFunction, type Request, type Response } from 'express';
import { Types } from 'mongoose';
import { csatSchema, portalReplySchema, trackingTokenHeader, type PortalComplaintView } from '@redress/shared';
import { services } from '../../platform/context';
import { errors } from '../../platform/errors';
import { limiter } from '../../platform/http/rateLimit';
import { parse } from '../../platform/http/validate';
import { checkFiles, receiveFiles, sendAttachment } from './attachments';
import { CategoryModel } from './category.model';
import { attachmentAdder } from './commands/attachmentAdder';
import { canRate, csatRecorder } from './commands/csatRecorder';
import { customerReplier } from './commands/customerReplier';
import { Complaint } from './complaint.model';
import type { LeanComplaint } from './feed/complaintWriter';
import { ComplaintEvent } from './complaintEvent.model';
import { presentPortalComplaint, presentPortalEvent } from './portal.presenter';
import { tokenMatches } from './tracking';
import { customerPromise } from '../sla/customerPromise';

/**
 * Resolve :reference and the X-Tracking-Token header to a complaint. An unknown reference, a
 * missing token and a wrong token all give the very same 404, so nothing can be learnt by probing.
 */
async function portalAccess(req: Request, res: Response, next: NextFunction): Promise<void> {
  const reference = String(req.params.reference ?? '');
  const token = req.get(trackingTokenHeader);
  const c = reference.length <= 40 ? await Complaint.findOne({ reference }).lean<LeanComplaint>() : null;
  if (!c || !tokenMatches(token, String(c._id))) return next(errors.notFound('Complaint'));
  res.locals.complaint = c;
  next();
}

function complaintOf(res: Response): LeanComplaint {
  return res.locals.complaint as LeanComplaint;
}

/** The tracking page's whole view of one complaint: public timeline only. */
async function portalView(c: LeanComplaint): Promise<PortalComplaintView> {
  const [events, category, rate, promise] = await Promise.all([
    ComplaintEvent.find({ complaintId: c._id, visibility: 'public' }).sort({ at: 1, _id: 1 }).limit(500).lean(),
    CategoryModel.findOne({ key: c.category }, { label: 1 }).lean(),
    canRate(c),
    customerPromise(c),
  ]);
  return presentPortalComplaint(c, events, { categoryLabel: category?.label, canRate: rate, promise });
}

function uploads(req: Request): Express.Multer.File[] {
  return Array.isArray(req.files) ? req.files : [];
}

/** The customer portal behind the tracking link: no account, the token is the key. */
export function portalRouter(): Router {
  const router = Router();
  router.use(limiter({ name: 'portal', windowMs: 60_000, limit: services().env.RATE_LIMIT_PUBLIC_PER_MINUTE }));

  router.get('/complaints/:reference', portalAccess, async (_req, res) => {
    res.set('Cache-Control', 'private, no-store').json(await portalView(complaintOf(res)));
  });

  // Live updates for the tracking page: a server-sent event stream of `tracking:changed` pushes
  // (customer-safe fields and new public entries). The token travels in the header, as above.
  router.get('/complaints/:reference/events', portalAccess, (_req, res) => {
    const streams = services().realtime.trackingStreams;
    const key = String(complaintOf(res)._id);
    if (!streams.hasRoomFor(key)) throw errors.rateLimited(30, 'Too many open live views of this complaint');
    streams.open(key, res);
  });

  router.post('/complaints/:reference/replies', portalAccess, receiveFiles, async (req, res) => {
    const input = parse(portalReplySchema, req.body ?? {});
    const files = checkFiles(uploads(req));
    const done = await customerReplier({ complaint: complaintOf(res), body: input.body, channel: 'web', files });
    res.status(201).json({ ...(await portalView(done.complaint)), event: presentPortalEvent(done.event) });
  });

  router.post('/complaints/:reference/attachments', portalAccess, receiveFiles, async (req, res) => {
    const files = checkFiles(uploads(req));
    const c = complaintOf(res);
    const done = await attachmentAdder({
      complaint: c,
      actor: { kind: 'customer', id: String(c.customerId), name: c.customer.name },
      files,
      visibility: 'public',
    });
    res.status(201).json({ ...(await portalView(done.complaint)), event: presentPortalEvent(done.event) });
  });

  router.post('/complaints/:reference/csat', portalAccess, async (req, res) => {
    const input = parse(csatSchema, req.body ?? {});
    const done = await csatRecorder({ complaint: complaintOf(res), score: input.score, comment: input.comment });
    res.status(201).json({ ...(await portalView(done.complaint)), event: presentPortalEvent(done.event) });
  });

  router.get('/complaints/:reference/attachments/:fileId', portalAccess, async (req, res) => {
    const c = complaintOf(res);
    // Customers only reach files on public timeline entries, never staff-internal uploads.
    const fileId = String(req.params.fileId);
    if (!/^[a-f0-9]{24}$/i.test(fileId)) throw errors.notFound('Attachment');
    const listed = await ComplaintEvent.exists({ complaintId: c._id, visibility: 'public', 'attachments.fileId': new Types.ObjectId(fileId) });
    if (!listed) throw errors.notFound('Attachment');
    await sendAttachment(res, c._id, fileId);
  });

  return router;
}
