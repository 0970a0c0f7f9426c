/**
 * Issue 14, point 9, over real SMTP: the email channel limits messages per sender address (From)
 * and per connecting address, answering 450 4.7.1 over the limit (the sending MTA keeps the
 * message and retries later). The counts live in the database: a new listener (as after a restart,
 * or another process) still refuses.
 */
import { randomBytes } from 'node:crypto';
import nodemailer from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer';
import { startTestServer, type TestServer } from '../../../../../test/support/harness';
import { createLogger } from '../../../platform/logger';
import { Complaint } from '../../complaints/complaint.model';
import { startInboundMail } from './inboundSmtp';

const PER_SENDER = 3;
const PER_IP = 8;
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({
    env: {
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      INBOUND_SMTP_PORT: '0',
      INBOUND_MAIL_DOMAIN: 'help.redress.test',
      INBOUND_PER_SENDER_PER_HOUR: String(PER_SENDER),
      INBOUND_PER_IP_PER_HOUR: String(PER_IP),
    },
  });
});
afterAll(() => t.close());

const id = () => randomBytes(5).toString('hex');
const customer = () => ({ name: `Cleo ${id()}`, address: `cleo-${id()}@customer.example` });

/** One message over a fresh SMTP connection to `port`: the final reply, or the refusal. */
async function send(port: number, mail: Mail.Options): Promise<{ ok: boolean; code?: number; response: string }> {
  const smtp = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
  try {
    const info = await smtp.sendMail({
      to: 'support@help.redress.test',
      subject: 'Broken order',
      text: 'My order arrived damaged in transit.',
      messageId: `<${id()}@x>`,
      ...mail,
    });
    return { ok: true, response: info.response };
  } catch (err) {
    const e = err as { responseCode?: number; response?: string };
    return { ok: false, code: e.responseCode, response: e.response ?? String(err) };
  } finally {
    smtp.close();
  }
}

it('refuses a sender past its limit with 450 (also on another listener), then the connecting address past its own', async () => {
  const port = t.inboundPort!;
  const flooder = customer();
  for (let i = 0; i < PER_SENDER; i++)
    expect(await send(port, { from: flooder })).toMatchObject({ ok: true, response: expect.stringMatching(/^250 OK: filed/) });
  const refused = await send(port, { from: flooder });
  expect(refused).toMatchObject({ ok: false, code: 450 });
  expect(refused.response).toContain('4.7.1 Too many messages from');
  expect(await Complaint.countDocuments({ 'customer.email': flooder.address })).toBe(PER_SENDER);

  // Counted in the database: a second listener (another process, or after a restart) agrees.
  const second = await startInboundMail({
    port: 0,
    host: '127.0.0.1',
    domain: 'help.redress.test',
    logger: createLogger('silent'),
    limits: { perSender: PER_SENDER, perAddress: 1_000, windowMs: 3_600_000 },
  });
  try {
    expect(await send(second.port, { from: flooder })).toMatchObject({ ok: false, code: 450 });
    expect((await send(second.port, { from: customer() })).ok).toBe(true);
  } finally {
    await second.close();
  }

  // Everything so far came from 127.0.0.1, each attempt counted there at MAIL FROM, refused ones
  // too: 4 on the first listener and 2 on the second (same count, its own higher limit).
  const results: boolean[] = [];
  for (let i = 0; i < PER_IP; i++) results.push((await send(port, { from: customer() })).ok);
  expect(results.filter(Boolean)).toHaveLength(PER_IP - 6);
  const last = await send(port, { from: customer() });
  expect(last).toMatchObject({ ok: false, code: 450 });
  expect(last.response).toContain('4.7.1 Too many messages from your address');
});
