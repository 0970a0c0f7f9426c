/**
 * The role x route access test: walks the app's whole route table and calls every route as every
 * role. Each route must be classified below; a new route that is not fails this test, so nobody
 * adds an endpoint without deciding who may call it.
 */
import request from 'supertest';
import { Types } from 'mongoose';
import { startTestServer, type TestServer } from '../support/harness';
import { complaintBody, createTeam, createUser, login, type StaffClient } from '../support/factories';
import { routeTable, type RouteEntry } from '../../server/src/platform/http/routeTable';
import { Complaint } from '../../server/src/modules/complaints/complaint.model';

/** Who may call a route. */
type Access =
  | 'public' // anyone, no sign-in (rate-limited; the tracking token guards portal reads)
  | 'apiKey' // the shop's API key
  | 'operator' // loopback or the metrics token
  | 'staff' // any signed-in staff member
  | 'complaint' // staff who can see the complaint (its team, its assignee, admins)
  | 'complaintSupervisor' // supervisors of the complaint's team and admins
  | 'assignee' // only the agent the complaint is assigned to
  | 'customer' // agents who see one of the customer's complaints; supervisors and admins (customers are not per team)
  | 'supervisor' // supervisors and admins
  | 'admin'; // admins only

const table: [RegExp, Access][] = [
  [/^GET \/(healthz|readyz)$/, 'public'],
  [/^GET \/\^/, 'public'], // the client app's history fallback (a regular expression path)
  [/^GET \/metrics$/, 'operator'],
  [/^GET \/api\/openapi\.json$/, 'public'],
  [/^POST \/api\/auth\/login$/, 'public'],
  [/^(POST \/api\/auth\/logout|GET \/api\/auth\/me)$/, 'staff'],
  [/^GET \/api\/dev\/mail\/?$/, 'public'],
  [/^GET \/api\/categories$/, 'public'],
  [/^POST \/api\/complaints$/, 'public'],
  [/^(GET|POST) \/api\/portal\//, 'public'],
  [/^POST \/api\/vouchers\/:code\/redeem$/, 'apiKey'],
  [/^POST \/api\/remedies\/:id\/fulfilment$/, 'apiKey'],
  [/^POST \/api\/orders\/events$/, 'apiKey'],
  [/^POST \/api\/orders\/import$/, 'supervisor'],
  [/^GET \/api\/complaints$/, 'staff'],
  [/^POST \/api\/complaints\/:id\/assign$/, 'complaintSupervisor'],
  [/^POST \/api\/complaints\/:id\/handback$/, 'assignee'],
  [/^(GET|POST) \/api\/complaints\/:id(\/.*)?$/, 'complaint'],
  [/^(GET|POST) \/api\/remedies\/:id\/(request|issue)$/, 'complaint'],
  [/^POST \/api\/remedies\/:id\/(approve|decline)$/, 'supervisor'],
  [/^GET \/api\/remedies$/, 'supervisor'],
  [/^(GET \/api\/routing\/queue|GET \/api\/agents|PUT \/api\/agents\/me\/availability|GET \/api\/admin\/teams)$/, 'staff'],
  [/^(GET|POST|PATCH) \/api\/admin\/(users|teams|feed)/, 'admin'],
  [/^(GET|POST|PUT|PATCH|DELETE) \/api\/admin\/webhooks(\/.*)?$/, 'admin'],
  [/^GET \/api\/metrics\//, 'supervisor'],
  [/^POST \/api\/metrics\/at-risk\/:customerId\/outreach$/, 'supervisor'],
  [/^PUT \/api\/metrics\/settings\//, 'supervisor'],
  [/^GET \/api\/sla\//, 'supervisor'],
  [/^POST \/api\/sla\/preview$/, 'supervisor'],
  [/^(POST|PUT|DELETE) \/api\/sla\//, 'admin'],
  [/^(GET|PUT|POST) \/api\/compensation\//, 'supervisor'],
  [/^GET \/api\/customers\/settings\/tiers$/, 'supervisor'],
  [/^PUT \/api\/customers\/settings\/tiers$/, 'admin'],
  [/^POST \/api\/customers\/import$/, 'supervisor'],
  [/^GET \/api\/customers\/?$/, 'supervisor'],
  [/^GET \/api\/customers\/:id$/, 'customer'],
];

function accessOf(r: RouteEntry): Access | undefined {
  return table.find(([rx]) => rx.test(`${r.method} ${r.path}`))?.[1];
}

let t: TestServer;
let routes: RouteEntry[];
const ids: Record<string, string> = {};
const clients: Record<'agentA' | 'agentB' | 'supervisorA' | 'supervisorB' | 'admin', StaffClient> = {} as never;

// A 1x1 PNG, so the attachment routes have a real file to serve.
const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

beforeAll(async () => {
  t = await startTestServer({ env: { SHOP_API_KEY: 'shop-key-0123456789abcdef' } });
  routes = routeTable(t.server.app).filter((r) => r.path.startsWith('/'));
  const teamA = await createTeam({ categories: ['delivery_delay'] });
  const teamB = await createTeam({ categories: ['billing_overcharge'] });
  const agentA = await createUser('agent', { teamIds: [teamA._id], availability: 'online' });
  const users = {
    agentA,
    agentB: await createUser('agent', { teamIds: [teamB._id] }),
    supervisorA: await createUser('supervisor', { teamIds: [teamA._id] }),
    supervisorB: await createUser('supervisor', { teamIds: [teamB._id] }),
    admin: await createUser('admin'),
  };
  for (const [k, u] of Object.entries(users)) clients[k as keyof typeof clients] = await login(t.url, u.email);

  const filed = await request(t.url)
    .post('/api/complaints')
    .send(complaintBody({ category: 'delivery_delay', amount: 80, currency: 'EUR' }));
  ids.complaint = filed.body.id;
  ids.reference = filed.body.reference;
  const upload = await clients.agentA.agent
    .post(`/api/complaints/${ids.complaint}/attachments`)
    .set('x-csrf-token', clients.agentA.csrf)
    .attach('files', png, { filename: 'dot.png', contentType: 'image/png' });
  expect(upload.status).toBe(201);
  ids.fileId = upload.body.event.attachments[0].id;
  const suggested = await clients.agentA.post(`/api/complaints/${ids.complaint}/remedies/suggest`);
  expect(suggested.status).toBe(200);
  ids.remedy = suggested.body.items[0].id;
  ids.customer = String((await Complaint.findById(ids.complaint).lean())!.customerId);
});
afterAll(async () => {
  await t.close();
});

function urlFor(r: RouteEntry): string {
  return r.path
    .replace(':reference', ids.reference!)
    .replace(':fileId', ids.fileId!)
    .replace(':code', 'NO-SUCH-CODE')
    .replace(':key', 'no_such_rule')
    .replace(
      ':id',
      r.path.startsWith('/api/remedies')
        ? ids.remedy!
        : r.path.startsWith('/api/customers')
          ? ids.customer!
          : r.path.includes('/complaints/')
            ? ids.complaint!
            : new Types.ObjectId().toHexString(),
    );
}

/** Call a route as a client (or anonymously) with an empty body: authorization runs before validation. */
async function call(r: RouteEntry, who: StaffClient | null): Promise<number> {
  const url = urlFor(r);
  const m = r.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
  const base = who ? who.agent : request(t.url);
  let req = base[m](url);
  if (who && m !== 'get') req = req.set('x-csrf-token', who.csrf);
  if (m !== 'get' && m !== 'delete') req = req.send({});
  return (await req).status;
}

const denied = (s: number) => s === 401 || s === 403 || s === 404;
const allowed = (s: number) => s !== 401 && s !== 403;

it('classifies every route', () => {
  const unclassified = routes.filter((r) => !accessOf(r)).map((r) => `${r.method} ${r.path}`);
  expect(unclassified).toEqual([]);
  expect(routes.length).toBeGreaterThan(50);
});

it('enforces each route’s access for every role', async () => {
  const problems: string[] = [];
  const expectThat = (r: RouteEntry, who: string, status: number, ok: boolean) => {
    if (!ok) problems.push(`${r.method} ${r.path} as ${who}: got ${status}`);
  };
  // Logout last: it ends the session the other calls use.
  const ordered = [...routes].sort((a, b) => Number(a.path.endsWith('/logout')) - Number(b.path.endsWith('/logout')));
  for (const r of ordered) {
    const access = accessOf(r);
    if (!access) continue;
    const anon = await call(r, null);
    if (access === 'public') expectThat(r, 'anonymous', anon, allowed(anon));
    else if (access === 'operator') expectThat(r, 'anonymous (loopback)', anon, anon === 200);
    else expectThat(r, 'anonymous', anon, anon === 401);
    if (access === 'public' || access === 'operator' || access === 'apiKey') continue;
    if (r.path.endsWith('/logout')) continue;

    const as = async (k: keyof typeof clients) => call(r, clients[k]);
    if (access === 'staff') {
      const s = await as('agentB');
      expectThat(r, 'agent', s, allowed(s));
    }
    if (access === 'complaint') {
      for (const k of ['agentB', 'supervisorB'] as const) {
        const s = await as(k);
        expectThat(r, `${k} (other team)`, s, denied(s));
      }
      for (const k of ['agentA', 'supervisorA', 'admin'] as const) {
        const s = await as(k);
        expectThat(r, `${k} (complaint's team)`, s, allowed(s) && s !== 404);
      }
    }
    if (access === 'customer') {
      const s = await as('agentB');
      expectThat(r, 'agentB (other team)', s, denied(s));
      for (const k of ['agentA', 'supervisorB', 'admin'] as const) {
        const ok = await as(k);
        expectThat(r, k, ok, allowed(ok) && ok !== 404);
      }
    }
    if (access === 'assignee') {
      for (const k of ['agentB', 'supervisorB', 'supervisorA'] as const) {
        const s = await as(k);
        expectThat(r, k, s, denied(s));
      }
      const s = await as('agentA');
      expectThat(r, 'agentA (assignee)', s, allowed(s) && s !== 404);
    }
    if (access === 'complaintSupervisor') {
      for (const k of ['agentA', 'agentB', 'supervisorB'] as const) {
        const s = await as(k);
        expectThat(r, k, s, denied(s));
      }
      const s = await as('supervisorA');
      expectThat(r, 'supervisorA', s, allowed(s) && s !== 404);
    }
    if (access === 'supervisor') {
      const s = await as('agentA');
      expectThat(r, 'agent', s, s === 403);
      const sup = await as('supervisorA');
      expectThat(r, 'supervisor', sup, allowed(sup));
    }
    if (access === 'admin') {
      for (const k of ['agentA', 'supervisorA'] as const) {
        const s = await as(k);
        expectThat(r, k, s, s === 403);
      }
      const s = await as('admin');
      expectThat(r, 'admin', s, allowed(s));
    }
  }
  expect(problems).toEqual([]);
}, 120_000);

it('refuses state changes without the CSRF token', async () => {
  const res = await clients.agentA.agent.post(`/api/complaints/${ids.complaint}/messages`).send({ body: 'hello there', visibility: 'public' });
  expect(res.status).toBe(403);
  expect(res.body.error.id).toBe('csrf_failed');
});
