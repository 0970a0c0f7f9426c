import { Router } from 'express';
import { assignComplaintSchema, availabilitySchema, escalateSchema, handBackSchema, openStatuses } from '@redress/shared';
import { parse } from '../../platform/http/validate';
import { combine, eachOf, findMerged } from '../../platform/db/equalityFanOut';
import { complaintPolicy, userPolicy, visibleComplaintsBranches } from '../auth/auth.policy';
import { requireUser } from '../auth/session';
import { User } from '../auth/user.model';
import { presentUser } from '../auth/user.presenter';
import { Complaint } from '../complaints/complaint.model';
import { presentComplaintDetail, presentComplaintSummary } from '../complaints/complaint.presenter';
import { loadComplaintFor } from '../complaints/complaints.router';
import type { ComplaintWritten, LeanComplaint } from '../complaints/feed/complaintWriter';
import { availabilitySetter } from './commands/availabilitySetter';
import { claimComplaint, escalateToSenior, handBackComplaint, reassignComplaint } from './commands/complaintAssigner';
import { priorityScore, queueOrder } from './routingEngine';

function detail(written: ComplaintWritten, viewer: Parameters<typeof presentComplaintDetail>[1]) {
  return { complaint: presentComplaintDetail(written.after, viewer) };
}

/** Who works on a complaint: claim, reassign, hand back, escalate; the queue; agents' availability. */
export function routingRouter(): Router {
  const router = Router();

  router.post('/complaints/:id/claim', requireUser(), async (req, res) => {
    const c = await loadComplaintFor(req.user!, String(req.params.id), 'claim');
    res.json(detail(await claimComplaint(c, req.user!), req.user!));
  });

  router.post('/complaints/:id/assign', requireUser(), async (req, res) => {
    const c = await loadComplaintFor(req.user!, String(req.params.id), 'reassign');
    const input = parse(assignComplaintSchema, req.body ?? {});
    res.json(detail(await reassignComplaint(c, input.agentId, req.user!, input.reason), req.user!));
  });

  router.post('/complaints/:id/handback', requireUser(), async (req, res) => {
    const c = await loadComplaintFor(req.user!, String(req.params.id), 'handBack');
    const input = parse(handBackSchema, req.body ?? {});
    res.json(detail(await handBackComplaint(c, req.user!, input.reason), req.user!));
  });

  router.post('/complaints/:id/escalate', requireUser(), async (req, res) => {
    const c = await loadComplaintFor(req.user!, String(req.params.id), 'update');
    const input = parse(escalateSchema, req.body ?? {});
    const { after } = await escalateToSenior(c, req.user!, input.reason);
    // The complaint may now be in a team the agent does not see: answer with what they may read.
    res.json(complaintPolicy.read(req.user!, after) ? { complaint: presentComplaintDetail(after, req.user!) } : { complaint: null });
  });

  /** The queue in drain order (score includes time waited), for the teams the user sees. */
  router.get('/routing/queue', requireUser(), async (req, res) => {
    const now = new Date();
    const queued = await findMerged<LeanComplaint>(
      Complaint as never,
      combine(visibleComplaintsBranches(req.user!), eachOf('status', openStatuses)).map((f) => ({ ...f, assigneeId: null })),
      { sort: [['priorityScore', -1]], limit: 200 },
    );
    const ordered = queueOrder(
      queued.map((c) => ({ id: String(c._id), severity: c.severity, kind: c.kind, customer: c.customer, createdAt: c.createdAt, c })),
      now,
    );
    res.json({ items: ordered.map((o) => ({ ...presentComplaintSummary(o.c), effectiveScore: priorityScore(o, now).score })) });
  });

  /** Agents of the user's teams (all for admins) with availability and load, for reassigning. */
  router.get('/agents', requireUser(), async (req, res) => {
    const filter = userPolicy.manage(req.user!) ? { role: 'agent', active: true } : { role: 'agent', active: true, teamIds: { $in: req.user!.teamIds } };
    const agents = await User.find(filter).sort({ name: 1 }).limit(500);
    res.json({ items: agents.map(presentUser) });
  });

  router.put('/agents/me/availability', requireUser(), async (req, res) => {
    const input = parse(availabilitySchema, req.body ?? {});
    await availabilitySetter({ userId: req.user!.id, availability: input.availability });
    const me = await User.findById(req.user!._id);
    res.json({ user: presentUser(me!) });
  });

  return router;
}
