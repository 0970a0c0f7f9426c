import { lifetimeValue, tierFor, type LifecycleStage } from '@redress/shared';
import type { Env } from '../platform/env';
import { Team } from '../modules/auth/team.model';
import { User } from '../modules/auth/user.model';
import { hashPassword } from '../modules/auth/passwords';
import { Customer } from '../modules/customers/customer.model';
import { complaintFiler } from '../modules/complaints/commands/complaintFiler';
import { ensureDefaultSlaPolicies } from '../modules/sla/slaDefaults';
import { ensureDemoCompensation } from '../modules/compensation/compensationDefaults';
import { seedDemoHistory } from './demoHistory';
import { seedDemoOrders } from './demoOrders';
import { rebuildRollups } from '../modules/analytics/rebuild';
import type { Types } from 'mongoose';

export const DEMO_PASSWORD = 'redress-demo';

export interface SeedResult {
  logins: { role: string; email: string; name: string }[];
}

const teams = [
  { key: 'orders', name: 'Orders & Delivery', categories: ['wrong_or_missing_item', 'delivery_delay', 'damaged_in_transit', 'product_defect'] },
  { key: 'billing', name: 'Billing & Refunds', categories: ['billing_overcharge', 'refund_not_received'] },
  { key: 'service', name: 'Service Quality', categories: [] },
  { key: 'senior', name: 'Senior Escalations', categories: [], senior: true },
];

interface StaffSeed {
  email: string;
  name: string;
  role: 'agent' | 'supervisor' | 'admin';
  teams: string[];
  categories?: string[];
  languages?: string[];
  capacity?: number;
  senior?: boolean;
}

const staff: StaffSeed[] = [
  { email: 'admin@redress.demo', name: 'Ada Admin', role: 'admin', teams: ['orders', 'billing', 'service', 'senior'] },
  { email: 'supervisor@redress.demo', name: 'Sam Supervisor', role: 'supervisor', teams: ['orders', 'billing', 'service', 'senior'] },
  { email: 'li@redress.demo', name: 'Li Wei', role: 'agent', teams: ['orders'], languages: ['en', 'zh'], capacity: 6 },
  {
    email: 'maria@redress.demo',
    name: 'Maria Lopez',
    role: 'agent',
    teams: ['orders'],
    categories: ['delivery_delay', 'damaged_in_transit'],
    languages: ['en'],
    capacity: 4,
  },
  { email: 'omar@redress.demo', name: 'Omar Haddad', role: 'agent', teams: ['billing'], languages: ['en', 'zh'], capacity: 5 },
  { email: 'zoe@redress.demo', name: 'Zoe Chen', role: 'agent', teams: ['service', 'senior'], languages: ['en', 'zh'], capacity: 5, senior: true },
];

const customers: { email: string; name: string; aov: number; opy: number; years: number; stage: LifecycleStage }[] = [
  { email: 'grace.mvc@example.com', name: 'Grace Hopper (demo MVC)', aov: 100, opy: 52, years: 12, stage: 'climax' },
  { email: 'tom.stc@example.com', name: 'Tom Baker (demo STC)', aov: 80, opy: 24, years: 6, stage: 'build_up' },
  { email: 'ana.standard@example.com', name: 'Ana Silva (demo standard)', aov: 40, opy: 12, years: 3, stage: 'decline' },
  { email: 'bob.bz@example.com', name: 'Bob Jones (demo BZ)', aov: 15, opy: 2, years: 1, stage: 'acquisition' },
  { email: 'wang.fang@example.com', name: '王芳 (demo)', aov: 300, opy: 20, years: 10, stage: 'climax' },
];

const complaints = [
  {
    email: 'grace.mvc@example.com',
    category: 'damaged_in_transit',
    description: 'Demo: the espresso machine arrived with a cracked water tank. I need it for a family event on Saturday.',
    amount: 449,
    orderRef: 'SO-10021',
  },
  {
    email: 'tom.stc@example.com',
    category: 'delivery_delay',
    description: 'Demo: order promised for Monday still has not arrived, tracking has not moved for four days.',
    amount: 120,
    orderRef: 'SO-10022',
  },
  {
    email: 'ana.standard@example.com',
    category: 'staff_behaviour',
    description: 'Demo: the store assistant was dismissive when I asked about a return and walked away mid-sentence.',
  },
  {
    email: 'bob.bz@example.com',
    category: 'billing_overcharge',
    description: 'Demo: I was charged twice for the same order last week.',
    amount: 25,
    orderRef: 'SO-10023',
  },
  {
    email: 'wang.fang@example.com',
    category: 'refund_not_received',
    description: '演示：退货已经三周了，仍然没有收到退款。',
    amount: 899,
    orderRef: 'SO-10024',
    language: 'zh' as const,
  },
];

/** Demo data, labelled as demo in every name, created on the first start of an empty database. */
export async function seedDemo(o: { orders?: boolean } = {}): Promise<SeedResult> {
  const teamIds = new Map<string, unknown>();
  for (const t of teams) {
    // create() rather than an upsert: it stores every field with its default (an upsert's
    // $setOnInsert dropped the empty category list of the catch-all team on FerretDB).
    const doc = (await Team.findOne({ key: t.key })) ?? (await Team.create(t));
    teamIds.set(t.key, doc._id);
  }
  await ensureDefaultSlaPolicies();
  await ensureDemoCompensation();
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  for (const s of staff) {
    await User.updateOne(
      { email: s.email },
      {
        $setOnInsert: {
          email: s.email,
          name: s.name,
          role: s.role,
          passwordHash,
          teamIds: s.teams.map((k) => teamIds.get(k)),
          skills: { categories: s.categories ?? [], languages: s.languages ?? [] },
          capacity: s.capacity ?? 0,
          senior: s.senior ?? s.role !== 'agent',
          remedyLimits: s.role === 'agent' ? { perRemedy: 50, perDay: 200 } : { perRemedy: 5000, perDay: 50000 },
        },
      },
      { upsert: true },
    );
  }
  for (const c of customers) {
    const ltv = lifetimeValue({ averageOrderValue: c.aov, ordersPerYear: c.opy, yearsAsCustomer: c.years });
    await Customer.updateOne(
      { email: c.email },
      {
        $set: {
          name: c.name,
          averageOrderValue: c.aov,
          ordersPerYear: c.opy,
          yearsAsCustomer: c.years,
          lifetimeValue: ltv,
          tier: tierFor(ltv),
          lifecycleStage: c.stage,
          valueImportedAt: new Date(),
        },
      },
      { upsert: true },
    );
  }
  // History first: its rollups are rebuilt from scratch, which must not race the live complaints'
  // subscribers (they count the open ones filed below).
  await seedHistory(teamIds, o);
  for (const [i, c] of complaints.entries()) {
    const cust = customers.find((x) => x.email === c.email)!;
    await complaintFiler({
      channel: 'web',
      idempotencyKey: `demo-seed-${i}`,
      input: {
        customer: { name: cust.name, email: c.email },
        category: c.category,
        description: c.description,
        amount: c.amount,
        currency: c.amount ? 'EUR' : undefined,
        orderRef: c.orderRef,
        language: 'language' in c ? c.language : 'en',
      },
    });
  }
  return { logins: staff.map((s) => ({ role: s.role, email: s.email, name: s.name })) };
}

/** Four weeks of labelled demo history for the dashboard, handled by each category's team. */
async function seedHistory(teamIds: Map<string, unknown>, o: { orders?: boolean }): Promise<void> {
  const agents = await User.find({ role: 'agent' }, { name: 1, teamIds: 1 }).lean();
  const agentsOf = (teamKey: string) =>
    agents.filter((a) => a.teamIds.some((id) => String(id) === String(teamIds.get(teamKey)))).map((a) => ({ id: a._id, name: a.name }));
  const teamFor = (category: string) => {
    const key = teams.find((t) => (t.categories as string[]).includes(category))?.key ?? 'service';
    return { teamId: teamIds.get(key) as Types.ObjectId, agents: agentsOf(key) };
  };
  const now = new Date();
  const history = await seedDemoHistory({ now, teamFor, rebuild: false });
  // Orders for measured retention and the at-risk list (Ana is the demo customer in decline); it
  // rebuilds the rollups over all demo complaints, so the history's own rebuild is skipped.
  const orders =
    o.orders === false ? 0 : await seedDemoOrders({ now, teamFor, named: customers.map((c) => ({ email: c.email, declining: c.stage === 'decline' })) });
  if (history > 0 && orders === 0) await rebuildRollups();
}

/** Seed only when the database has no staff yet (first start); never in production. */
export async function seedIfEmpty(env: Env): Promise<SeedResult | null> {
  if (env.NODE_ENV === 'production') return null;
  if ((await User.estimatedDocumentCount()) > 0) return null;
  return seedDemo({ orders: env.SEED_DEMO_ORDERS });
}
