import request from 'supertest';
import { countCommands } from '../../platform/db/commandMonitor';
import { startTestServer, type TestServer } from '../../../../test/support/harness';
import { complaintBody, createTeam, createUser, login, type StaffClient } from '../../../../test/support/factories';

/**
 * Database round trips inside a request: every command any of the server's MongoDB clients sends
 * between the request leaving the client and its answer arriving. The change feed is off in this
 * server (FEED_ENABLED=false, a web-only process), so what is counted is the request's own work:
 * the reactions (routing, SLA, mail, rollups, pushes) run afterwards, elsewhere.
 */
let t: TestServer;
let agent: StaffClient;

async function roundTrips<T>(send: () => Promise<T>): Promise<{ res: T; commands: string[] }> {
  const stop = countCommands();
  const res = await send();
  const commands = stop();
  if (process.env.PRINT_ROUND_TRIPS) process.stdout.write(`round trips: ${commands.length} (${commands.join(', ')})\n`);
  return { res, commands };
}

async function fileOne(): Promise<string> {
  const res = await request(t.url)
    .post('/api/complaints')
    .send(complaintBody({ category: 'delivery_delay' }));
  expect(res.status).toBe(201);
  return res.body.id as string;
}

beforeAll(async () => {
  t = await startTestServer({ env: { FEED_ENABLED: 'false' } });
  const team = await createTeam({ categories: ['delivery_delay'] });
  // A supervisor: with the feed off nothing routes the complaints, and unrouted ones are theirs to see.
  const user = await createUser('supervisor', { teamIds: [team._id] });
  agent = await login(t.url, user.email);
  // Warm caches a real desk has warm (categories, the session) so the counts are the steady state.
  await fileOne();
  await agent.get('/api/auth/me');
});
afterAll(async () => {
  await t.close();
});

describe('database round trips per request', () => {
  it('files a complaint in at most 8, with an Idempotency-Key', async () => {
    const { res, commands } = await roundTrips(() =>
      request(t.url)
        .post('/api/complaints')
        .set('Idempotency-Key', `rt-${Date.now()}`)
        .send(complaintBody({ category: 'delivery_delay' })),
    );
    expect(res.status).toBe(201);
    expect(commands.length).toBeLessThanOrEqual(8);
    expect(commands).toContain('insert');
  });

  it('opens a complaint in at most 4', async () => {
    const id = await fileOne();
    const { res, commands } = await roundTrips(() => agent.get(`/api/complaints/${id}`));
    expect(res.status).toBe(200);
    expect(commands.length).toBeLessThanOrEqual(4);
  });

  it('posts a staff reply in at most 6', async () => {
    const id = await fileOne();
    const { res, commands } = await roundTrips(() =>
      agent.post(`/api/complaints/${id}/messages`, { body: 'We are sorry: a replacement is on its way.', visibility: 'public' }),
    );
    expect(res.status).toBe(201);
    expect(commands.length).toBeLessThanOrEqual(6);
  });

  it('changes a status in at most 6', async () => {
    const id = await fileOne();
    const { res, commands } = await roundTrips(() => agent.post(`/api/complaints/${id}/status`, { status: 'in_progress' }));
    expect(res.status).toBe(200);
    expect(commands.length).toBeLessThanOrEqual(6);
  });
});
