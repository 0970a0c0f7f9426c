import request from 'supertest';
import { startTestServer, type TestServer } from '../../../../test/support/harness';
import { complaintBody } from '../../../../test/support/factories';

/** Its own file: the limit is read once when the server starts. */
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ env: { RATE_LIMIT_PUBLIC_PER_MINUTE: '3' } });
});
afterAll(async () => {
  await t.close();
});

it('answers 429 with Retry-After once an IP exceeds the public limit', async () => {
  const statuses: number[] = [];
  let last: request.Response | undefined;
  for (let i = 0; i < 4; i++) {
    last = await request(t.url).post('/api/complaints').send(complaintBody());
    statuses.push(last.status);
  }
  expect(statuses).toEqual([201, 201, 201, 429]);
  expect(last!.body.error.id).toBe('rate_limited');
  const retryAfter = Number(last!.headers['retry-after']);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);
});

it('limits the tracking portal as well', async () => {
  const statuses: number[] = [];
  for (let i = 0; i < 4; i++) {
    const res = await request(t.url).get('/api/portal/complaints/C-2026-000001').set('X-Tracking-Token', 'guess');
    statuses.push(res.status);
  }
  expect(statuses).toEqual([404, 404, 404, 429]);
});
