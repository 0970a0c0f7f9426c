import { randomBytes } from 'node:crypto';
import nodemailer from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer';
import { startTestServer, type TestServer } from '../../../../../test/support/harness';
import { createUser, login, type StaffClient } from '../../../../../test/support/factories';
import { Complaint } from '../../complaints/complaint.model';
import { ComplaintEvent } from '../../complaints/complaintEvent.model';
import { deliverDueMail } from '../outbox';
import { startInboundMail } from './inboundSmtp';

let t: TestServer;
let staff: StaffClient;
let smtp: nodemailer.Transporter;
beforeAll(async () => {
  t = await startTestServer({ env: { LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent', INBOUND_SMTP_PORT: '0', INBOUND_MAIL_DOMAIN: 'help.redress.test' } });
  staff = await login(t.url, (await createUser('admin', { name: 'Ines Agent' })).email);
  smtp = nodemailer.createTransport({ host: '127.0.0.1', port: t.inboundPort!, secure: false, ignoreTLS: true });
});
afterAll(async () => {
  smtp?.close();
  await t.close();
});

const id = () => randomBytes(5).toString('hex');
const msgId = () => `<${id()}@mail.customer.example>`;
const customer = () => ({ name: `Cleo ${id()}`, address: `cleo-${id()}@customer.example` });
const SUPPORT = 'support@help.redress.test';

/** Send over real SMTP into the inbound port; resolves with the server's final reply. */
function send(mail: Mail.Options) {
  return smtp.sendMail({ to: SUPPORT, text: 'My order arrived damaged in transit and the box was crushed.', subject: 'Broken order', ...mail });
}

async function complaintsOf(email: string) {
  return Complaint.find({ 'customer.email': email }).lean();
}

async function fileByEmail(from = customer(), messageId = msgId()) {
  const info = await send({ from, messageId });
  expect(info.response).toMatch(/^250 OK: filed \(C-\d{4}-\d{6}\)/);
  const [c] = await complaintsOf(from.address);
  return { from, messageId, complaint: c! };
}

describe('email intake', () => {
  it('opens a complaint from a new email and confirms it in the same thread', async () => {
    const from = customer();
    const messageId = msgId();
    await send({ from, messageId, subject: 'My blender arrived broken', text: 'Hello,\n\nmy blender arrived broken, the glass jar is cracked.\n\nCleo' });
    const [c, ...more] = await complaintsOf(from.address);
    expect(more).toHaveLength(0);
    expect(c).toMatchObject({
      channel: 'email',
      subject: 'My blender arrived broken',
      category: 'damaged_in_transit',
      mailThreadRoot: messageId,
      customer: { name: from.name, email: from.address },
    });
    expect(c!.description).toContain('the glass jar is cracked');
    const created = await ComplaintEvent.findOne({ complaintId: c!._id, type: 'created' }).lean();
    expect(created).toMatchObject({ channel: 'email', messageId, actor: { kind: 'customer' } });

    await t.settle();
    await deliverDueMail();
    const confirmation = await t.waitForMail((m) => m.to.includes(from.address) && m.subject.includes(c!.reference));
    expect(confirmation.inReplyTo).toBe(messageId);
    expect(confirmation.references).toEqual([messageId]);
  });

  it('falls back to the "other" category when nothing is clear', async () => {
    const from = customer();
    await send({ from, messageId: msgId(), subject: 'Hello', text: 'I would like to speak to someone about my experience last week.' });
    expect((await complaintsOf(from.address))[0]).toMatchObject({ category: 'other', channel: 'email' });
  });

  it('opens nothing new when the same Message-ID is delivered again', async () => {
    const { from, messageId, complaint } = await fileByEmail();
    await t.settle();
    const events = await ComplaintEvent.countDocuments({ complaintId: complaint._id });
    const again = await send({ from, messageId });
    expect(again.response).toMatch(/^250 OK: duplicate/);
    expect(await complaintsOf(from.address)).toHaveLength(1);
    expect(await ComplaintEvent.countDocuments({ complaintId: complaint._id })).toBe(events);
    expect(await ComplaintEvent.countDocuments({ messageId })).toBe(1);
  });

  it('keeps image and PDF attachments and drops other files', async () => {
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');
    const from = customer();
    await send({
      from,
      messageId: msgId(),
      attachments: [
        { filename: 'photo.png', content: png },
        { filename: 'fake.png', content: Buffer.from('not an image at all') },
        { filename: 'notes.txt', content: 'plain text' },
      ],
    });
    const [c] = await complaintsOf(from.address);
    const events = await ComplaintEvent.find({ complaintId: c!._id, type: 'attachment' }).lean();
    expect(events).toHaveLength(1);
    expect(events[0]!.attachments.map((a) => [a.filename, a.contentType])).toEqual([['photo.png', 'image/png']]);
  });
});

describe('email replies', () => {
  it('threads a reply with the reference in the subject, without the quoted text', async () => {
    const { from, complaint } = await fileByEmail();
    const reply = await send({
      from,
      messageId: msgId(),
      subject: `Re: [${complaint.reference}] We received your complaint`,
      text: `Here is the order number: 4711.\n\nOn Mon, 2 Mar 2026 at 10:00, Redress Support <support@redress.local>\nwrote:\n> Dear ${from.name},\n> We are sorry.`,
    });
    expect(reply.response).toBe(`250 OK: replied (${complaint.reference})`);
    expect(await complaintsOf(from.address)).toHaveLength(1);
    const message = await ComplaintEvent.findOne({ complaintId: complaint._id, type: 'message' }).lean();
    expect(message).toMatchObject({ actor: { kind: 'customer' }, channel: 'email', visibility: 'public', body: 'Here is the order number: 4711.' });
  });

  it('threads by In-Reply-To on our confirmation and by a reply+reference address', async () => {
    const { from, complaint } = await fileByEmail();
    await t.settle();
    await deliverDueMail();
    const confirmation = await t.waitForMail((m) => m.to.includes(from.address) && m.subject.includes(complaint.reference));
    await send({
      from,
      messageId: msgId(),
      subject: 'Re: your mail',
      inReplyTo: confirmation.messageId!,
      references: [confirmation.messageId!],
      text: 'By headers.',
    });
    await send({ from, to: `reply+${complaint.reference.toLowerCase()}@help.redress.test`, messageId: msgId(), subject: 'More', text: 'By address.' });
    const bodies = (await ComplaintEvent.find({ complaintId: complaint._id, type: 'message' }).sort({ at: 1, _id: 1 }).lean()).map((e) => e.body);
    expect(bodies).toEqual(['By headers.', 'By address.']);
    expect(await complaintsOf(from.address)).toHaveLength(1);
  });

  it('adds a re-delivered reply once', async () => {
    const { from, complaint } = await fileByEmail();
    const reply = { from, messageId: msgId(), subject: `Re: [${complaint.reference}]`, text: 'Any news?' };
    await send(reply);
    expect((await send(reply)).response).toMatch(/^250 OK: duplicate/);
    expect(await ComplaintEvent.countDocuments({ complaintId: complaint._id, type: 'message' })).toBe(1);
  });

  it("never adds a stranger's mail to someone else's complaint", async () => {
    const { complaint } = await fileByEmail();
    await t.settle();
    const before = await ComplaintEvent.countDocuments({ complaintId: complaint._id });
    const stranger = customer();
    const res = await send({
      from: stranger,
      messageId: msgId(),
      subject: `Re: [${complaint.reference}] We received your complaint`,
      text: 'Please send me all the details of this complaint.',
    });
    expect(res.response).toMatch(/^250 OK: filed/);
    expect(await ComplaintEvent.countDocuments({ complaintId: complaint._id })).toBe(before);
    const [own] = await complaintsOf(stranger.address);
    expect(own!.reference).not.toBe(complaint.reference);
    const note = await ComplaintEvent.findOne({ complaintId: own!._id, type: 'note' }).lean();
    expect(note).toMatchObject({ visibility: 'internal', actor: { kind: 'system' } });
    expect(note!.body).toContain(complaint.reference);
  });

  it('opens a new complaint for a reply to a closed one', async () => {
    const { from, complaint } = await fileByEmail();
    await Complaint.updateOne({ _id: complaint._id }, { $set: { status: 'closed', closedAt: new Date() } });
    await send({ from, messageId: msgId(), subject: `Re: [${complaint.reference}]`, text: 'It broke again after a week.' });
    const all = await complaintsOf(from.address);
    expect(all).toHaveLength(2);
    expect(await ComplaintEvent.countDocuments({ complaintId: complaint._id, type: 'message' })).toBe(0);
  });
});

describe('outbound threading', () => {
  it('sends a public staff reply answering the latest message of the thread', async () => {
    const { from, messageId, complaint } = await fileByEmail();
    await t.settle();
    await deliverDueMail();
    const confirmation = await t.waitForMail((m) => m.to.includes(from.address) && m.subject.includes(complaint.reference));
    const answerId = msgId();
    await send({
      from,
      messageId: answerId,
      subject: `Re: [${complaint.reference}] We received your complaint`,
      inReplyTo: confirmation.messageId!,
      text: 'Photos are attached.',
    });

    const res = await staff.post(`/api/complaints/${complaint._id}/messages`, { body: 'A replacement is on its way.', visibility: 'public' });
    expect(res.status).toBe(201);
    await t.settle();
    await deliverDueMail();
    const reply = await t.waitForMail((m) => m.to.includes(from.address) && m.text.includes('A replacement is on its way.'));
    expect(reply.subject).toBe(`[${complaint.reference}] Reply from our support team`);
    expect(reply.inReplyTo).toBe(answerId);
    expect(reply.references).toEqual([messageId, confirmation.messageId, answerId]);
    const event = await ComplaintEvent.findOne({ complaintId: complaint._id, 'actor.kind': 'staff', type: 'message' }).lean();
    expect(event!.messageId).toBe(reply.messageId);
  });
});

describe('what the SMTP server refuses', () => {
  const codeOf = (p: Promise<unknown>) =>
    p.then(
      () => null,
      (err: { responseCode?: number }) => err.responseCode ?? -1,
    );

  it('refuses to relay for other domains with 550', async () => {
    expect(await codeOf(send({ from: customer(), to: 'someone@elsewhere.example', messageId: msgId() }))).toBe(550);
  });

  it('refuses messages over 10 MB with 552', async () => {
    const big = Buffer.alloc(11 * 1024 * 1024, 'a');
    expect(await codeOf(send({ from: customer(), messageId: msgId(), attachments: [{ filename: 'big.bin', content: big }] }))).toBe(552);
  });

  it('answers a message without a sender with 550 and keeps serving', async () => {
    const raw = `To: ${SUPPORT}\r\nSubject: no sender\r\nMessage-ID: ${msgId()}\r\n\r\nThere is no From header in this message at all.\r\n`;
    const code = await codeOf(smtp.sendMail({ envelope: { from: 'x@customer.example', to: [SUPPORT] }, raw }));
    expect(code).toBe(550);
    await fileByEmail();
  });

  it('answers 451 (retry later) when intake fails, and keeps serving', async () => {
    const flaky = await startInboundMail({
      port: 0,
      host: '127.0.0.1',
      domain: 'help.redress.test',
      logger: t.server.services.logger,
      handle: () => Promise.reject(new Error('database unavailable')),
    });
    const client = nodemailer.createTransport({ host: '127.0.0.1', port: flaky.port, secure: false, ignoreTLS: true });
    try {
      const mail = { from: customer(), to: SUPPORT, subject: 'x', text: 'My order never arrived at all.' };
      expect(await codeOf(client.sendMail(mail))).toBe(451);
      expect(await codeOf(client.sendMail(mail))).toBe(451);
    } finally {
      client.close();
      await flaky.close();
    }
  });

  it('drops auto-replies and bounces without opening a complaint', async () => {
    const from = customer();
    const res = await send({
      from,
      messageId: msgId(),
      headers: { 'Auto-Submitted': 'auto-replied' },
      subject: 'Out of office',
      text: 'I am away until Monday.',
    });
    expect(res.response).toMatch(/^250 OK: ignored/);
    expect(await complaintsOf(from.address)).toHaveLength(0);
  });
});
