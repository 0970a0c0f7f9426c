import { simpleParser, type AddressObject } from 'mailparser';
import mongoose, { Schema } from 'mongoose';
import { SMTPServer } from 'smtp-server';

/** A message the development mail catcher received over SMTP. */
const caughtMailSchema = new Schema(
  {
    messageId: String,
    inReplyTo: String,
    references: [String],
    from: String,
    to: [String],
    subject: String,
    text: String,
    html: String,
    receivedAt: { type: Date, default: () => new Date() },
  },
  { strict: true, versionKey: false },
);
caughtMailSchema.index({ receivedAt: -1 });
export const CaughtMail = mongoose.model('CaughtMail', caughtMailSchema, 'caught_mail');

function addresses(a: AddressObject | AddressObject[] | undefined): string[] {
  const list = Array.isArray(a) ? a : a ? [a] : [];
  return list.flatMap((x) => x.value.map((v) => v.address ?? '')).filter(Boolean);
}

export interface MailCatcher {
  port: number;
  url: string;
  close(): Promise<void>;
}

/**
 * An SMTP server on loopback that accepts every message and stores it, so that a newcomer can read
 * what the product sent on the /dev/mail page. Never used when SMTP_URL is set.
 */
export function startMailCatcher(port: number, onMail?: (m: { to: string[]; subject: string }) => void): Promise<MailCatcher> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    size: 10 * 1024 * 1024,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then(async (parsed) => {
          const refs = parsed.references;
          await CaughtMail.create({
            messageId: parsed.messageId,
            inReplyTo: parsed.inReplyTo,
            references: Array.isArray(refs) ? refs : refs ? [refs] : [],
            from: addresses(parsed.from)[0],
            to: addresses(parsed.to),
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            html: typeof parsed.html === 'string' ? parsed.html : '',
          });
          onMail?.({ to: addresses(parsed.to), subject: parsed.subject ?? '' });
          callback();
        })
        .catch((err: Error) => callback(err));
    },
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const addr = server.server.address();
      const actual = addr && typeof addr === 'object' ? addr.port : port;
      resolve({
        port: actual,
        url: `smtp://127.0.0.1:${actual}`,
        close: () => new Promise((r) => server.close(() => r())),
      });
    });
  });
}
