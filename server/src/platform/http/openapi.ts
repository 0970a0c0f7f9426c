import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Router } from 'express';
import { z } from 'zod';
import { errorIds, shopApiKeyHeader, trackingTokenHeader } from '@redress/shared';

/**
 * The OpenAPI 3.1 document of the HTTP API, served at GET /api/openapi.json. Each module declares
 * its own operations in `<module>.openapi.ts` (a ModuleApiDoc); this file turns them into the
 * document. Request bodies and query parameters are the shared zod schemas the handlers parse,
 * converted with z.toJSONSchema, so the document cannot drift from validation. Responses are
 * described in words (the presenters' TypeScript types are not runtime schemas).
 * server/src/platform/http/openapi.test.ts fails on any /api route without an entry here.
 */

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/**
 * Who may call an operation. Staff access is the session cookie (plus X-CSRF-Token on writes);
 * `supervisor` means supervisors and admins, `admin` admins only.
 */
export type Access = 'public' | 'staff' | 'supervisor' | 'admin' | 'tracking' | 'shop' | 'metrics';

export interface ResponseSpec {
  description: string;
  /** A runtime schema of the body, when there is one; otherwise the description says it. */
  schema?: z.ZodType;
  /** Defaults to application/json; several when a query parameter picks the format (CSV). */
  contentType?: string | string[];
}

export interface OperationSpec {
  summary: string;
  description?: string;
  access: Access;
  /** JSON request body: the schema the handler parses. */
  body?: z.ZodType;
  /** The body may also be multipart/form-data with the same fields plus `files` (images, PDF). */
  files?: { fields?: z.ZodType; maxFiles: number; maxBytes: number };
  /** Other request media types the handler reads (e.g. text/csv), with their OpenAPI media objects. */
  alsoAccepts?: Record<string, Json>;
  /** Query string: an object schema, one parameter per property. */
  query?: z.ZodType;
  /** Request headers the handler reads. */
  headers?: { name: string; description: string; schema: z.ZodType; required?: boolean }[];
  /** Path parameters' descriptions (every `{name}` in the path is a string parameter). */
  params?: Record<string, string>;
  /** Success responses by status. */
  responses: Record<number, string | ResponseSpec>;
  /** Error statuses beyond the ones access, body and path parameters imply (e.g. 409). */
  errors?: number[];
  /** Answered 429 after RATE_LIMIT_PUBLIC_PER_MINUTE (or the route's own limit). */
  rateLimited?: boolean;
}

/** What one module contributes: a tag and its operations by OpenAPI path (`/api/complaints/{id}`). */
export interface ModuleApiDoc {
  tag: { name: string; description: string };
  paths: Record<string, Partial<Record<HttpMethod, OperationSpec>>>;
  /** Requests Redress makes to other systems (OpenAPI 3.1 `webhooks`: name to Path Item Object). */
  webhooks?: Record<string, Json>;
}

export type Json = Record<string, unknown>;

const errorText: Record<number, string> = {
  400: 'validation_error: `error.fields` names each invalid field and why; body_too_complex: a JSON body nested deeper than 32 levels or with more than 5,000 keys (100,000 on the customer import)',
  401: 'unauthorized: sign in first (or a missing/wrong API key)',
  403: 'forbidden (role) or csrf_failed (missing X-CSRF-Token on a write)',
  404: 'not_found (also when the caller may not see the resource)',
  409: 'conflict or invalid_state: the current state does not allow this',
  413: 'payload_too_large: JSON bodies up to 100 KB (2 MB on the customer import)',
  415: 'unsupported_media_type: an upload is not a PNG, JPEG, GIF, WebP or PDF',
  422: 'idempotency_mismatch',
  429: 'rate_limited (or account_locked on sign-in): see Retry-After',
  503: 'service_unavailable',
};

const staffAccess: Access[] = ['staff', 'supervisor', 'admin'];

/** JSON Schema (2020-12, the dialect of OpenAPI 3.1) of what a client sends. */
export function jsonSchema(schema: z.ZodType): Json {
  const out = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Json;
  delete out.$schema;
  return out;
}

function security(access: Access, method: HttpMethod): Json[] {
  switch (access) {
    case 'public':
      return [];
    case 'tracking':
      return [{ trackingToken: [] }];
    case 'shop':
      return [{ shopApiKey: [] }];
    case 'metrics':
      return [{ metricsBearer: [] }, {}];
    default:
      return [method === 'get' ? { sessionCookie: [] } : { sessionCookie: [], csrfToken: [] }];
  }
}

function accessNote(access: Access): string | null {
  if (access === 'supervisor') return 'Supervisors and admins.';
  if (access === 'admin') return 'Admins only.';
  if (access === 'staff') return 'Any signed-in staff member (the complaint policy decides what they see).';
  if (access === 'tracking') return `The customer's tracking token in ${trackingTokenHeader}; any mismatch is the same 404.`;
  return null;
}

function operationId(method: HttpMethod, p: string): string {
  const words = p
    .replace(/^\/api\//, '/')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1));
  return `${method}${words.join('')}`;
}

function parameters(p: string, op: OperationSpec): Json[] {
  const out: Json[] = [];
  for (const [, name] of p.matchAll(/\{(\w+)\}/g)) {
    out.push({ name, in: 'path', required: true, schema: { type: 'string' }, ...(op.params?.[name!] ? { description: op.params[name!] } : {}) });
  }
  if (op.query) {
    const q = jsonSchema(op.query) as { properties?: Record<string, Json>; required?: string[] };
    for (const [name, schema] of Object.entries(q.properties ?? {})) {
      out.push({ name, in: 'query', required: (q.required ?? []).includes(name), schema });
    }
  }
  for (const h of op.headers ?? [])
    out.push({ name: h.name, in: 'header', required: h.required ?? false, description: h.description, schema: jsonSchema(h.schema) });
  return out;
}

function requestBody(op: OperationSpec): Json | undefined {
  if (!op.body && !op.files && !op.alsoAccepts) return undefined;
  const content: Json = { ...op.alsoAccepts };
  if (op.body) content['application/json'] = { schema: jsonSchema(op.body) };
  if (op.files) {
    const fields = op.files.fields ?? op.body;
    const base = fields ? (jsonSchema(fields) as { properties?: Json; required?: string[] }) : {};
    content['multipart/form-data'] = {
      schema: {
        type: 'object',
        properties: {
          ...base.properties,
          files: {
            type: 'array',
            maxItems: op.files.maxFiles,
            description: `Up to ${op.files.maxFiles} files of at most ${op.files.maxBytes} bytes each; the type is decided from the content`,
            items: { type: 'string', format: 'binary' },
          },
        },
        ...(base.required?.length ? { required: base.required } : {}),
      },
    };
  }
  return { required: true, content };
}

function responses(p: string, op: OperationSpec): Json {
  const out: Json = {};
  for (const [status, r] of Object.entries(op.responses)) {
    const spec = typeof r === 'string' ? { description: r } : r;
    const types = [spec.contentType ?? 'application/json'].flat();
    const schema = spec.schema ? jsonSchema(spec.schema) : {};
    const noBody = status === '204' || status === '304';
    out[status] = noBody
      ? { description: spec.description }
      : { description: spec.description, content: Object.fromEntries(types.map((t) => [t, { schema }])) };
  }
  const implied = new Set(op.errors ?? []);
  if (op.body || op.query || op.headers?.length || op.files || op.alsoAccepts) implied.add(400);
  if (op.files) [413, 415].forEach((s) => implied.add(s));
  if (staffAccess.includes(op.access)) [401, 403].forEach((s) => implied.add(s));
  if (op.access === 'shop') implied.add(401);
  if (/\{\w+\}/.test(p) || op.access === 'tracking') implied.add(404);
  if (op.rateLimited) implied.add(429);
  for (const s of [...implied].sort()) out[String(s)] = { $ref: `#/components/responses/E${s}` };
  return out;
}

function operation(tag: string, method: HttpMethod, p: string, op: OperationSpec): Json {
  const description = [op.description, accessNote(op.access)].filter(Boolean).join('\n\n');
  const params = parameters(p, op);
  const body = requestBody(op);
  return {
    operationId: operationId(method, p),
    tags: [tag],
    summary: op.summary,
    ...(description ? { description } : {}),
    ...(params.length ? { parameters: params } : {}),
    ...(body ? { requestBody: body } : {}),
    security: security(op.access, method),
    responses: responses(p, op),
  };
}

function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(path.resolve(__dirname, '../../../package.json'), 'utf8')) as { version?: string }).version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/** The platform's own routes (app.ts and this file). */
const platformDoc: ModuleApiDoc = {
  tag: { name: 'platform', description: 'Health checks and this description' },
  paths: {
    '/api/openapi.json': { get: { summary: 'This OpenAPI document', access: 'public', responses: { 200: 'OpenAPI 3.1 document' } } },
    '/healthz': { get: { summary: 'Liveness', access: 'public', responses: { 200: '`{ status: "ok" }`' } } },
    '/readyz': {
      get: {
        summary: 'Readiness: start-up finished (migrations, demo data and logins on a first start) and the database answers',
        access: 'public',
        responses: { 200: '`{ status: "ready" }`', 503: '`{ status: "starting" }` or `{ status: "database unavailable" }`' },
      },
    },
  },
};

/** Assemble the modules' declarations into one OpenAPI 3.1 document. Throws on a path declared twice. */
export function buildOpenApiDocument(docs: ModuleApiDoc[]): Json {
  const paths: Record<string, Json> = {};
  const all = [platformDoc, ...docs];
  for (const doc of all) {
    for (const [p, item] of Object.entries(doc.paths)) {
      const target = (paths[p] ??= {});
      for (const [method, op] of Object.entries(item) as [HttpMethod, OperationSpec][]) {
        if (target[method]) throw new Error(`OpenAPI: ${method.toUpperCase()} ${p} is declared twice`);
        target[method] = operation(doc.tag.name, method, p, op);
      }
    }
  }
  const errorSchema = {
    type: 'object',
    required: ['error'],
    properties: {
      error: {
        type: 'object',
        required: ['id', 'message'],
        properties: {
          id: { type: 'string', enum: [...errorIds] },
          message: { type: 'string' },
          fields: {
            type: 'array',
            items: { type: 'object', required: ['path', 'message'], properties: { path: { type: 'string' }, message: { type: 'string' } } },
          },
        },
      },
    },
  };
  return {
    openapi: '3.1.0',
    info: {
      title: 'Redress API',
      version: packageVersion(),
      description:
        'Complaint intake (web form, email, integrators), the customer portal, staff work on complaints, routing, SLA, compensation and analytics. Every error body is `{ error: { id, message, fields? } }`; clients switch on `error.id`.',
    },
    tags: all.map((d) => d.tag),
    paths: Object.fromEntries(Object.entries(paths).sort(([a], [b]) => a.localeCompare(b))),
    webhooks: Object.assign({}, ...all.map((d) => d.webhooks ?? {})) as Json,
    components: {
      schemas: { Error: errorSchema },
      responses: Object.fromEntries(
        Object.entries(errorText).map(([s, d]) => [
          `E${s}`,
          { description: d, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
        ]),
      ),
      securitySchemes: {
        sessionCookie: { type: 'apiKey', in: 'cookie', name: 'redress.sid', description: 'Staff session from POST /api/auth/login' },
        csrfToken: {
          type: 'apiKey',
          in: 'header',
          name: 'X-CSRF-Token',
          description: 'The csrfToken of the login (or GET /api/auth/me) response; required on every staff write',
        },
        trackingToken: {
          type: 'apiKey',
          in: 'header',
          name: trackingTokenHeader,
          description: 'The `#t=` fragment of the tracking link the customer received',
        },
        shopApiKey: {
          type: 'apiKey',
          in: 'header',
          name: shopApiKeyHeader,
          description: 'SHOP_API_KEY, for the shop redeeming vouchers and reporting remedies carried out',
        },
        metricsBearer: { type: 'http', scheme: 'bearer', description: 'METRICS_TOKEN; loopback callers need none' },
      },
    },
  };
}

/** GET /openapi.json (mount under /api). Built on first request, then served from memory. */
export function openApiRouter(docs: ModuleApiDoc[]): Router {
  const router = Router();
  let doc: Json | null = null;
  router.get('/openapi.json', (_req, res) => {
    doc ??= buildOpenApiDocument(docs);
    res.set('Cache-Control', 'no-cache').json(doc);
  });
  return router;
}
