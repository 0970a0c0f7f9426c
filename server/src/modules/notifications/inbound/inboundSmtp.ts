import { SMTPServer, type SMTPServerAddress, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import type { Logger } from '../../../platform/logger';
import { InboundRejection, inboundMailHandler, type InboundOutcome } from './commands/inboundMailHandler';
import { parseInboundMail, type InboundMessage, type SmtpEnvelope } from './inboundMessage';
import { InboundThrottled, inboundThrottle, type InboundLimits } from './inboundThrottle';

/** Largest message accepted (after transfer encoding); bigger ones get 552. */
export const INBOUND_MAX_BYTES = 10 * 1024 * 1024;

export interface InboundMailOptions {
  port: number;
  host: string;
  /** Only recipients on this domain are accepted (550 otherwise): we are not a relay. */
  domain: string;
  logger: Logger;
  maxBytes?: number;
  /** What to do with a parsed message; defaults to complaint intake (tests may replace it). */
  handle?: (m: InboundMessage) => Promise<InboundOutcome>;
  /** Per sender and per connecting address (INBOUND_PER_SENDER_PER_HOUR, INBOUND_PER_IP_PER_HOUR); none: unlimited. */
  limits?: InboundLimits;
  /** Only Authentication-Results headers of this authserv-id are read (INBOUND_AUTHSERV_ID); else the topmost one. */
  authservId?: string;
}

export interface InboundMail {
  port: number;
  close(): Promise<void>;
}

/** An error the SMTP server turns into a reply with this code. */
function smtpError(code: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode: code });
}

function envelopeOf(session: SMTPServerSession): SmtpEnvelope {
  const from = session.envelope.mailFrom;
  return { mailFrom: from ? from.address : '', rcptTo: session.envelope.rcptTo.map((r) => r.address) };
}

function readAll(stream: SMTPServerDataStream, maxBytes: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      // Keep draining an oversized message (the client is still sending) but stop storing it.
      if (size <= maxBytes) chunks.push(chunk);
    });
    stream.once('error', reject);
    stream.once('end', () => resolve(stream.sizeExceeded || size > maxBytes ? null : Buffer.concat(chunks)));
  });
}

/**
 * The email channel: an SMTP listener that turns mail to *@INBOUND_MAIL_DOMAIN into complaints
 * and customer replies (see inboundMailHandler). Meant to sit behind the organisation's MTA, which
 * does TLS, spam filtering and SPF/DKIM checks, so it offers neither STARTTLS nor AUTH. Nothing a
 * client sends can take the process down: every failure is logged and answered with 451 (try
 * again later) or 5xx (do not retry).
 */
export function startInboundMail(o: InboundMailOptions): Promise<InboundMail> {
  const maxBytes = o.maxBytes ?? INBOUND_MAX_BYTES;
  const handle = o.handle ?? inboundMailHandler;
  const domain = o.domain.toLowerCase();
  const log = o.logger.child({ component: 'inbound-mail' });
  const throttle = o.limits ? inboundThrottle(o.limits) : null;
  /** A refusal for now (450, rate limit) or a temporary failure (451, most likely the database). */
  const temporary = (err: unknown, from: string): Error => {
    if (err instanceof InboundThrottled) {
      log.warn({ from, reason: err.message }, 'inbound mail refused: rate limit');
      return smtpError(err.smtpCode, err.message);
    }
    log.error({ err, from }, 'inbound mail failed');
    return smtpError(451, '4.3.0 Temporary failure, please try again later');
  };

  const server = new SMTPServer({
    name: domain,
    banner: 'Redress complaint intake',
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    size: maxBytes,
    rejectOversized: true,
    closeTimeout: 5_000,
    onMailFrom(address, session, callback) {
      if (!throttle) return callback();
      throttle
        .connection(session.remoteAddress)
        .then(() => callback())
        .catch((err: unknown) => callback(temporary(err, address.address)));
    },
    onRcptTo(address: SMTPServerAddress, _session, callback) {
      const host = address.address.toLowerCase().split('@')[1];
      if (host !== domain) return callback(smtpError(550, `5.7.1 Relaying denied: this server only accepts mail for ${domain}`));
      callback();
    },
    onData(stream, session, callback) {
      const envelope = envelopeOf(session);
      readAll(stream, maxBytes)
        .then(async (raw) => {
          if (!raw) return callback(smtpError(552, `5.3.4 Message exceeds the maximum size of ${maxBytes} bytes`));
          let message: InboundMessage;
          try {
            message = await parseInboundMail(raw, envelope, o.authservId);
          } catch (err) {
            log.warn({ err, from: envelope.mailFrom }, 'inbound mail could not be parsed');
            return callback(smtpError(550, '5.6.0 The message could not be parsed'));
          }
          await throttle?.sender(message.from?.address ?? envelope.mailFrom);
          const outcome = await handle(message);
          log.info({ from: message.from?.address, messageId: message.messageId, outcome }, `inbound mail: ${outcome.kind}`);
          const ref = 'reference' in outcome ? ` (${outcome.reference})` : '';
          callback(null, `OK: ${outcome.kind}${ref}`);
        })
        .catch((err: unknown) => {
          if (err instanceof InboundRejection) {
            log.info({ from: envelope.mailFrom, code: err.smtpCode, reason: err.message }, 'inbound mail rejected');
            return callback(smtpError(err.smtpCode, err.message));
          }
          // A rate limit, or most likely the database: the sending MTA keeps the message and retries.
          callback(temporary(err, envelope.mailFrom));
        });
    },
  });
  // Connection-level errors (resets, protocol garbage) are the client's problem, never a crash.
  server.on('error', (err) => log.warn({ err }, 'inbound SMTP connection error'));

  return new Promise((resolve, reject) => {
    const failed = (err: NodeJS.ErrnoException) =>
      reject(err.code === 'EADDRINUSE' ? new Error(`inbound SMTP port ${o.port} is already in use (set INBOUND_SMTP_PORT to another port, or to off)`) : err);
    server.server.once('error', failed);
    server.listen(o.port, o.host, () => {
      server.server.off('error', failed);
      const addr = server.server.address();
      resolve({
        port: addr && typeof addr === 'object' ? addr.port : o.port,
        close: () => new Promise((r) => server.close(() => r())),
      });
    });
  });
}
