import { Router } from 'express';
import mongoose from 'mongoose';
import { complaintListQuerySchema, fileComplaintSchema, idempotencyKeySchema, isOpen, openStatuses, type FileComplaintResponse } from '@redress/shared';
import { services } from '../../platform/context';
import { errors } from '../../platform/errors';
import { limiter } from '../../platform/http/rateLimit';
import { parse } from '../../platform/http/validate';
import { combine, eachOf, findMerged } from '../../platform/db/equalityFanOut';
import { complaintPolicy, visibleComplaintsBranches } from '../auth/auth.policy';
import { requireUser } from '../auth/session';
import type { UserDoc } from '../auth/user.model';
import { listCategories } from './category.model';
import { complaintFiler } from './commands/complaintFiler';
import { Complaint } from './complaint.model';
import type { LeanComplaint } from './feed/complaintWriter';
import { ComplaintEvent } from './complaintEvent.model';
import { presentComplaintDetail, presentComplaintSummary, presentEvent } from './complaint.presenter';

/** Load a complaint the user may act on, or 404 (never reveal that another team's exists). */
export async function loadComplaintFor(user: UserDoc, id: string, ability: keyof typeof complaintPolicy = 'read') {
  if (!mongoose.isValidObjectId(id)) throw errors.notFound('Complaint');
  const c = await Complaint.findById(id).lean<LeanComplaint>();
  if (!c || !complaintPolicy.read(user, c)) throw errors.notFound('Complaint');
  if (!complaintPolicy[ability](user, c)) throw errors.forbidden();
  return c;
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Public intake (the web form and integrators) and the staff complaint list and detail. */
export function complaintsRouter(): Router {
  const router = Router();
  const publicLimit = limiter({ name: 'public', windowMs: 60_000, limit: services().env.RATE_LIMIT_PUBLIC_PER_MINUTE });

  router.get('/categories', publicLimit, async (_req, res) => {
    res.json({ items: await listCategories() });
  });

  router.post('/complaints', publicLimit, async (req, res) => {
    const header = req.get('idempotency-key');
    const idempotencyKey = header === undefined ? undefined : parse(idempotencyKeySchema, header, 'Idempotency-Key');
    const input = parse(fileComplaintSchema, req.body);
    const filed = await complaintFiler({ input, channel: 'web', idempotencyKey });
    const body: FileComplaintResponse = {
      id: String(filed.complaint._id),
      reference: filed.complaint.reference,
      trackingUrl: filed.trackingUrl,
      status: filed.complaint.status,
    };
    res
      .status(filed.replayed ? 200 : 201)
      .set('Idempotent-Replayed', String(filed.replayed))
      .json(body);
  });

  router.get('/complaints', requireUser(), async (req, res) => {
    const q = parse(complaintListQuerySchema, req.query, 'query');
    const user = req.user!;
    // Plain equalities, asked per visible team and per status (equalityFanOut.ts explains why).
    const equal: Record<string, unknown> = {};
    if (q.scope === 'mine') equal.assigneeId = user._id;
    if (q.scope === 'queue') Object.assign(equal, { assigneeId: null, status: 'new' });
    if (q.category) equal.category = q.category;
    if (q.channel) equal.channel = q.channel;
    if (q.severity) equal.severity = q.severity;
    const residual: Record<string, unknown> = {};
    if (q.before) residual.createdAt = { $lt: new Date(q.before) };
    if (q.q) {
      const rx = { $regex: escapeRegex(q.q), $options: 'i' };
      residual.$or = [{ reference: rx }, { subject: rx }, { 'customer.name': rx }, { 'customer.email': rx }, { orderRef: rx }];
    }
    const statuses = q.scope === 'queue' ? [{}] : q.status === 'open' ? eachOf('status', openStatuses) : q.status ? [{ status: q.status }] : [{}];
    // A branch whose fixed values contradict the scope (e.g. another agent's team in "mine") still
    // only returns the user's own complaints: the scope's equalities are applied on top of it.
    const filters = combine(visibleComplaintsBranches(user), statuses).map((f) => ({ ...f, ...equal, ...residual }));
    const items = await findMerged<LeanComplaint>(Complaint as never, filters, { sort: [['createdAt', -1]], limit: q.limit });
    res.json({ items: items.map(presentComplaintSummary) });
  });

  router.get('/complaints/:id', requireUser(), async (req, res) => {
    const c = await loadComplaintFor(req.user!, String(req.params.id));
    res.json({ complaint: presentComplaintDetail(c, req.user!) });
  });

  router.get('/complaints/:id/timeline', requireUser(), async (req, res) => {
    const c = await loadComplaintFor(req.user!, String(req.params.id));
    const events = await ComplaintEvent.find({ complaintId: c._id }).sort({ at: 1, _id: 1 }).limit(500).lean();
    res.json({ items: events.map(presentEvent), open: isOpen(c.status) });
  });

  return router;
}
