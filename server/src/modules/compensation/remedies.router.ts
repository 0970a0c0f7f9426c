import { Router } from 'express';
import mongoose from 'mongoose';
import { remedyApproveSchema, remedyDeclineSchema, remedyProposeSchema, remedyRequestSchema, remedyStatuses } from '@redress/shared';
import { z } from 'zod';
import { errors } from '../../platform/errors';
import { parse } from '../../platform/http/validate';
import { requireUser } from '../auth/session';
import type { UserDoc } from '../auth/user.model';
import { loadComplaintFor } from '../complaints/complaints.router';
import { apologySender } from './commands/apologySender';
import { remedyApprover, remedyDecliner } from './commands/remedyDecider';
import { remedyIssuer } from './commands/remedyIssuer';
import { remedyProposer } from './commands/remedyProposer';
import { remedyRequester } from './commands/remedyRequester';
import { remedySuggester } from './commands/remedySuggester';
import { Remedy } from './compensation.models';
import { presentRemedy } from './remedy.presenter';

/** A remedy the user may act on (through its complaint's policy), or 404. */
async function loadRemedyFor(user: UserDoc, id: string, ability: 'read' | 'update' = 'update') {
  if (!mongoose.isValidObjectId(id)) throw errors.notFound('Remedy');
  const remedy = await Remedy.findById(id).lean();
  if (!remedy) throw errors.notFound('Remedy');
  await loadComplaintFor(user, String(remedy.complaintId), ability).catch((err: unknown) => {
    throw (err as { status?: number }).status === 404 ? errors.notFound('Remedy') : err;
  });
  return remedy;
}

export const queueQuerySchema = z.strictObject({
  status: z.enum(remedyStatuses).default('pending_approval'),
});

/** Remedies of a complaint, and each step of their life: request, approve, decline, issue. */
export function remediesRouter(): Router {
  const router = Router();
  const supervisors = requireUser('supervisor', 'admin');

  router.get('/complaints/:id/remedies', requireUser(), async (req, res) => {
    const c = await loadComplaintFor(req.user!, String(req.params.id));
    const items = await Remedy.find({ complaintId: c._id }).sort({ createdAt: 1, _id: 1 }).lean();
    res.json({ items: items.map(presentRemedy) });
  });

  router.post('/complaints/:id/remedies/suggest', requireUser(), async (req, res) => {
    const c = await loadComplaintFor(req.user!, String(req.params.id), 'update');
    const user = req.user!;
    const result = await remedySuggester({
      complaintId: String(c._id),
      trigger: 'agent',
      actor: { kind: 'staff', id: user.id, name: user.name },
    });
    const items = await Remedy.find({ complaintId: c._id }).sort({ createdAt: 1, _id: 1 }).lean();
    res.json({
      items: items.map(presentRemedy),
      suggestions: result.suggestions,
      changed: result.changed,
    });
  });

  /** An agent proposes a remedy of any type: approved within their limits and the budget, else waiting for a supervisor. */
  router.post('/complaints/:id/remedies', requireUser(), async (req, res) => {
    // Access before validation: someone who may not touch this complaint learns nothing from a 400.
    const c = await loadComplaintFor(req.user!, String(req.params.id), 'update');
    const input = parse(remedyProposeSchema, req.body ?? {});
    const done = await remedyProposer({ complaint: c, user: req.user!, input });
    res.status(201).json({ remedy: presentRemedy(done.remedy), autoApproved: done.autoApproved });
  });

  /** "Send apology": request and issue the complaint's apology in one idempotent step (a replay answers 200, nothing sent twice). */
  router.post('/complaints/:id/remedies/apology', requireUser(), async (req, res) => {
    const c = await loadComplaintFor(req.user!, String(req.params.id), 'update');
    const done = await apologySender({ complaint: c, user: req.user! });
    res.set('Idempotent-Replayed', String(!done.sentNow)).json({ remedy: presentRemedy(done.remedy) });
  });

  /** The approval queue (supervisors): remedies in one status, oldest request first, visible teams only. */
  router.get('/remedies', supervisors, async (req, res) => {
    const q = parse(queueQuerySchema, req.query, 'query');
    const user = req.user!;
    // The remedy keeps its complaint's team, so the queue filters without reading every complaint.
    const scope = user.role === 'admin' ? {} : { $or: [{ teamId: { $in: user.teamIds } }, { teamId: null }] };
    const items = await Remedy.find({ status: q.status, ...scope })
      .sort({ requestedAt: 1, updatedAt: 1 })
      .limit(200)
      .lean();
    res.json({ items: items.map(presentRemedy) });
  });

  router.post('/remedies/:id/request', requireUser(), async (req, res) => {
    const input = parse(remedyRequestSchema, req.body ?? {});
    const remedy = await loadRemedyFor(req.user!, String(req.params.id));
    const done = await remedyRequester({
      remedy,
      user: req.user!,
      amount: input.amount,
      note: input.note,
    });
    res.json({
      remedy: presentRemedy(done.remedy),
      autoApproved: done.autoApproved,
    });
  });

  router.post('/remedies/:id/approve', supervisors, async (req, res) => {
    const input = parse(remedyApproveSchema, req.body ?? {});
    const remedy = await loadRemedyFor(req.user!, String(req.params.id), 'read');
    res.json({
      remedy: presentRemedy(
        await remedyApprover({
          remedy,
          user: req.user!,
          amount: input.amount,
          reason: input.reason,
        }),
      ),
    });
  });

  router.post('/remedies/:id/decline', supervisors, async (req, res) => {
    const input = parse(remedyDeclineSchema, req.body ?? {});
    const remedy = await loadRemedyFor(req.user!, String(req.params.id), 'read');
    res.json({
      remedy: presentRemedy(await remedyDecliner({ remedy, user: req.user!, reason: input.reason })),
    });
  });

  /** Idempotent by the remedy id: a replay answers 200 with the same remedy and voucher. */
  router.post('/remedies/:id/issue', requireUser(), async (req, res) => {
    const remedy = await loadRemedyFor(req.user!, String(req.params.id));
    const done = await remedyIssuer({ remedy, user: req.user! });
    res.set('Idempotent-Replayed', String(!done.issuedNow)).json({ remedy: presentRemedy(done.remedy) });
  });

  return router;
}
