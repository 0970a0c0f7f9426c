import request from 'supertest';
import { FakeClock, startTestServer, type TestServer } from '../../../../test/support/harness';
import { createUser } from '../../../../test/support/factories';
import { startServerProcess } from '../../../../test/support/serverProcess';
import { deliverDueMail } from '../notifications/outbox';

/**
 * Its own file: the limit is read once when the server starts. Addresses come from X-Forwarded-For,
 * trusted here because TRUST_PROXY names loopback as the proxy (loginSecurity.test.ts: by default it is not).
 */
const PASSWORD = 'test-password-1';
const LIMIT = 3;
const clock = new FakeClock();
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ clock, env: { LOGIN_FAILURES_PER_WINDOW: String(LIMIT), TRUST_PROXY: 'loopback' } });
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
    TRUST_PROXY: 'loopback',
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
  expect(refused.body.error.id).toBe('account_locked');
  expect(refused.body.error.message).toMatch(/account is temporarily locked after too many failed sign-ins/i);
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
  expect(refused.body.error.id).toBe('rate_limited');
  expect(refused.body.error.message).toMatch(/from your address/i);
  expect((await signIn(u.email, PASSWORD)).status).toBe(200);
});

describe('lockout notice', () => {
  const lockoutMails = async (email: string) => {
    await deliverDueMail();
    return (await t.caughtMail()).filter((m) => m.to.some((to) => to.includes(email)) && /temporarily locked/.test(m.subject));
  };
  const lockoutLogs = (warn: jest.SpyInstance, email: string) =>
    warn.mock.calls.filter(
      ([fields]) => (fields as { event?: string; account?: string })?.event === 'login_lockout' && (fields as { account?: string }).account === email,
    );

  it('mails the account holder once per lockout, however many failures race, and logs a warning', async () => {
    const warn = jest.spyOn(t.server.services.logger, 'warn');
    try {
      const u = await createUser('agent');
      // LIMIT + 3 wrong passwords at once: one of them is the failure that locks the account.
      const racing = await Promise.all(Array.from({ length: LIMIT + 3 }, () => signIn(u.email, 'wrong-password')));
      expect(racing.every((r) => r.status === 401 || r.status === 429)).toBe(true);
      for (let i = 0; i < 3; i++) expect((await signIn(u.email, 'wrong-password')).body.error.id).toBe('account_locked');
      const mails = await lockoutMails(u.email);
      expect(mails).toHaveLength(1);
      expect(mails[0]!.text).toMatch(/failed sign-ins to your Redress account/);
      expect(mails[0]!.text).toMatch(/ask an admin to reset your password/);
      expect(lockoutLogs(warn, u.email)).toHaveLength(1);
      expect(lockoutLogs(warn, u.email)[0]![0]).toMatchObject({ userId: String(u._id), failures: LIMIT });

      // The window ends; the next lockout is a new one, with its own email.
      clock.advance(15 * 60_000 + 1000);
      for (let i = 0; i < LIMIT; i++) expect((await signIn(u.email, 'wrong-password')).status).toBe(401);
      expect((await signIn(u.email, PASSWORD)).body.error.id).toBe('account_locked');
      expect(await lockoutMails(u.email)).toHaveLength(2);
    } finally {
      warn.mockRestore();
    }
  });

  it('locks an unknown account the same way (no mail to anyone), so the answer tells nothing', async () => {
    const warn = jest.spyOn(t.server.services.logger, 'warn');
    try {
      const email = `nobody-here-${Date.now()}@test.example`;
      for (let i = 0; i < LIMIT; i++) expect((await signIn(email, 'wrong-password')).status).toBe(401);
      const refused = await signIn(email, 'wrong-password');
      expect(refused.status).toBe(429);
      expect(refused.body.error.id).toBe('account_locked');
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect(await lockoutMails(email)).toHaveLength(0);
      expect(lockoutLogs(warn, email)).toHaveLength(1);
      expect(lockoutLogs(warn, email)[0]![0]).toMatchObject({ userId: null });
    } finally {
      warn.mockRestore();
    }
  });
});
