import type { Logger } from '../logger';

export interface Job {
  name: string;
  everyMs: number;
  run(): Promise<unknown>;
}

/**
 * Runs each job on its interval, never overlapping itself. Jobs must be safe to run in several
 * processes at once (they claim work with atomic updates), so no leader election is needed.
 */
export class JobRunner {
  private timers: NodeJS.Timeout[] = [];
  private running = new Set<string>();
  private inFlight = new Set<Promise<unknown>>();
  private stopped = false;

  constructor(private readonly logger: Logger) {}

  start(jobs: Job[]): void {
    for (const job of jobs) {
      const tick = () => this.runOnce(job);
      this.timers.push(setInterval(tick, job.everyMs));
      setImmediate(tick);
    }
  }

  /** Run a job now (also used by tests to avoid waiting for the interval). */
  runOnce(job: Job): Promise<unknown> {
    if (this.stopped || this.running.has(job.name)) return Promise.resolve();
    this.running.add(job.name);
    const p = job
      .run()
      .catch((err: Error) => this.logger.error({ err, job: job.name }, 'job failed'))
      .finally(() => {
        this.running.delete(job.name);
        this.inFlight.delete(p);
      });
    this.inFlight.add(p);
    return p;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers) clearInterval(t);
    await Promise.allSettled([...this.inFlight]);
  }
}
