import request from 'supertest';
import { fileComplaintSchema, staffMessageSchema } from '@redress/shared';
import { startTestServer, type TestServer } from '../../../../test/support/harness';
import { jsonSchema } from './openapi';
import { routeTable } from './routeTable';

type Doc = {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<
    string,
    Record<
      string,
      { operationId: string; security: unknown[]; requestBody?: { content: Record<string, { schema: unknown }> }; responses: Record<string, unknown> }
    >
  >;
  components: { securitySchemes: Record<string, { type: string; in?: string; name?: string }> };
};

const methods = ['get', 'post', 'put', 'patch', 'delete'];

let t: TestServer;
let doc: Doc;
beforeAll(async () => {
  t = await startTestServer({ env: { LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent' } });
  const res = await request(t.url).get('/api/openapi.json');
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  doc = res.body as Doc;
});
afterAll(async () => {
  await t.close();
});

/** Express path syntax to OpenAPI's: /api/complaints/:id -> /api/complaints/{id}, no trailing slash. */
function openApiPath(expressPath: string): string {
  const p = expressPath.replace(/:(\w+)/g, '{$1}').replace(/\/+$/, '');
  return p || '/';
}

function documented(): Set<string> {
  return new Set(
    Object.entries(doc.paths).flatMap(([p, item]) =>
      Object.keys(item)
        .filter((m) => methods.includes(m))
        .map((m) => `${m.toUpperCase()} ${p}`),
    ),
  );
}

function served(): Set<string> {
  return new Set(
    routeTable(t.server.app)
      .filter((r) => r.path.startsWith('/') && methods.includes(r.method.toLowerCase()))
      .map((r) => `${r.method.toUpperCase()} ${openApiPath(r.path)}`),
  );
}

describe('GET /api/openapi.json', () => {
  it('is an OpenAPI 3 document with info, paths and the security schemes', () => {
    expect(doc.openapi).toMatch(/^3\.\d+\.\d+$/);
    expect(doc.info).toMatchObject({ title: 'Redress API', version: expect.any(String) });
    expect(Object.keys(doc.paths).length).toBeGreaterThan(30);
    expect(doc.components.securitySchemes).toMatchObject({
      sessionCookie: { type: 'apiKey', in: 'cookie', name: 'redress.sid' },
      csrfToken: { type: 'apiKey', in: 'header', name: 'X-CSRF-Token' },
      shopApiKey: { type: 'apiKey', in: 'header', name: 'X-Api-Key' },
      trackingToken: { type: 'apiKey', in: 'header', name: 'X-Tracking-Token' },
      metricsBearer: { type: 'http' },
    });
  });

  it('takes request bodies from the shared zod schemas', () => {
    expect(doc.paths['/api/complaints']!.post!.requestBody!.content['application/json']!.schema).toEqual(jsonSchema(fileComplaintSchema));
    expect(doc.paths['/api/complaints/{id}/messages']!.post!.requestBody!.content['application/json']!.schema).toEqual(jsonSchema(staffMessageSchema));
    expect(doc.paths['/api/complaints']!.post!.security).toEqual([]);
    expect(doc.paths['/api/complaints/{id}/messages']!.post!.security).toEqual([{ sessionCookie: [], csrfToken: [] }]);
    expect(doc.paths['/api/vouchers/{code}/redeem']!.post!.security).toEqual([{ shopApiKey: [] }]);
  });

  it('has unique operation ids and only references that resolve', () => {
    const ops = Object.values(doc.paths).flatMap((item) => Object.values(item));
    const ids = ops.map((o) => o.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/([^"]+)"/g)].map((m) => m[1]!);
    const missing = refs.filter((r) => r.split('/').reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], doc) === undefined);
    expect(missing).toEqual([]);
  });
});

describe('coverage of the route table', () => {
  it('documents every /api route the app serves', () => {
    const docs = documented();
    const undocumented = [...served()].filter((r) => r.split(' ')[1]!.startsWith('/api/') && !docs.has(r)).sort();
    if (undocumented.length) {
      throw new Error(
        `Undocumented API routes: add them to your module's <module>.openapi.ts (listed in server/src/routes.ts apiDocs):\n  ${undocumented.join('\n  ')}`,
      );
    }
  });

  it('documents no route that does not exist', () => {
    const routes = served();
    const stale = [...documented()].filter((r) => !routes.has(r)).sort();
    if (stale.length) throw new Error(`Documented but not served (remove or fix the path in its <module>.openapi.ts):\n  ${stale.join('\n  ')}`);
  });
});
