/** Injectable time source: the server reads "now" only through one of these. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
