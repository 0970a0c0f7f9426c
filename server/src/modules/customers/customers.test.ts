import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { defaultTierThresholds, type CustomerImportResult, type CustomerListView, type CustomerView, type FieldIssue } from '@redress/shared';
import { startTestServer, type TestServer } from '../../../../test/support/harness';
import { complaintBody, createTeam, createUser, login, type StaffClient } from '../../../../test/support/factories';
import { Complaint } from '../complaints/complaint.model';
import { seedDemoHistory } from '../../seed/demoHistory';
import { Customer } from './customer.model';

let t: TestServer;
let admin: StaffClient;
let sup: StaffClient;

const tag = () => randomBytes(3).toString('hex');

beforeAll(async () => {
  t = await startTestServer();
  const [a, s] = await Promise.all([createUser('admin'), createUser('supervisor')]);
  [admin, sup] = await Promise.all([login(t.url, a.email), login(t.url, s.email)]);
});
afterAll(async () => {
  await t.close();
});

/** File a complaint through the public API and return its id. */
async function file(email: string, over: Record<string, unknown> = {}): Promise<string> {
  const res = await request(t.url)
    .post('/api/complaints')
    .send(complaintBody({ customer: { name: 'Value Customer', email }, ...over }));
  if (res.status !== 201) throw new Error(`filing failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as string;
}

function importJson(staff: StaffClient, rows: unknown[]) {
  return staff.post('/api/customers/import', { rows });
}

function importCsv(staff: StaffClient, csv: string) {
  return staff.agent
    .post('/api/customers/import')
    .set('x-csrf-token', staff.csrf)
    .attach('file', Buffer.from(csv), { filename: 'customers.csv', contentType: 'text/csv' });
}

describe('JSON import', () => {
  it('creates and updates customers by email, computes lifetime value and tier, and reports invalid rows by field', async () => {
    const k = tag();
    const existing = `Known.${k}@Example.com`;
    await file(existing.toLowerCase());
    const res = await importJson(admin, [
      // 100 a week x 52 x 40 years = 208,000 (the supermarket shopper of the domain notes): MVC.
      { email: existing, name: 'Grace Hopper', averageOrderValue: 100, ordersPerYear: 52, yearsAsCustomer: 40, lifecycleStage: 'climax' },
      { email: `stc.${k}@example.com`, averageOrderValue: 50, ordersPerYear: 20, yearsAsCustomer: 12, lifecycleStage: 'build-up' },
      { email: `bz.${k}@example.com`, name: null, averageOrderValue: 9.99, ordersPerYear: 2, yearsAsCustomer: 1 },
      { email: 'not-an-email', averageOrderValue: 10, ordersPerYear: 1, yearsAsCustomer: 1 },
      { email: `neg.${k}@example.com`, averageOrderValue: -5, ordersPerYear: 'many', yearsAsCustomer: 1, lifecycleStage: 'teenage' },
      { email: `stc.${k}@example.com`, averageOrderValue: 1, ordersPerYear: 1, yearsAsCustomer: 1 },
      { email: `extra.${k}@example.com`, averageOrderValue: 1, ordersPerYear: 1, yearsAsCustomer: 1, tier: 'MVC' },
    ]);
    expect(res.status).toBe(200);
    const body = res.body as CustomerImportResult;
    expect(body).toMatchObject({ created: 2, updated: 1, rejectedCount: 4 });
    const paths = Object.fromEntries(body.rejected.map((r) => [r.row, r.errors.map((e) => e.path).sort()]));
    expect(paths).toEqual({
      3: ['email'],
      4: ['averageOrderValue', 'lifecycleStage', 'ordersPerYear'],
      5: ['email'],
      6: ['tier'],
    });
    expect(body.rejected.find((r) => r.row === 4)!.errors).toContainEqual({ path: 'averageOrderValue', message: 'The average order value cannot be negative' });
    expect(body.rejected.find((r) => r.row === 5)!.errors[0]!.message).toBe('The same email address is already in row 1');

    const grace = await Customer.findOne({ email: existing.toLowerCase() }).lean();
    expect(grace).toMatchObject({ name: 'Grace Hopper', lifetimeValue: 208_000, tier: 'MVC', lifecycleStage: 'climax', complaintCount: 1 });
    expect(grace!.valueImportedAt).toBeInstanceOf(Date);
    expect(await Customer.findOne({ email: `stc.${k}@example.com` }).lean()).toMatchObject({
      name: `stc.${k}`,
      lifetimeValue: 12_000,
      tier: 'STC',
      lifecycleStage: 'build_up',
    });
    expect(await Customer.findOne({ email: `bz.${k}@example.com` }).lean()).toMatchObject({ lifetimeValue: 19.98, tier: 'BZ', lifecycleStage: 'acquisition' });
  });

  it('is idempotent: the same import again only updates and leaves the same figures', async () => {
    const k = tag();
    const rows = [
      { email: `a.${k}@example.com`, name: 'A', averageOrderValue: 20, ordersPerYear: 10, yearsAsCustomer: 2 },
      { email: `b.${k}@example.com`, name: 'B', averageOrderValue: 500, ordersPerYear: 12, yearsAsCustomer: 10 },
    ];
    expect((await importJson(sup, rows)).body).toEqual({ created: 2, updated: 0, rejected: [], rejectedCount: 0 });
    const snapshot = async () =>
      (
        await Customer.find({ email: { $in: rows.map((r) => r.email) } }, { _id: 1, email: 1, lifetimeValue: 1, tier: 1, name: 1 })
          .sort({ email: 1 })
          .lean()
      ).map((c) => ({
        ...c,
        _id: String(c._id),
      }));
    const first = await snapshot();
    expect(first.map((c) => [c.lifetimeValue, c.tier])).toEqual([
      [400, 'standard'],
      [60_000, 'MVC'],
    ]);
    expect((await importJson(sup, rows)).body).toEqual({ created: 0, updated: 2, rejected: [], rejectedCount: 0 });
    expect(await snapshot()).toEqual(first);
    expect(await Customer.countDocuments({ email: { $in: rows.map((r) => r.email) } })).toBe(2);
  });

  it('two imports of the same new customers at once create each customer once', async () => {
    const k = tag();
    const rows = Array.from({ length: 40 }, (_, i) => ({ email: `race${i}.${k}@example.com`, averageOrderValue: i, ordersPerYear: 10, yearsAsCustomer: 3 }));
    const [a, b] = await Promise.all([importJson(admin, rows), importJson(sup, rows)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const ra = a.body as CustomerImportResult;
    const rb = b.body as CustomerImportResult;
    expect(ra.created + rb.created).toBe(40);
    expect(ra.created + ra.updated).toBe(40);
    expect(rb.created + rb.updated).toBe(40);
    expect(await Customer.countDocuments({ email: new RegExp(`\\.${k}@`) })).toBe(40);
  });

  it('answers 400 with field messages when no row is valid, or the body is not a list of rows', async () => {
    const res = await importJson(admin, [{ email: 'x', averageOrderValue: 1, ordersPerYear: 1, yearsAsCustomer: 1 }, { name: 'No email' }]);
    expect(res.status).toBe(400);
    expect(res.body.error.id).toBe('validation_error');
    const fields = res.body.error.fields as FieldIssue[];
    expect(fields.map((f) => f.path)).toEqual(['rows.0.email', 'rows.1.email', 'rows.1.averageOrderValue', 'rows.1.ordersPerYear', 'rows.1.yearsAsCustomer']);
    expect(fields[2]!.message).toBe('The average order value is required');

    const empty = await importJson(admin, []);
    expect(empty.status).toBe(400);
    expect(empty.body.error.fields).toEqual([{ path: 'rows', message: 'Send at least one row' }]);
    const tooMany = await importJson(
      admin,
      Array.from({ length: 5001 }, () => ({})),
    );
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.fields[0].message).toMatch(/At most 5000 rows/);
  });

  it('accepts 5000 rows in one request', async () => {
    const k = tag();
    const rows = Array.from({ length: 5000 }, (_, i) => ({
      email: `bulk${i}.${k}@example.com`,
      name: `Bulk Customer ${i}`,
      averageOrderValue: 10 + (i % 100),
      ordersPerYear: 12,
      yearsAsCustomer: 5,
    }));
    const res = await importJson(admin, rows);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ created: 5000, updated: 0, rejectedCount: 0 });
  });
});

describe('CSV import', () => {
  it('reads a multipart upload, reports bad rows by line number and field', async () => {
    const k = tag();
    const csv = [
      '\uFEFFEmail,Name,Average Order Value,orders_per_year,yearsAsCustomer,lifecycleStage',
      `grace.${k}@example.com,"Hopper, Grace",100,52,40,climax`,
      '',
      `bad.${k}@example.com,Bad,ten,52,40,`,
      `short.${k}@example.com,Short,1`,
      `alan.${k}@example.com,,35.5,12,3,Build Up`,
    ].join('\r\n');
    const res = await importCsv(admin, csv);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      created: 2,
      updated: 0,
      rejectedCount: 2,
      rejected: [
        { row: 4, errors: [{ path: 'averageOrderValue', message: 'The average order value must be a number' }] },
        { row: 5, errors: [{ path: '(row)', message: 'Expected 6 values, found 3' }] },
      ],
    });
    expect(await Customer.findOne({ email: `grace.${k}@example.com` }).lean()).toMatchObject({ name: 'Hopper, Grace', lifetimeValue: 208_000, tier: 'MVC' });
    expect(await Customer.findOne({ email: `alan.${k}@example.com` }).lean()).toMatchObject({
      lifetimeValue: 1278,
      tier: 'standard',
      lifecycleStage: 'build_up',
    });
  });

  it('reads a text/csv body, also with semicolons', async () => {
    const k = tag();
    const csv = `email;averageOrderValue;ordersPerYear;yearsAsCustomer\nsemi.${k}@example.com;20;50;12\n`;
    const res = await sup.agent.post('/api/customers/import').set('x-csrf-token', sup.csrf).set('Content-Type', 'text/csv').send(csv);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ created: 1, updated: 0, rejectedCount: 0 });
    expect(await Customer.findOne({ email: `semi.${k}@example.com` }).lean()).toMatchObject({ lifetimeValue: 12_000, tier: 'STC' });
  });

  it('refuses a wrong header, an empty file, unparseable CSV and other content types with 400/415', async () => {
    const wrong = await importCsv(admin, 'mail,averageOrderValue,ordersPerYear\nx@example.com,1,2\n');
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.message).toBe('The CSV header is not the expected one');
    expect(wrong.body.error.fields).toEqual([
      { path: 'header', message: 'Unknown column "mail"; the columns are email, name, averageOrderValue, ordersPerYear, yearsAsCustomer, lifecycleStage' },
      { path: 'header', message: 'The column "email" is missing' },
      { path: 'header', message: 'The column "yearsAsCustomer" is missing' },
    ]);
    const headerOnly = await importCsv(admin, 'email,averageOrderValue,ordersPerYear,yearsAsCustomer\n');
    expect(headerOnly.status).toBe(400);
    expect(headerOnly.body.error.fields[0].path).toBe('file');
    const broken = await importCsv(admin, 'email,averageOrderValue,ordersPerYear,yearsAsCustomer\n"x@example.com,1,2,3\n');
    expect(broken.status).toBe(400);
    expect(broken.body.error.fields[0].message).toMatch(/^The file is not valid CSV/);
    const allBad = await importCsv(admin, 'email,averageOrderValue,ordersPerYear,yearsAsCustomer\nnope,1,2,3\n');
    expect(allBad.status).toBe(400);
    expect(allBad.body.error.fields).toEqual([{ path: 'rows.2.email', message: 'Enter a valid email address' }]);
    const noFile = await admin.agent.post('/api/customers/import').set('x-csrf-token', admin.csrf).field('note', 'x');
    expect(noFile.status).toBe(400);
    expect(noFile.body.error.fields).toEqual([{ path: 'file', message: 'Attach the CSV file in the form field "file"' }]);
    const xml = await admin.agent.post('/api/customers/import').set('x-csrf-token', admin.csrf).set('Content-Type', 'application/xml').send('<rows/>');
    expect(xml.status).toBe(415);
  });
});

describe('open complaints', () => {
  it('carry the imported value in their customer snapshot; closed ones keep theirs', async () => {
    const email = `snap.${tag()}@example.com`;
    const open = await file(email);
    const closed = await file(email);
    await Complaint.updateOne({ _id: closed }, { $set: { status: 'closed' } });
    expect((await Complaint.findById(open).lean())!.customer).toMatchObject({ tier: 'standard', lifetimeValue: 0 });

    const res = await importJson(admin, [{ email, averageOrderValue: 80, ordersPerYear: 26, yearsAsCustomer: 30, lifecycleStage: 'decline' }]);
    expect(res.body).toMatchObject({ created: 0, updated: 1 });
    expect((await Complaint.findById(open).lean())!.customer).toMatchObject({ tier: 'MVC', lifetimeValue: 62_400, lifecycleStage: 'decline' });
    expect((await Complaint.findById(closed).lean())!.customer).toMatchObject({ tier: 'standard', lifetimeValue: 0, lifecycleStage: 'acquisition' });
  });
});

describe('access', () => {
  it('agents may not import or see the settings; anonymous callers must sign in; supervisors may not change thresholds', async () => {
    const agent = await login(t.url, (await createUser('agent')).email);
    const row = { email: `x.${tag()}@example.com`, averageOrderValue: 1, ordersPerYear: 1, yearsAsCustomer: 1 };
    expect((await importJson(agent, [row])).status).toBe(403);
    expect((await importCsv(agent, 'email,averageOrderValue,ordersPerYear,yearsAsCustomer\n')).status).toBe(403);
    expect((await agent.get('/api/customers/settings/tiers')).status).toBe(403);
    expect((await agent.put('/api/customers/settings/tiers', defaultTierThresholds)).status).toBe(403);
    expect((await agent.get('/api/customers')).status).toBe(403);
    expect((await sup.put('/api/customers/settings/tiers', defaultTierThresholds)).status).toBe(403);
    expect((await sup.get('/api/customers/settings/tiers')).status).toBe(200);

    const anon = request(t.url);
    expect((await anon.post('/api/customers/import').send({ rows: [row] })).status).toBe(401);
    expect((await anon.get('/api/customers/settings/tiers')).status).toBe(401);
    expect((await anon.put('/api/customers/settings/tiers').send(defaultTierThresholds)).status).toBe(401);
    expect((await anon.get('/api/customers')).status).toBe(401);
    const customer = await Customer.findOne().lean();
    expect((await anon.get(`/api/customers/${String(customer!._id)}`)).status).toBe(401);
    // A write without the session's CSRF token is refused.
    expect((await admin.agent.post('/api/customers/import').send({ rows: [row] })).status).toBe(403);
    expect(await Customer.countDocuments({ email: row.email })).toBe(0);
  });

  it('staff see a customer only through a complaint they can see; another team gets 404', async () => {
    const [mine, other] = await Promise.all([createTeam(), createTeam()]);
    const [insider, outsider] = await Promise.all([createUser('agent', { teamIds: [mine._id] }), createUser('agent', { teamIds: [other._id] })]);
    const email = `seen.${tag()}@example.com`;
    const id = await file(email);
    await Complaint.updateOne({ _id: id }, { $set: { teamId: mine._id, assigneeId: null } });
    const customerId = String((await Customer.findOne({ email }).lean())!._id);

    const inside = await (await login(t.url, insider.email)).get(`/api/customers/${customerId}`);
    expect(inside.status).toBe(200);
    expect((inside.body as CustomerView).complaints[0]).toMatchObject({ id, canOpen: true });
    const outside = await (await login(t.url, outsider.email)).get(`/api/customers/${customerId}`);
    expect(outside.status).toBe(404);
    expect(outside.body.error.id).toBe('not_found');
    expect((await sup.get(`/api/customers/${customerId}`)).status).toBe(200);
    expect((await admin.get('/api/customers/not-an-id')).status).toBe(404);
    expect((await admin.get('/api/customers/65f000000000000000000000')).status).toBe(404);
  });
});

describe('a customer', () => {
  it('shows value figures, tier, stage and past complaints newest first', async () => {
    const email = `history.${tag()}@example.com`;
    const first = await file(email, { category: 'delivery_delay' });
    const second = await file(email, { category: 'damaged_in_transit' });
    await Complaint.updateOne(
      { _id: first },
      { $set: { createdAt: new Date('2025-01-10T10:00:00Z'), status: 'resolved', resolvedAt: new Date('2025-01-12T10:00:00Z') } },
    );
    await importJson(admin, [{ email, averageOrderValue: 40, ordersPerYear: 10, yearsAsCustomer: 4, lifecycleStage: 'decline' }]);
    const customerId = String((await Customer.findOne({ email }).lean())!._id);

    const res = await sup.get(`/api/customers/${customerId}`);
    expect(res.status).toBe(200);
    const c = res.body as CustomerView;
    expect(c).toMatchObject({
      id: customerId,
      email,
      averageOrderValue: 40,
      ordersPerYear: 10,
      yearsAsCustomer: 4,
      lifetimeValue: 1600,
      tier: 'standard',
      lifecycleStage: 'decline',
      complaintCount: 2,
      highRisk: true,
    });
    expect(c.complaints.map((k) => [k.id, k.category, k.status, k.resolvedAt])).toEqual([
      [second, 'damaged_in_transit', expect.any(String), null],
      [first, 'delivery_delay', 'resolved', '2025-01-12T10:00:00.000Z'],
    ]);
    expect(c.complaints[1]!.reference).toMatch(/\S+/);
    expect(c.complaints[1]!.createdAt).toBe('2025-01-10T10:00:00.000Z');
    expect(Object.keys(c)).not.toContain('_id');
  });

  it('the list searches by email or name and pages, most valuable first', async () => {
    const k = tag();
    await importJson(admin, [
      { email: `list1.${k}@example.com`, name: `Ada ${k}`, averageOrderValue: 10, ordersPerYear: 1, yearsAsCustomer: 1 },
      { email: `list2.${k}@example.com`, name: 'Someone', averageOrderValue: 30, ordersPerYear: 1, yearsAsCustomer: 1 },
      { email: `list3.${k}@example.com`, name: 'Other', averageOrderValue: 20, ordersPerYear: 1, yearsAsCustomer: 1 },
    ]);
    const page1 = (await sup.get(`/api/customers?q=${k}&pageSize=2`)).body as CustomerListView;
    expect(page1.total).toBe(3);
    expect(page1.items.map((c) => c.email)).toEqual([`list2.${k}@example.com`, `list3.${k}@example.com`]);
    const page2 = (await sup.get(`/api/customers?q=${k}&pageSize=2&page=2`)).body as CustomerListView;
    expect(page2.items.map((c) => c.email)).toEqual([`list1.${k}@example.com`]);
    const byName = (await admin.get(`/api/customers?q=ada%20${k}`)).body as CustomerListView;
    expect(byName.items.map((c) => [c.name, c.tier, c.lifetimeValue])).toEqual([[`Ada ${k}`, 'BZ', 10]]);
    // Regex characters are searched for literally.
    expect(((await admin.get('/api/customers?q=.*')).body as CustomerListView).total).toBe(0);
    expect((await admin.get('/api/customers?pageSize=1000')).status).toBe(400);
  });
});

describe('complaint counts', () => {
  it('the list counts the complaints of imported history (the demo) and of live filings alike', async () => {
    const team = await createTeam({ categories: [] });
    const agent = await createUser('agent', { teamIds: [team._id] });
    const written = await seedDemoHistory({
      now: new Date(),
      count: 12,
      teamFor: () => ({ teamId: team._id, agents: [{ id: agent._id, name: agent.name }] }),
    });
    expect(written).toBe(12);
    const list = (await sup.get('/api/customers?q=history-&pageSize=100')).body as CustomerListView;
    expect(list.total).toBeGreaterThan(0);
    for (const c of list.items) expect(c.complaintCount).toBe(await Complaint.countDocuments({ customerId: c.id }));
    const withHistory = list.items.filter((c) => c.complaintCount > 0);
    expect(withHistory.reduce((n, c) => n + c.complaintCount, 0)).toBe(12);

    // A live complaint of a history customer adds one, in the list and on the customer.
    const someone = withHistory[0]!;
    await file(someone.email);
    const after = (await sup.get(`/api/customers?q=${encodeURIComponent(someone.email)}`)).body as CustomerListView;
    expect(after.items[0]!.complaintCount).toBe(someone.complaintCount + 1);
    const one = (await sup.get(`/api/customers/${someone.id}`)).body as CustomerView;
    expect(one.complaintCount).toBe(someone.complaintCount + 1);
    // The stored counter filing reads ("earlier complaints") is kept too.
    expect((await Customer.findById(someone.id).lean())!.complaintCount).toBe(someone.complaintCount + 1);
  }, 240_000); // seeds the demo history and rebuilds the rollups: ~15 s alone, much longer beside other test files
});
