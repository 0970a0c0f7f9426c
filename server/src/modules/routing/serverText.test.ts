import request from 'supertest';
import {
  builtinNameCode,
  builtinSlaPolicyNames,
  defaultCompensationRules,
  ruleExplanationSchema,
  serverTextSchema,
  type ComplaintDetailView,
  type RemedyView,
} from '@redress/shared';
import { startTestServer, type TestServer } from '../../../../test/support/harness';
import { complaintBody, createTeam, createUser, login } from '../../../../test/support/factories';
import { connectSocket } from '../../../../test/support/sockets';
import { ComplaintEvent } from '../complaints/complaintEvent.model';

/** Server-made text goes out as codes with parameters (and the English beside it) for the client to render per viewer. */
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.close();
});

it('routing reasons and rule explanations carry a code and parameters that the shared schemas accept', async () => {
  const team = await createTeam({ categories: ['damaged_in_transit'] });
  const agent = await createUser('agent', { teamIds: [team._id], categories: ['damaged_in_transit'], availability: 'online', name: 'Li Wei' });
  const staff = await login(t.url, agent.email);
  // Online means connected: the agent's console is open.
  const socket = await connectSocket(t.url, staff.cookie);
  const filed = await request(t.url)
    .post('/api/complaints')
    .send(complaintBody({ category: 'damaged_in_transit', orderRef: 'SO-1', amount: 80, currency: 'EUR' }));
  expect(filed.status).toBe(201);
  await t.settle();
  socket.close();

  const c = (await staff.get(`/api/complaints/${filed.body.id}`)).body.complaint as ComplaintDetailView;
  expect(c.assignment?.reason).toMatch(/^Li Wei: specialist in damaged_in_transit/);
  expect(serverTextSchema.parse(c.assignment?.reasonText)).toEqual({
    code: 'routing.skillsLoad',
    params: { agent: 'Li Wei', specialistIn: 'damaged_in_transit', open: 0, capacity: expect.any(Number), eligible: 1 },
  });
  const assigned = await ComplaintEvent.findOne({ complaintId: filed.body.id, type: 'assigned' }).lean();
  expect((assigned?.data as { reasonText?: unknown }).reasonText).toEqual(c.assignment?.reasonText);

  const remedies = (await staff.get(`/api/complaints/${filed.body.id}/remedies`)).body.items as RemedyView[];
  expect(remedies.length).toBeGreaterThan(1);
  for (const r of remedies) {
    const e = ruleExplanationSchema.parse(r.explanation);
    expect(r.reason.length).toBeGreaterThan(0);
    if (e.rule) {
      expect(e.rule.key).toBe(r.ruleKey);
      expect(e.because.length).toBeGreaterThan(0);
      expect(e.outcome).toMatchObject({ type: r.type, amount: r.amount });
    }
  }
});

it('recognises built-in names by code and leaves entered names alone', () => {
  expect(builtinNameCode('slaPolicy', builtinSlaPolicyNames.standard)).toBe('standard');
  expect(builtinNameCode('slaPolicy', 'Our gold customers')).toBeNull();
  const rule = defaultCompensationRules[0]!;
  expect(builtinNameCode('remedyRule', rule.name, rule.key)).toBe(rule.key);
  expect(builtinNameCode('remedyRule', 'Renamed by an admin', rule.key)).toBeNull();
  expect(builtinNameCode('remedyRule', rule.name, 'someone_elses_rule')).toBeNull();
});
