import request from 'supertest';
import { startTestServer, type TestServer } from '../../../../test/support/harness';
import { createUser } from '../../../../test/support/factories';
import { deliverDueMail } from '../notifications/outbox';

/**
 * Sign-in as an attacker sees it, with the default configuration: no TRUST_PROXY (so a forged
 * X-Forwarded-For is ignored, even from loopback) and the default failure limit (50 under test).
 */
const PASSWORD = 'test-password-1';
const PUBLIC_LIMIT = 5;
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ env: { RATE_LIMIT_PUBLIC_PER_MINUTE: String(PUBLIC_LIMIT) } });
});
afterAll(async () => {
  await t.close();
});

let n = 0;
const forged = () => `198.51.100.${++n % 250}`;
const signIn = (email: string, password: string) => request(t.url).post('/api/auth/login').set('X-Forwarded-For', forged()).send({ email, password });

it('locks an account after 50 failures spread over 50 forged addresses: 429 account_locked with Retry-After, one email, one warning', async () => {
  const limit = t.server.services.env.LOGIN_FAILURES_PER_WINDOW ?? 50;
  expect(limit).toBe(50);
  const warn = jest.spyOn(t.server.services.logger, 'warn');
  try {
    const u = await createUser('agent');
    for (let i = 0; i < 50; i++) expect((await signIn(u.email, `guess-${i}`)).status).toBe(401);
    const refused = await signIn(u.email, PASSWORD);
    expect(refused.status).toBe(429);
    expect(refused.body.error.id).toBe('account_locked');
    expect(refused.body.error.message).toMatch(/temporarily locked/);
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);

    await deliverDueMail();
    const mails = (await t.caughtMail()).filter((m) => m.to.some((to) => to.includes(u.email)));
    expect(mails.map((m) => m.subject)).toEqual(['Your Redress account is temporarily locked']);
    const logged = warn.mock.calls.filter(([fields]) => (fields as { event?: string })?.event === 'login_lockout');
    expect(logged).toHaveLength(1);
    expect(logged[0]![0]).toMatchObject({ account: u.email, userId: String(u._id), failures: 50 });
    // The address in the log is the connection's, not the forged header's.
    expect((logged[0]![0] as { ip: string }).ip).toMatch(/127\.0\.0\.1/);
  } finally {
    warn.mockRestore();
  }
}, 300_000);

it('ignores a forged X-Forwarded-For by default: a new address per request does not get past a rate limit', async () => {
  const statuses: number[] = [];
  for (let i = 0; i < PUBLIC_LIMIT + 2; i++) statuses.push((await request(t.url).get('/api/categories').set('X-Forwarded-For', forged())).status);
  expect(statuses.slice(0, PUBLIC_LIMIT)).toEqual(Array(PUBLIC_LIMIT).fill(200));
  expect(statuses.slice(PUBLIC_LIMIT)).toEqual([429, 429]);
  // Nor does it make outside traffic look local to /metrics (a proxy that forwarded it is not trusted).
  expect((await request(t.url).get('/metrics').set('X-Forwarded-For', '203.0.113.9')).status).toBe(403);
  expect((await request(t.url).get('/metrics')).status).toBe(200);
});

it('answers sign-ins to unknown and known accounts in the same time (median of 20 within 20%)', async () => {
  const u = await createUser('agent');
  const timed = async (email: string) => {
    const started = process.hrtime.bigint();
    const res = await signIn(email, 'not-the-password');
    expect(res.status).toBe(401);
    expect(res.body.error).toMatchObject({ id: 'unauthorized', message: 'Email or password is wrong' });
    return Number(process.hrtime.bigint() - started) / 1e6;
  };
  const known: number[] = [];
  const unknown: number[] = [];
  // Interleaved, so load from elsewhere on the machine falls on both alike.
  for (let i = 0; i < 20; i++) {
    known.push(await timed(u.email));
    unknown.push(await timed(`nobody-${i}-${Date.now()}@test.example`));
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const [k, x] = [median(known), median(unknown)];
  expect(Math.abs(k - x) / Math.max(k, x)).toBeLessThanOrEqual(0.2);
}, 300_000);
