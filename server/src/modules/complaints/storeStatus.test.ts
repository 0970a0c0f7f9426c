import request from 'supertest';
import { startTestServer, type TestServer } from '../../../../test/support/harness';
import { createUser, login, complaintBody } from '../../../../test/support/factories';
import { capacityWarning, declareEmbeddedEngine, TESTED_COMPLAINTS } from './storeStatus';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  declareEmbeddedEngine(null);
  await t.close();
});

it('tells admins (only) when the embedded store holds more complaints than its engine was tested with', async () => {
  const admin = await login(t.url, (await createUser('admin')).email);
  const agent = await login(t.url, (await createUser('agent')).email);
  expect((await agent.get('/api/admin/feed/store')).status).toBe(403);

  // Under MONGODB_URI nothing is promised and nothing is warned.
  expect((await admin.get('/api/admin/feed/store')).body).toEqual({ engine: null, complaints: 0, testedUpTo: null, overTested: false });

  const tested = TESTED_COMPLAINTS['ferretdb-sqlite'];
  declareEmbeddedEngine('ferretdb-sqlite');
  TESTED_COMPLAINTS['ferretdb-sqlite'] = 2;
  try {
    for (let i = 0; i < 3; i++) expect((await request(t.url).post('/api/complaints').send(complaintBody())).status).toBe(201);
    const status = (await admin.get('/api/admin/feed/store')).body;
    expect(status).toEqual({ engine: 'ferretdb-sqlite', complaints: 3, testedUpTo: 2, overTested: true });
    expect(capacityWarning(status)).toMatch(/holds 3 complaints, more than the 2 it was tested with; set MONGODB_URI/);
  } finally {
    TESTED_COMPLAINTS['ferretdb-sqlite'] = tested;
  }
});
