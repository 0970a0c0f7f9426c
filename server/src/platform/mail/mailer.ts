import nodemailer, { type Transporter } from 'nodemailer';

/** What the outbox hands to SMTP; Message-ID is fixed before the first try so retries keep it. */
export interface OutgoingMail {
  to: string;
  from?: string;
  replyTo?: string;
  subject: string;
  text: string;
  html?: string;
  messageId: string;
  inReplyTo?: string;
  references?: string[];
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

/** Nodemailer over SMTP_URL (or the in-process catcher's URL). */
export function createSmtpMailer(smtpUrl: string, defaultFrom: string): Mailer {
  const transport: Transporter = nodemailer.createTransport(smtpUrl, { connectionTimeout: 5_000, greetingTimeout: 5_000, socketTimeout: 10_000 });
  return {
    async send(mail) {
      await transport.sendMail({
        from: mail.from ?? defaultFrom,
        to: mail.to,
        replyTo: mail.replyTo,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: mail.messageId,
        inReplyTo: mail.inReplyTo,
        references: mail.references,
      });
    },
    close: () => transport.close(),
  };
}
