import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { defaultTierThresholds, type FieldIssue, type TierSettingsSaved } from '@redress/shared';
import { startTestServer, type TestServer } from '../../../../test/support/harness';
import { complaintBody, createUser, login, type StaffClient } from '../../../../test/support/factories';
import { Complaint } from '../complaints/complaint.model';
import { tierRecomputer } from './commands/tierRecomputer';
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

async function file(email: string): Promise<string> {
  const res = await request(t.url)
    .post('/api/complaints')
    .send(complaintBody({ customer: { name: 'Tier Customer', email } }));
  if (res.status !== 201) throw new Error(`filing failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as string;
}

/** The tier `ltv` earns under the thresholds 25,000 / 5,000 / 1,000. */
const expectedTier = (ltv: number) => (ltv >= 25_000 ? 'MVC' : ltv >= 5_000 ? 'STC' : ltv < 1_000 ? 'BZ' : 'standard');
const changed = { mvcMinLifetimeValue: 25_000, stcMinLifetimeValue: 5_000, bzMaxLifetimeValue: 1_000 };

describe('tier thresholds', () => {
  it('start at the shared defaults', async () => {
    expect((await sup.get('/api/customers/settings/tiers')).body).toEqual({ thresholds: defaultTierThresholds, updatedAt: null, updatedBy: null });
  });

  afterEach(async () => {
    expect((await admin.put('/api/customers/settings/tiers', defaultTierThresholds)).status).toBe(200);
  });

  it('are validated: MVC above STC above BZ, every field given', async () => {
    const res = await admin.put('/api/customers/settings/tiers', { mvcMinLifetimeValue: 100, stcMinLifetimeValue: 100, bzMaxLifetimeValue: 500 });
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toEqual([
      { path: 'mvcMinLifetimeValue', message: 'The MVC threshold must be higher than the STC threshold' },
      { path: 'stcMinLifetimeValue', message: 'The STC threshold must be higher than the BZ threshold' },
    ]);
    const missing = await admin.put('/api/customers/settings/tiers', { mvcMinLifetimeValue: 100, bzMaxLifetimeValue: -1 });
    expect(missing.status).toBe(400);
    expect(missing.body.error.fields as FieldIssue[]).toEqual([
      { path: 'stcMinLifetimeValue', message: 'The STC threshold is required' },
      { path: 'bzMaxLifetimeValue', message: 'The BZ threshold cannot be negative' },
    ]);
  });

  it('changing them recomputes every imported customer and their open complaints; later imports use them', async () => {
    expect((await admin.get('/api/customers/settings/tiers')).body).toMatchObject({ thresholds: defaultTierThresholds });
    const k = tag();
    const rich = `rich.${k}@example.com`;
    const openId = await file(rich);
    const closedId = await file(rich);
    await Complaint.updateOne({ _id: closedId }, { $set: { status: 'closed' } });
    const neverImported = `unknown.${k}@example.com`;
    await file(neverImported);
    await admin.post('/api/customers/import', {
      rows: [
        { email: rich, averageOrderValue: 100, ordersPerYear: 10, yearsAsCustomer: 30 }, // 30,000: STC
        { email: `mid.${k}@example.com`, averageOrderValue: 10, ordersPerYear: 10, yearsAsCustomer: 5 }, // 500: standard
      ],
    });
    expect((await Complaint.findById(openId).lean())!.customer.tier).toBe('STC');
    expect((await Complaint.findById(closedId).lean())!.customer.tier).toBe('standard');

    const res = await admin.put('/api/customers/settings/tiers', changed);
    expect(res.status).toBe(200);
    const saved = res.body as TierSettingsSaved;
    expect(saved.thresholds).toEqual(changed);
    expect(saved.recomputed).toEqual({ customers: 2, openComplaints: 1 });
    expect((await Customer.findOne({ email: rich }).lean())!.tier).toBe('MVC');
    expect((await Customer.findOne({ email: `mid.${k}@example.com` }).lean())!.tier).toBe('BZ');
    // Nobody imported this one's value: the default tier stays (lifetime value 0 is "unknown", not BZ).
    expect((await Customer.findOne({ email: neverImported }).lean())!.tier).toBe('standard');
    expect((await Complaint.findById(openId).lean())!.customer.tier).toBe('MVC');
    expect((await Complaint.findById(closedId).lean())!.customer.tier).toBe('standard');
    expect((await sup.get('/api/customers/settings/tiers')).body).toMatchObject({
      thresholds: changed,
      updatedBy: expect.any(String),
      updatedAt: expect.any(String),
    });
    // Saving the same thresholds again changes nothing.
    expect(((await admin.put('/api/customers/settings/tiers', changed)).body as TierSettingsSaved).recomputed).toEqual({ customers: 0, openComplaints: 0 });

    const later = `later.${k}@example.com`;
    await admin.post('/api/customers/import', { rows: [{ email: later, averageOrderValue: 100, ordersPerYear: 10, yearsAsCustomer: 3 }] }); // 3,000
    expect((await Customer.findOne({ email: later }).lean())!.tier).toBe('standard');
  });
});

describe('tierRecomputer', () => {
  it('streams the customers in batches and leaves every imported customer on the tier the thresholds give', async () => {
    const k = tag();
    const at = new Date();
    const docs = Array.from({ length: 230 }, (_, i) => {
      const ltv = i * 150; // 0 .. 34,350: every tier, under both the default and the changed thresholds
      return { email: `batch${i}.${k}@example.com`, name: `B${i}`, lifetimeValue: ltv, tier: 'standard', valueImportedAt: at };
    });
    await Customer.insertMany(docs);
    const r = await tierRecomputer({ thresholds: changed, batchSize: 7 });
    const wrongBefore = docs.filter((d) => expectedTier(d.lifetimeValue) !== 'standard').length;
    // Customers of the test above change too (they were recomputed back to the defaults).
    expect(r.customers).toBe(wrongBefore + 2);
    const stored = await Customer.find({ email: new RegExp(`\\.${k}@`) }, { lifetimeValue: 1, tier: 1 }).lean();
    expect(stored).toHaveLength(230);
    expect(stored.filter((c) => c.tier !== expectedTier(c.lifetimeValue))).toEqual([]);
    expect(await tierRecomputer({ thresholds: changed, batchSize: 7 })).toEqual({ customers: 0, openComplaints: 0 });
  });
});
