import request from 'supertest';
import { FakeClock, startTestServer, type TestServer } from '../../../../test/support/harness';
import { createUser } from '../../../../test/support/factories';
import { startServerProcess } from '../../../../test/support/serverProcess';

/** Its own file: the limit is read once when the server starts. Addresses come from X-Forwarded-For (loopback proxy is trusted). */
const PASSWORD = 'test-password-1';
const LIMIT = 3;
const clock = new FakeClock();
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ clock, env: { LOGIN_FAILURES_PER_WINDOW: String(LIMIT) } });
});
afterAll(async () => {
  await t.close();
});

let n = 0;
const address = () => `203.0.113.${++n}`;
const signIn = (email: string, password: string, from = address()) =>
  request(t.url).post('/api/auth/login').set('X-Forwarded-For', from).send({ email, password });

it('counts failures in the database: two server processes share one count', async () => {
  const other = await startServerProcess({
    MONGODB_URI: t.mongoUri,
    TEST_DB_NAME: t.dbName,
    LOGIN_FAILURES_PER_WINDOW: String(LIMIT),
    JOBS_ENABLED: 'false',
    FEED_ENABLED: 'false',
    SESSION_SECRET: 'test-session-secret-0123456789',
  });
  try {
    const u = await createUser('agent');
    const via = (url: string, password: string) => request(url).post('/api/auth/login').set('X-Forwarded-For', address()).send({ email: u.email, password });
    expect((await via(t.url, 'wrong-password')).status).toBe(401);
    expect((await via(other.url, 'wrong-password')).status).toBe(401);
    expect((await via(t.url, 'wrong-password')).status).toBe(401);
    expect((await via(other.url, PASSWORD)).status).toBe(429);
    expect((await via(t.url, PASSWORD)).status).toBe(429);
  } finally {
    await other.stop();
  }
}, 120_000);

it('never refuses successful sign-ins, however many', async () => {
  const u = await createUser('agent');
  const from = address();
  const statuses: number[] = [];
  // More than the old limiter allowed under test (50 per address and account), and far above LIMIT.
  const times = 55;
  for (let i = 0; i < times; i++) statuses.push((await signIn(u.email, PASSWORD, from)).status);
  expect(statuses).toEqual(Array(times).fill(200));
}, 120_000);

it('refuses an account after N failures from any addresses, even with the right password, with a clear message', async () => {
  const u = await createUser('agent');
  for (let i = 0; i < LIMIT; i++) expect((await signIn(u.email, 'wrong-password')).status).toBe(401);
  const refused = await signIn(u.email.toUpperCase(), PASSWORD);
  expect(refused.status).toBe(429);
  expect(refused.body.error.id).toBe('rate_limited');
  expect(refused.body.error.message).toMatch(/too many failed sign-ins to this account/i);
  const retryAfter = Number(refused.headers['retry-after']);
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(15 * 60);
  // Another account is not affected, even from the same address.
  const other = await createUser('agent');
  expect((await signIn(other.email, PASSWORD)).status).toBe(200);
  // The window ends: the account may sign in again.
  clock.advance(15 * 60_000 + 1000);
  expect((await signIn(u.email, PASSWORD)).status).toBe(200);
});

it('a successful sign-in resets the account count', async () => {
  const u = await createUser('agent');
  for (let round = 0; round < 3; round++) {
    for (let i = 0; i < LIMIT - 1; i++) expect((await signIn(u.email, 'wrong-password')).status).toBe(401);
    expect((await signIn(u.email, PASSWORD)).status).toBe(200);
  }
});

it('refuses an address after 4N failures on any accounts; other addresses still sign in', async () => {
  const from = address();
  for (let i = 0; i < LIMIT * 4; i++) expect((await signIn(`nobody-${i}@test.example`, 'wrong-password', from)).status).toBe(401);
  const u = await createUser('agent');
  const refused = await signIn(u.email, PASSWORD, from);
  expect(refused.status).toBe(429);
  expect(refused.body.error.message).toMatch(/from your address/i);
  expect((await signIn(u.email, PASSWORD)).status).toBe(200);
});
