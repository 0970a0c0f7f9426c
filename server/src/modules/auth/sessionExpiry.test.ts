/**
 * Issue 14 point 1, expiry: a socket re-checks its session when the session would expire, and is
 * closed once it has (here sessions last 3.6 s), without any request from anyone.
 */
import { startTestServer, type TestServer } from '../../../../test/support/harness';
import { createUser, login } from '../../../../test/support/factories';
import { io as ioClient } from 'socket.io-client';
import { connectSocket, until } from '../../../../test/support/sockets';

let t: TestServer;

beforeAll(async () => {
  t = await startTestServer({ env: { SESSION_TTL_HOURS: '0.001' } });
});
afterAll(async () => {
  await t.close();
});

it('a socket whose session expires is disconnected within a second of the expiry, and cannot come back', async () => {
  const c = await login(t.url, (await createUser('supervisor')).email);
  const loggedInAt = Date.now();
  const s = await connectSocket(t.url, c.cookie);
  let closedAt: number | null = null;
  s.on('disconnect', () => (closedAt = Date.now()));
  await until('socket closed', () => closedAt !== null, 8_000);
  s.close();
  const ttl = 3_600;
  expect(closedAt! - loggedInAt).toBeGreaterThanOrEqual(ttl - 200);
  expect(closedAt! - loggedInAt).toBeLessThan(ttl + 1_000);
  const again = ioClient(t.url, { extraHeaders: { cookie: c.cookie }, transports: ['websocket'], forceNew: true, reconnection: false });
  const outcome = await new Promise<string>((resolve) => {
    again.once('connect', () => resolve('connected'));
    again.once('connect_error', (err) => resolve(err.message));
  });
  again.close();
  expect(outcome).toBe('unauthorized');
});
