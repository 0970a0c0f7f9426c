import { z } from 'zod';

/** POST /api/admin/feed/replay: give a subscriber that gave up on a complaint another go. */
export const feedReplaySchema = z.strictObject({
  complaintId: z.string().regex(/^[a-f0-9]{24}$/i, 'must be a complaint id'),
  /** Omit to replay every subscriber parked on that complaint. */
  subscriber: z.string().min(1).max(60).optional(),
});
export type FeedReplayInput = z.infer<typeof feedReplaySchema>;

/** One subscriber of the change feed as the admin page shows it (figures of the answering process). */
export interface FeedSubscriberView {
  name: string;
  processed: number;
  failures: number;
  deadLettered: number;
  lastLagMs: number | null;
  lagP95Ms: number | null;
  /** Complaints this subscriber has parked (all processes). */
  deadLetters: number;
}

/** A complaint a subscriber gave up on after repeated failures, waiting for an admin's replay. */
export interface FeedDeadLetterView {
  complaintId: string;
  reference: string | null;
  subscriber: string;
  attempts: number;
  error: string | null;
  deadAt: string | null;
}

/** GET /api/admin/feed */
export interface FeedStatusView {
  pending: number;
  oldestPendingAgeMs: number | null;
  subscribers: FeedSubscriberView[];
  deadLetters: FeedDeadLetterView[];
}

/** The database behind the desk, for the admin page: the embedded engine (null: MONGODB_URI) and whether it holds more than was tested. */
export interface StoreStatusView {
  engine: 'mongod' | 'ferretdb-postgres' | 'ferretdb-sqlite' | 'memory' | null;
  complaints: number;
  /** Complaints the embedded engine was measured with (README, capacity table); null when not embedded or not limited. */
  testedUpTo: number | null;
  overTested: boolean;
}
