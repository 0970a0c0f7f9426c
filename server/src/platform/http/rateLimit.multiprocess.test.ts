/**
 * With REDIS_URL, rate-limit counters live in Redis: two server processes count one client
 * together, and a restarted process still knows the count.
 */
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { testMongoUri, uniqueDbName } from '../../../../test/support/harness';
import { startServerProcess, type ServerProcess } from '../../../../test/support/serverProcess';

const LIMIT = 6;
const env = {
  MONGODB_URI: testMongoUri(),
  TEST_DB_NAME: uniqueDbName(),
  REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  REDIS_PREFIX: `rl-mp-${randomBytes(4).toString('hex')}`,
  RATE_LIMIT_PUBLIC_PER_MINUTE: String(LIMIT),
  JOBS_ENABLED: 'false',
  FEED_ENABLED: 'false',
  SESSION_SECRET: 'test-session-secret-0123456789',
};
let a: ServerProcess;
let b: ServerProcess;

beforeAll(async () => {
  [a, b] = await Promise.all([startServerProcess(env), startServerProcess(env)]);
}, 120_000);
afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
});

const categories = (p: ServerProcess) => request(p.url).get('/api/categories');

it('two processes share one count, and a restart keeps it', async () => {
  const statuses: number[] = [];
  for (let i = 0; i < LIMIT; i++) statuses.push((await categories(i % 2 ? b : a)).status);
  expect(statuses).toEqual(Array(LIMIT).fill(200));
  const overA = await categories(a);
  expect(overA.status).toBe(429);
  expect(overA.body.error.id).toBe('rate_limited');
  expect(Number(overA.headers['retry-after'])).toBeGreaterThan(0);
  expect((await categories(b)).status).toBe(429);

  // Another limiter (the tracking portal) keeps its own count.
  expect((await request(a.url).get('/api/portal/complaints/RD-000000')).status).toBe(404);

  // A crashed and restarted process still refuses the client.
  await a.kill();
  a = await startServerProcess(env);
  expect((await categories(a)).status).toBe(429);
}, 180_000);
