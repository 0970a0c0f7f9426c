/**
 * Issue 14, point 9, over real SMTP: the email channel reads the receiving MTA's
 * Authentication-Results. A reply whose sender checks failed (DMARC, or DKIM/SPF) is not added to
 * the customer's complaint: it opens a new one with an "Unverified sender" internal note. Only the
 * headers of our MTA's authserv-id (INBOUND_AUTHSERV_ID) count; a passing or absent result changes
 * nothing.
 */
import { randomBytes } from 'node:crypto';
import nodemailer from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer';
import { startTestServer, type TestServer } from '../../../../../test/support/harness';
import { Complaint } from '../../complaints/complaint.model';
import { ComplaintEvent } from '../../complaints/complaintEvent.model';

const MTA = 'mx.help.redress.test';
let t: TestServer;
let smtp: nodemailer.Transporter;
beforeAll(async () => {
  t = await startTestServer({
    env: { LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent', INBOUND_SMTP_PORT: '0', INBOUND_MAIL_DOMAIN: 'help.redress.test', INBOUND_AUTHSERV_ID: MTA },
  });
  smtp = nodemailer.createTransport({ host: '127.0.0.1', port: t.inboundPort!, secure: false, ignoreTLS: true });
});
afterAll(async () => {
  smtp?.close();
  await t.close();
});

const id = () => randomBytes(5).toString('hex');
const msgId = () => `<${id()}@mail.customer.example>`;
const customer = () => ({ name: `Cleo ${id()}`, address: `cleo-${id()}@customer.example` });

function send(mail: Mail.Options) {
  return smtp.sendMail({
    to: 'support@help.redress.test',
    subject: 'Broken order',
    text: 'My order arrived damaged in transit and the box was crushed.',
    ...mail,
  });
}

/** A complaint opened by email, and a reply to it (by In-Reply-To) carrying `authResults`. */
async function replyWith(authResults: string[]) {
  const from = customer();
  const original = msgId();
  expect((await send({ from, messageId: original })).response).toMatch(/^250 OK: filed/);
  const complaint = (await Complaint.findOne({ 'customer.email': from.address }).lean())!;
  const headers = authResults.map((value) => ({ key: 'Authentication-Results', value }));
  const reply = await send({
    from,
    messageId: msgId(),
    inReplyTo: original,
    references: [original],
    subject: 'Re: Broken order',
    text: 'Please refund to this new account: 1234.',
    headers,
  });
  return { from, complaint, reply };
}

const failed = `${MTA}; dkim=fail (signature did not verify) header.d=customer.example; spf=fail smtp.mailfrom=customer.example; dmarc=fail (p=reject) header.from=customer.example`;
const passed = `${MTA}; dkim=pass header.d=customer.example; spf=pass smtp.mailfrom=customer.example; dmarc=pass header.from=customer.example`;

it('opens a reply whose DKIM/SPF/DMARC failed as a new complaint with an "Unverified sender" note, not as the customer\'s reply', async () => {
  const { from, complaint, reply } = await replyWith([failed]);
  expect(reply.response).toMatch(/^250 OK: filed \(C-\d{4}-\d{6}\)/);
  expect(await ComplaintEvent.countDocuments({ complaintId: complaint._id, type: 'message' })).toBe(0);
  const [, other] = await Complaint.find({ 'customer.email': from.address }).sort({ _id: 1 }).lean();
  expect(other).toBeDefined();
  expect(other!.description).toContain('new account: 1234');
  const note = await ComplaintEvent.findOne({ complaintId: other!._id, type: 'note' }).lean();
  expect(note).toMatchObject({ visibility: 'internal', actor: { kind: 'system' } });
  expect(note!.body).toContain('Unverified sender');
  expect(note!.body).toContain(complaint.reference);
  expect(note!.body).toContain('dmarc=fail');
});

it('adds a reply whose checks passed, or that carries no results, to the complaint as before', async () => {
  for (const results of [[passed], []]) {
    const { complaint, reply } = await replyWith(results);
    expect(reply.response).toBe(`250 OK: replied (${complaint.reference})`);
    expect(await ComplaintEvent.countDocuments({ complaintId: complaint._id, type: 'message', 'actor.kind': 'customer' })).toBe(1);
  }
});

it('ignores results of another authserv-id (a header the sender wrote) and uses ours', async () => {
  const forgedFail = failed.replace(MTA, 'upstream.example');
  const forgedPass = passed.replace(MTA, 'attacker.example');
  // Ours says pass, a foreign one fails: a reply. Ours fails, a foreign one passes: unverified.
  expect((await replyWith([passed, forgedFail])).reply.response).toMatch(/^250 OK: replied/);
  expect((await replyWith([forgedPass, failed])).reply.response).toMatch(/^250 OK: filed/);
});

it('notes an unverified sender on a new message that failed its checks', async () => {
  const from = customer();
  const info = await send({ from, messageId: msgId(), headers: { 'Authentication-Results': failed } });
  expect(info.response).toMatch(/^250 OK: filed/);
  const c = (await Complaint.findOne({ 'customer.email': from.address }).lean())!;
  const note = await ComplaintEvent.findOne({ complaintId: c._id, type: 'note' }).lean();
  expect(note!.body).toMatch(/^Unverified sender: the receiving mail server's sender checks failed \(dkim=fail spf=fail dmarc=fail\)/);
});
