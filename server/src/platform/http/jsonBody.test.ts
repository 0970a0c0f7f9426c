import request from 'supertest';
import { startTestServer, type TestServer } from '../../../../test/support/harness';
import { login, createUser, type StaffClient } from '../../../../test/support/factories';
import { defaultJsonLimits, exceedsJsonLimits } from './jsonBody';

let t: TestServer;
let admin: StaffClient;
beforeAll(async () => {
  t = await startTestServer();
  admin = await login(t.url, (await createUser('admin')).email);
});
afterAll(async () => {
  await t.close();
});

/** About 35 KB: an object nested 5,000 levels deep. */
const deepObject = '{"ab":'.repeat(5_000) + '1' + '}'.repeat(5_000);
/** About 10 KB: an array nested 5,000 levels deep. */
const deepArray = '['.repeat(5_000) + ']'.repeat(5_000);

describe('exceedsJsonLimits', () => {
  const limits = { maxDepth: 3, maxKeys: 4 };
  it.each([
    ['{"a":{"b":[1]}}', null],
    ['{"a":{"b":[[1]]}}', 'JSON is nested deeper than 3 levels'],
    ['[[["}}}}"]]]', null],
    ['{"a":"[[[[[[\\"{{{{{"}', null],
    ['{"a":"\\\\","b":[[{"c":1}]]}', 'JSON is nested deeper than 3 levels'],
    ['{"a":1,"b":2,"c":3,"d":4}', null],
    ['{"a":1,"b":2,"c":3,"d":4,"e":5}', 'JSON has more than 4 fields'],
    ['{"a:b:c:d:e":1}', null],
  ])('%s', (text, expected) => {
    expect(exceedsJsonLimits(Buffer.from(text), limits)).toBe(expected);
    expect(exceedsJsonLimits(text, limits)).toBe(expected);
  });
});

describe('a 5,000-deep JSON body', () => {
  const routes: [string, string, boolean][] = [
    ['POST', '/api/auth/login', false],
    ['POST', '/api/complaints', false],
    ['POST', '/api/portal/complaints/RD-000000/replies', false],
    ['POST', '/api/customers/import', true],
    ['PATCH', '/api/staff/000000000000000000000000', true],
    ['POST', '/api/no-such-route', false],
    ['PUT', '/', false],
  ];
  it.each(routes)('%s %s answers 400 body_too_complex, for objects and arrays', async (method, path, staff) => {
    for (const body of [deepObject, deepArray]) {
      let req = request(t.url)[method.toLowerCase() as 'post' | 'patch' | 'put'](path).set('Content-Type', 'application/json');
      if (staff) req = req.set('Cookie', admin.cookie).set('x-csrf-token', admin.csrf);
      const res = await req.send(body);
      expect(res.status).toBe(400);
      expect(res.body.error).toEqual({
        id: 'body_too_complex',
        message: `JSON is nested deeper than ${defaultJsonLimits.maxDepth} levels`,
        fields: [{ path: '(body)', message: `JSON is nested deeper than ${defaultJsonLimits.maxDepth} levels` }],
      });
    }
  });

  it('the server stays up and answers the next request', async () => {
    expect((await request(t.url).get('/healthz')).status).toBe(200);
    expect((await request(t.url).post('/api/auth/login').send({ email: 'nobody@test.example', password: 'x' })).status).toBe(401);
  });
});

it(`refuses more than ${defaultJsonLimits.maxKeys} keys, and counts nothing inside strings`, async () => {
  const many = `{${Array.from({ length: defaultJsonLimits.maxKeys + 1 }, (_, i) => `"k${i}":1`).join(',')}}`;
  const res = await request(t.url).post('/api/complaints').set('Content-Type', 'application/json').send(many);
  expect(res.status).toBe(400);
  expect(res.body.error.id).toBe('body_too_complex');

  // Brackets and colons in a string value are text: the request reaches its handler.
  const text = await request(t.url)
    .post('/api/auth/login')
    .send({ email: 'nobody@test.example', password: `${'[{:'.repeat(60)}"\\` });
  expect(text.status).toBe(401);
});
