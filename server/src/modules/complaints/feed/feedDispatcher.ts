/**
 * Runs the complaint change feed's subscribers after the request that wrote the change answered.
 *
 * - In order per complaint: one dispatcher at a time per complaint, across processes (a named lock),
 *   reads the complaint's pending changes by revision and hands each subscriber those past its
 *   own progress. A change a subscriber writes (routing assigns, SLA records clocks) is a new
 *   revision, handled in the next round: no subscriber publishes from inside another.
 * - At least once, with idempotent effects: progress is stored after the effects, so a crash
 *   repeats a change and the subscriber's own keys (dedupe keys, revisions) make the repeat a no-op.
 * - Retries with exponential backoff per subscriber and complaint; after MAX_ATTEMPTS failures the
 *   subscriber parks that complaint (dead letter) until an admin replays it. Other subscribers go on.
 * - Nothing is lost: changes stay in complaint_changes until every subscriber has passed them, and
 *   the repair scan picks up what no process is working on (a killed process, a database outage).
 */
import { Counter, Histogram } from 'prom-client';
import type { FeedSubscriberView } from '@redress/shared';
import { tryWithLock } from '../../../platform/db/lock';
import { otherProcessesShareTheDatabase } from '../../../platform/db/serially';
import type { Logger } from '../../../platform/logger';
import { whenRequestsIdle } from '../../../platform/http/inFlight';
import { registry } from '../../../platform/metrics';
import { Complaint } from '../complaint.model';
import type { ComplaintChange } from '../complaintChanges';
import { ComplaintChangeRecord, FeedState, type SubscriberProgress } from './complaintChange.model';
import { ORPHAN_MS, revOf, rollForward, toChange, type LeanComplaint } from './complaintWriter';
import { onChangeSignal } from './feedSignal';

/** A consumer of the change feed. Effects must be idempotent: a change may be delivered again. */
export interface FeedSubscriber {
  name: string;
  /** Changes this subscriber reacts to; it passes over the others without being called. */
  accepts(change: ComplaintChange): boolean;
  /** Handle the accepted pending changes of one complaint, oldest first (throw to retry them all). */
  handle(changes: ComplaintChange[], complaint: LeanComplaint | null): Promise<void>;
}

export const MAX_ATTEMPTS = 8;
/** "Never": the repair scan's time for changes held only by dead letters. */
const PARKED = new Date('9999-01-01T00:00:00Z');
const MAX_ROUNDS = 25;
/** The feed lock's lease, renewed while a drain runs: a process killed mid-drain holds a complaint back at most this long. */
const FEED_LEASE_MS = 10_000;
/** The longest a subscriber step waits for in-flight requests to finish first. */
const YIELD_MS = 25;

const processed = new Counter({
  name: 'redress_feed_changes_processed_total',
  help: 'Changes handled by each feed subscriber',
  labelNames: ['subscriber'] as const,
  registers: [registry],
});
const failures = new Counter({
  name: 'redress_feed_failures_total',
  help: 'Failed feed subscriber attempts',
  labelNames: ['subscriber'] as const,
  registers: [registry],
});
const deadLettered = new Counter({
  name: 'redress_feed_dead_letters_total',
  help: 'Complaints parked by a subscriber after repeated failures',
  labelNames: ['subscriber'] as const,
  registers: [registry],
});
const lag = new Histogram({
  name: 'redress_feed_lag_seconds',
  help: 'Time from a change being stored to a subscriber having handled it',
  labelNames: ['subscriber'] as const,
  buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
  registers: [registry],
});

const handleTime = new Histogram({
  name: 'redress_feed_handle_seconds',
  help: "Time one subscriber takes to handle one complaint's batch of changes",
  labelNames: ['subscriber'] as const,
  buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [registry],
});

/** In-process figures per subscriber for the admin page (the Prometheus series carry the same). */
export type SubscriberStats = Omit<FeedSubscriberView, 'deadLetters'>;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface FeedDispatcherOptions {
  logger: Logger;
  subscribers: FeedSubscriber[];
  /** Complaints processed at once by this process. */
  concurrency?: number;
  /** First retry delay; doubles per attempt, capped at five minutes. */
  retryBaseMs?: number;
  /** How often the repair scan looks for changes no process is working on. */
  scanEveryMs?: number;
}

export class FeedDispatcher {
  private readonly waiting = new Set<string>();
  private readonly active = new Map<string, Promise<void>>();
  private readonly again = new Set<string>();
  private readonly retryTimers = new Map<string, NodeJS.Timeout>();
  private readonly lags = new Map<string, number[]>();
  private readonly stats = new Map<string, SubscriberStats>();
  private idleWaiters: (() => void)[] = [];
  private scanTimer: NodeJS.Timeout | null = null;
  private scanning: Promise<void> | null = null;
  private running = false;
  readonly concurrency: number;
  readonly retryBaseMs: number;

  constructor(private readonly o: FeedDispatcherOptions) {
    this.concurrency = o.concurrency ?? 4;
    this.retryBaseMs = o.retryBaseMs ?? 1_000;
    for (const s of o.subscribers) this.stats.set(s.name, { name: s.name, processed: 0, failures: 0, deadLettered: 0, lastLagMs: null, lagP95Ms: null });
  }

  get subscribers(): readonly FeedSubscriber[] {
    return this.o.subscribers;
  }

  /** Add a subscriber after start-up (it receives changes still pending and every later one). */
  subscribe(s: FeedSubscriber): void {
    if (this.stats.has(s.name)) throw new Error(`feed subscriber ${s.name} exists already`);
    this.o.subscribers = [...this.o.subscribers, s];
    this.stats.set(s.name, { name: s.name, processed: 0, failures: 0, deadLettered: 0, lastLagMs: null, lagP95Ms: null });
  }

  /** Listen for this process's writes and start the repair scan. */
  start(): void {
    if (this.running) return;
    this.running = true;
    onChangeSignal((id) => this.enqueue(id));
    const every = this.o.scanEveryMs ?? 1_000;
    this.scanTimer = setInterval(() => void this.scanOnce(), every);
    this.scanTimer.unref();
    setImmediate(() => void this.scanOnce());
  }

  async stop(): Promise<void> {
    this.running = false;
    onChangeSignal(null);
    if (this.scanTimer) clearInterval(this.scanTimer);
    for (const t of this.retryTimers.values()) clearTimeout(t);
    this.retryTimers.clear();
    this.waiting.clear();
    await this.scanning;
    await Promise.allSettled([...this.active.values()]);
  }

  /** Process a complaint's pending changes soon (after the current tick: the request answers first). */
  enqueue(complaintId: string): void {
    if (!this.running) return;
    if (this.active.has(complaintId)) {
      this.again.add(complaintId);
      return;
    }
    this.waiting.add(complaintId);
    setImmediate(() => this.pump());
  }

  /** Resolves once this process has nothing queued or running (tests and benchmarks settle on it). */
  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((r) => this.idleWaiters.push(r));
  }

  subscriberStats(): SubscriberStats[] {
    return [...this.stats.values()].map((s) => ({ ...s }));
  }

  private isIdle(): boolean {
    return this.waiting.size === 0 && this.active.size === 0;
  }

  private pump(): void {
    while (this.running && this.active.size < this.concurrency && this.waiting.size > 0) {
      const id = this.waiting.values().next().value as string;
      this.waiting.delete(id);
      const run = this.processComplaint(id)
        .catch((err: unknown) => this.o.logger.warn({ err, complaintId: id }, 'change feed: processing failed; the repair scan retries'))
        .finally(() => {
          this.active.delete(id);
          if (this.again.delete(id)) this.waiting.add(id);
          this.pump();
          if (this.isIdle()) for (const w of this.idleWaiters.splice(0)) w();
        });
      this.active.set(id, run);
    }
  }

  /** Enqueue complaints whose changes wait past their grace time (no process is on them). */
  scanOnce(): Promise<void> {
    if (this.scanning || !this.running) return this.scanning ?? Promise.resolve();
    this.scanning = (async () => {
      try {
        const due = await ComplaintChangeRecord.find({ scanAfter: { $lte: new Date() } }, { complaintId: 1 })
          .sort({ scanAfter: 1 })
          .limit(200)
          .lean();
        for (const id of new Set(due.map((d) => String(d.complaintId)))) this.enqueue(id);
      } catch (err) {
        this.o.logger.warn({ err }, 'change feed: repair scan failed');
      } finally {
        this.scanning = null;
      }
    })();
    return this.scanning;
  }

  /**
   * One complaint at a time per process (the `active` map), and with other processes under the
   * complaint's feed lock too; another process holding it will see our change itself.
   */
  async processComplaint(complaintId: string): Promise<void> {
    if (!otherProcessesShareTheDatabase()) return this.drain(complaintId);
    for (let attempt = 0; attempt < 5; attempt++) {
      const r = await tryWithLock(`feed:${complaintId}`, () => this.drain(complaintId), FEED_LEASE_MS, { renew: true });
      if (r.ran) return;
      await sleep(20 * (attempt + 1));
    }
  }

  private async drain(complaintId: string): Promise<void> {
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const [complaint, state, rows] = await Promise.all([
        Complaint.findById(complaintId).lean<LeanComplaint>(),
        FeedState.findById(complaintId).lean(),
        ComplaintChangeRecord.find({ complaintId }).sort({ rev: 1 }).lean(),
      ]);
      if (rows.length === 0) return;
      const reached = complaint ? revOf(complaint) : 0;
      const committed = rows.filter((r) => r.rev <= reached);
      const next = rows.find((r) => r.rev === reached + 1);
      if (next && Date.now() - next.at.getTime() > ORPHAN_MS) {
        // Its writer died between the change and the complaint write: complete the write.
        await rollForward(next);
        continue;
      }
      if (committed.length === 0) return;
      const progressed = await this.round(complaintId, complaint, committed.map(toChange), state?.subs ?? {});
      if (!progressed) return;
    }
  }

  /** Give every subscriber its due changes; store progress; drop changes everyone has passed. Returns true when anything was handled. */
  private async round(
    complaintId: string,
    complaint: LeanComplaint | null,
    changes: ComplaintChange[],
    before: Record<string, SubscriberProgress>,
  ): Promise<boolean> {
    const subs: Record<string, SubscriberProgress> = { ...before };
    let progressed = false;
    let retryAt: number | null = null;
    for (const sub of this.o.subscribers) {
      const s: SubscriberProgress = { ...(subs[sub.name] ?? { rev: 0, attempts: 0 }) };
      const todo = changes.filter((c) => c.rev > s.rev);
      if (todo.length === 0 || s.dead) continue;
      if (s.nextAt && new Date(s.nextAt).getTime() > Date.now()) {
        retryAt = Math.min(retryAt ?? Infinity, new Date(s.nextAt).getTime());
        continue;
      }
      const accepted = todo.filter((c) => sub.accepts(c));
      // Requests first: their answer waits on the same database, the feed's work does not.
      if (accepted.length) await whenRequestsIdle(YIELD_MS);
      try {
        if (accepted.length) {
          const end = handleTime.startTimer({ subscriber: sub.name });
          await sub.handle(accepted, complaint);
          end();
        }
        subs[sub.name] = { rev: todo[todo.length - 1]!.rev, attempts: 0 };
        progressed = true;
        this.recordSuccess(sub.name, accepted);
      } catch (err) {
        const attempts = s.attempts + 1;
        const dead = attempts >= MAX_ATTEMPTS;
        const nextAt = dead ? null : new Date(Date.now() + Math.min(this.retryBaseMs * 2 ** (attempts - 1), 300_000));
        subs[sub.name] = { rev: s.rev, attempts, error: String((err as Error)?.message ?? err).slice(0, 500), nextAt, dead, deadAt: dead ? new Date() : null };
        if (nextAt) retryAt = Math.min(retryAt ?? Infinity, nextAt.getTime());
        this.recordFailure(sub.name, dead);
        this.o.logger.warn(
          { err, subscriber: sub.name, complaintId, attempts, dead },
          dead ? 'change feed: subscriber gave up; dead letter' : 'change feed: subscriber failed; will retry',
        );
      }
    }
    const dead = Object.entries(subs)
      .filter(([, s]) => s.dead)
      .map(([name]) => name);
    await FeedState.updateOne({ _id: complaintId }, { $set: { subs, dead, updatedAt: new Date() } }, { upsert: true });
    const passed = Math.min(...this.o.subscribers.map((s) => subs[s.name]?.rev ?? 0));
    if (passed >= changes[0]!.rev) await ComplaintChangeRecord.deleteMany({ complaintId, rev: { $lte: passed } });
    const left = changes.filter((c) => c.rev > passed);
    if (left.length && (retryAt !== null || dead.length)) {
      // Held by a retry or a dead letter: tell the repair scan when to look again.
      await ComplaintChangeRecord.updateMany({ complaintId, rev: { $gt: passed } }, { $set: { scanAfter: retryAt !== null ? new Date(retryAt) : PARKED } });
    }
    if (retryAt !== null) this.retryLater(complaintId, retryAt - Date.now());
    return progressed;
  }

  private retryLater(complaintId: string, delayMs: number): void {
    if (!this.running || this.retryTimers.has(complaintId)) return;
    const t = setTimeout(
      () => {
        this.retryTimers.delete(complaintId);
        this.enqueue(complaintId);
      },
      Math.max(delayMs, 10),
    );
    t.unref();
    this.retryTimers.set(complaintId, t);
  }

  private recordSuccess(name: string, changes: ComplaintChange[]): void {
    const st = this.stats.get(name)!;
    const now = Date.now();
    for (const c of changes) {
      const ms = now - c.at.getTime();
      processed.inc({ subscriber: name });
      lag.observe({ subscriber: name }, ms / 1000);
      st.processed++;
      st.lastLagMs = ms;
      const window = this.lags.get(name) ?? [];
      window.push(ms);
      if (window.length > 500) window.shift();
      this.lags.set(name, window);
    }
    const w = [...(this.lags.get(name) ?? [])].sort((a, b) => a - b);
    st.lagP95Ms = w.length ? w[Math.min(w.length - 1, Math.floor(w.length * 0.95))]! : null;
  }

  private recordFailure(name: string, dead: boolean): void {
    const st = this.stats.get(name)!;
    failures.inc({ subscriber: name });
    st.failures++;
    if (dead) {
      deadLettered.inc({ subscriber: name });
      st.deadLettered++;
    }
  }
}

/** Dead letters: complaints a subscriber gave up on, with its last error. */
export async function listDeadLetters(
  limit = 200,
): Promise<{ complaintId: string; subscriber: string; attempts: number; error: string | null; deadAt: Date | null; rev: number }[]> {
  const rows = await FeedState.find({ dead: { $ne: [] } })
    .sort({ updatedAt: -1 })
    .limit(limit)
    .lean();
  return rows.flatMap((r) =>
    r.dead.map((name) => {
      const s = r.subs[name]!;
      return { complaintId: String(r._id), subscriber: name, attempts: s.attempts, error: s.error ?? null, deadAt: s.deadAt ?? null, rev: s.rev };
    }),
  );
}

/** Give a dead-lettered subscriber another go at a complaint (all of them when `subscriber` is omitted). */
export async function replayDeadLetter(complaintId: string, subscriber?: string): Promise<number> {
  const state = await FeedState.findById(complaintId).lean();
  if (!state) return 0;
  const names = state.dead.filter((n) => !subscriber || n === subscriber);
  if (names.length === 0) return 0;
  const subs = { ...state.subs };
  for (const n of names) subs[n] = { rev: subs[n]!.rev, attempts: 0 };
  await FeedState.updateOne({ _id: state._id }, { $set: { subs, dead: state.dead.filter((n) => !names.includes(n)), updatedAt: new Date() } });
  await ComplaintChangeRecord.updateMany({ complaintId: state._id }, { $set: { scanAfter: new Date() } });
  return names.length;
}

/** Changes waiting for a subscriber, and the age of the oldest (for /metrics and the admin page). */
export async function pendingChanges(): Promise<{ count: number; oldestAt: Date | null }> {
  const [count, oldest] = await Promise.all([ComplaintChangeRecord.countDocuments({}), ComplaintChangeRecord.findOne({}, { at: 1 }).sort({ at: 1 }).lean()]);
  return { count, oldestAt: oldest?.at ?? null };
}
