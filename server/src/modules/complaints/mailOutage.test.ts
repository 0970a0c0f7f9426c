import request from 'supertest';
import { FakeClock, startTestServer, type TestServer } from '../../../../test/support/harness';
import { complaintBody } from '../../../../test/support/factories';
import { startMailCatcher, type MailCatcher } from '../../platform/mail/catcher';
import { deliverDueMail } from '../notifications/outbox';
import { OutboxMail } from '../notifications/outbox.model';

const clock = new FakeClock(new Date('2026-04-01T08:00:00Z'));
let t: TestServer;
let revived: MailCatcher | undefined;
beforeAll(async () => {
  t = await startTestServer({ clock, env: { LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent' } });
});
afterAll(async () => {
  await revived?.close();
  await t.close();
});

it('delays confirmations while SMTP is down and delivers each exactly once when it returns', async () => {
  await t.catcher.close();

  const references: string[] = [];
  for (let i = 0; i < 3; i++) {
    const res = await request(t.url).post('/api/complaints').set('Idempotency-Key', `outage-key-${i}0000`).send(complaintBody());
    expect(res.status).toBe(201);
    references.push(res.body.reference);
  }
  // Each round stops at the first failure; three rounds try all three, and all wait to retry.
  for (let round = 0; round < 3; round++) {
    const during = await deliverDueMail();
    expect(during).toEqual({ sent: 0, failed: 1 });
  }
  expect(await deliverDueMail()).toEqual({ sent: 0, failed: 0 });
  const pending = await OutboxMail.find({ status: 'pending' }).lean();
  expect(pending).toHaveLength(3);
  for (const m of pending) expect(m.attempts).toBe(1);

  revived = await startMailCatcher(t.catcher.port);
  clock.advance(60_000);
  let sent = 0;
  for (let round = 0; round < 5 && sent < 3; round++) sent += (await deliverDueMail()).sent;
  expect(sent).toBe(3);
  for (const ref of references) await t.waitForMail((m) => m.subject.includes(ref));

  // Later rounds (another worker, a restart) find nothing left to send.
  clock.advance(3600_000);
  expect(await deliverDueMail()).toEqual({ sent: 0, failed: 0 });
  const caught = await t.caughtMail();
  for (const ref of references) expect(caught.filter((m) => m.subject.includes(ref))).toHaveLength(1);
  expect(await OutboxMail.countDocuments({ status: 'sent' })).toBe(3);
});
