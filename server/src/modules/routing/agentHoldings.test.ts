/** Agent holdings (agentHoldings.ts): the load routing reads follows the complaints and heals from them. */
import mongoose from 'mongoose';
import request from 'supertest';
import { startTestServer, type TestServer } from '../../../../test/support/harness';
import { complaintBody, createTeam, createUser, login } from '../../../../test/support/factories';
import { Complaint } from '../complaints/complaint.model';
import { reconcileAgentHoldings } from './commands/complaintAssigner';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.close();
});

async function file(category: string) {
  const res = await request(t.url).post('/api/complaints').send(complaintBody({ category }));
  expect(res.status).toBe(201);
  return res.body as { id: string; reference: string };
}

it('follow resolutions, and a lost or stale holding heals from the complaints', async () => {
  const team = await createTeam({ categories: ['product_defect'] });
  const agent = await createUser('agent', { teamIds: [team._id], availability: 'online', capacity: 2 });
  const staff = await login(t.url, agent.email);
  const [a, b, c] = [await file('product_defect'), await file('product_defect'), await file('product_defect')];
  await t.settle();
  const holding = () => mongoose.connection.db!.collection<{ _id: string; open: string[] }>('agent_holdings').findOne({ _id: agent.id });
  expect((await holding())!.open.sort()).toEqual([a.id, b.id].sort());
  expect((await Complaint.findById(c.id).lean())!.assigneeId).toBeNull();
  // Resolving frees the slot: the holding drops it and the queued complaint comes in.
  expect((await staff.post(`/api/complaints/${a.id}/status`, { status: 'resolved', reason: 'Sent a new one.' })).status).toBe(200);
  await t.settle();
  expect((await holding())!.open.sort()).toEqual([b.id, c.id].sort());
  // Drift (a crash between a complaint write and its holding): the reconcile job rewrites it from the complaints.
  await mongoose.connection.db!.collection('agent_holdings').updateOne({ _id: agent.id } as never, { $set: { open: [] } });
  expect(await reconcileAgentHoldings()).toBeGreaterThanOrEqual(1);
  expect((await holding())!.open.sort()).toEqual([b.id, c.id].sort());
  // A missing holding is counted from the complaints when routing next asks.
  await mongoose.connection.db!.collection('agent_holdings').deleteOne({ _id: agent.id } as never);
  const d = await file('product_defect');
  await t.settle();
  expect((await Complaint.findById(d.id).lean())!.assigneeId).toBeNull();
  expect((await holding())!.open.sort()).toEqual([b.id, c.id].sort());
});
