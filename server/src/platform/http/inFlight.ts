import type { RequestHandler } from 'express';

let inFlight = 0;
let waiters: (() => void)[] = [];

/** Count requests being served, so background work can let them go first. */
export const trackInFlight: RequestHandler = (_req, res, next) => {
  inFlight++;
  let done = false;
  const finish = () => {
    if (done) return;
    done = true;
    inFlight--;
    if (inFlight === 0) for (const w of waiters.splice(0)) w();
  };
  res.once('finish', finish);
  res.once('close', finish);
  next();
};

/**
 * Resolves when no request is being served, or after `maxWaitMs` at most: background work (the
 * change feed) calls it between steps, so a request's few database round trips never queue behind
 * a long run of background ones, while under constant load the background still moves on.
 */
export function whenRequestsIdle(maxWaitMs: number): Promise<void> {
  if (inFlight === 0) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      waiters = waiters.filter((w) => w !== wake);
      resolve();
    }, maxWaitMs);
    const wake = () => {
      clearTimeout(timer);
      resolve();
    };
    waiters.push(wake);
  });
}
