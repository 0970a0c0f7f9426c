import { Router } from 'express';
import { feedReplaySchema, type FeedStatusView } from '@redress/shared';
import { errors } from '../../../platform/errors';
import { parse } from '../../../platform/http/validate';
import { requireUser } from '../../auth/session';
import { Complaint } from '../complaint.model';
import { storeStatus } from '../storeStatus';
import { listDeadLetters, pendingChanges, replayDeadLetter, type FeedDispatcher } from './feedDispatcher';

/** The change feed's health for admins: lag and failures per subscriber, dead letters, replay. */
export function feedRouter(feed: FeedDispatcher): Router {
  const router = Router();
  const admin = requireUser('admin');

  router.get('/store', admin, async (_req, res) => {
    res.json(await storeStatus());
  });

  router.get('/', admin, async (_req, res) => {
    const [pending, dead] = await Promise.all([pendingChanges(), listDeadLetters()]);
    const refs = new Map(
      (await Complaint.find({ _id: { $in: [...new Set(dead.map((d) => d.complaintId))] } }, { reference: 1 }).lean()).map((c) => [String(c._id), c.reference]),
    );
    const body: FeedStatusView = {
      pending: pending.count,
      oldestPendingAgeMs: pending.oldestAt ? Date.now() - pending.oldestAt.getTime() : null,
      subscribers: feed.subscriberStats().map((s) => ({ ...s, deadLetters: dead.filter((d) => d.subscriber === s.name).length })),
      deadLetters: dead.map((d) => ({
        complaintId: d.complaintId,
        reference: refs.get(d.complaintId) ?? null,
        subscriber: d.subscriber,
        attempts: d.attempts,
        error: d.error,
        deadAt: d.deadAt ? d.deadAt.toISOString() : null,
      })),
    };
    res.json(body);
  });

  router.post('/replay', admin, async (req, res) => {
    const input = parse(feedReplaySchema, req.body ?? {});
    const replayed = await replayDeadLetter(input.complaintId, input.subscriber);
    if (replayed === 0) throw errors.notFound('Dead letter');
    feed.enqueue(input.complaintId);
    res.json({ replayed });
  });

  return router;
}
