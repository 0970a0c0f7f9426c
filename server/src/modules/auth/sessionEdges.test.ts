/**
 * Issue 14 point 10 (and the expiry half of point 1): logout clears the cookie; Socket.IO refuses
 * a foreign Origin; the development mail viewer answers only this machine.
 */
import http from 'node:http';
import os from 'node:os';
import request from 'supertest';
import { startTestServer, type TestServer } from '../../../../test/support/harness';
import { createUser, login } from '../../../../test/support/factories';
import { type StaffSocket } from '../../../../test/support/sockets';
import { io as ioClient } from 'socket.io-client';

let t: TestServer;

beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.close();
});

/** Open a staff socket with this Origin header: 'ok' or the handshake's error. */
async function handshake(cookie: string, origin: string | null, transport: 'websocket' | 'polling'): Promise<string> {
  const s: StaffSocket = ioClient(t.url, {
    extraHeaders: { cookie, ...(origin ? { origin } : {}) },
    transports: [transport],
    forceNew: true,
    reconnection: false,
  });
  try {
    return await new Promise<string>((resolve) => {
      s.once('connect', () => resolve('ok'));
      s.once('connect_error', (err) => resolve(err.message || 'refused'));
    });
  } finally {
    s.close();
  }
}

it('logout answers with a Set-Cookie that clears the session cookie', async () => {
  const c = await login(t.url, (await createUser('agent')).email);
  const res = await c.post('/api/auth/logout');
  expect(res.status).toBe(204);
  const cookies = (res.headers['set-cookie'] as unknown as string[] | undefined) ?? [];
  const cleared = cookies.find((x) => x.startsWith('redress.sid='));
  expect(cleared).toMatch(/^redress\.sid=;/);
  expect(cleared).toMatch(/Path=\//);
  expect(cleared).toMatch(/Expires=Thu, 01 Jan 1970 00:00:00 GMT/);
  expect(cleared).toMatch(/HttpOnly/);
  // And the session is over server-side too.
  expect((await request(t.url).get('/api/auth/me').set('cookie', c.cookie)).status).toBe(401);
});

it('Socket.IO refuses a foreign Origin and accepts its own and PUBLIC_URL', async () => {
  const c = await login(t.url, (await createUser('agent')).email);
  for (const transport of ['websocket', 'polling'] as const) {
    expect(await handshake(c.cookie, 'https://evil.example', transport)).not.toBe('ok');
    expect(await handshake(c.cookie, 'null', transport)).not.toBe('ok');
    expect(await handshake(c.cookie, t.url, transport)).toBe('ok');
    // Clients that are not browsers send no Origin: the session cookie alone decides.
    expect(await handshake(c.cookie, null, transport)).toBe('ok');
  }
  const before = t.server.services.publicUrl;
  t.server.services.publicUrl = 'https://desk.example.com';
  try {
    expect(await handshake(c.cookie, 'https://desk.example.com', 'websocket')).toBe('ok');
    expect(await handshake(c.cookie, 'https://desk.example.com.evil.example', 'websocket')).not.toBe('ok');
  } finally {
    t.server.services.publicUrl = before;
  }
});

/** The first IPv4 address of this machine that is not loopback, if any. */
function externalAddress(): string | null {
  for (const list of Object.values(os.networkInterfaces())) for (const i of list ?? []) if (i.family === 'IPv4' && !i.internal) return i.address;
  return null;
}

it('the development mail viewer answers loopback only, never a request relayed by a proxy or from another machine', async () => {
  expect((await request(t.url).get('/api/dev/mail')).status).toBe(200);
  expect((await request(t.url).get('/api/dev/mail').set('x-forwarded-for', '203.0.113.7')).status).toBe(404);
  expect((await request(t.url).get('/api/dev/mail').set('forwarded', 'for=203.0.113.7')).status).toBe(404);

  // The same app listening on every interface (HOST=0.0.0.0, the default), asked from outside loopback.
  const address = externalAddress();
  if (!address) return;
  const outside = http.createServer(t.server.app);
  await new Promise<void>((r) => outside.listen(0, '0.0.0.0', () => r()));
  try {
    const port = (outside.address() as { port: number }).port;
    const res = await request(`http://${address}:${port}`).get('/api/dev/mail');
    expect(res.status).toBe(404);
    expect((await request(`http://127.0.0.1:${port}`).get('/api/dev/mail')).status).toBe(200);
  } finally {
    await new Promise((r) => outside.close(r));
  }
});
