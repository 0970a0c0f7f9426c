import { Router, type Request } from 'express';
import { CaughtMail } from '../../platform/mail/catcher';
import { services } from '../../platform/context';
import { errors } from '../../platform/errors';

/** A connection from this machine that no proxy relayed (a proxy on loopback would pass anyone's request on). */
export function fromLoopback(req: Request): boolean {
  const addr = req.socket.remoteAddress ?? '';
  const loopback = addr === '::1' || /^(::ffff:)?127\./.test(addr);
  return loopback && !req.headers['x-forwarded-for'] && !req.headers.forwarded;
}

/**
 * The mail catcher's inbox, so a newcomer can read what the product sent. Only exists when the
 * in-process catcher is used (no SMTP_URL), never in production, and only for requests from the
 * machine itself: the mails carry every customer's tracking link.
 */
export function devMailRouter(): Router {
  const router = Router();
  router.use((req, _res, next) => {
    const { env } = services();
    if (env.SMTP_URL || env.NODE_ENV === 'production' || !fromLoopback(req)) return next(errors.notFound('Endpoint'));
    next();
  });
  router.get('/', async (req, res) => {
    const to = typeof req.query.to === 'string' ? req.query.to.toLowerCase() : undefined;
    const mails = await CaughtMail.find(to ? { to } : {})
      .sort({ receivedAt: -1 })
      .limit(100)
      .lean();
    res.json({
      items: mails.map((m) => ({
        id: String(m._id),
        messageId: m.messageId,
        inReplyTo: m.inReplyTo,
        references: m.references,
        from: m.from,
        to: m.to,
        subject: m.subject,
        text: m.text,
        receivedAt: m.receivedAt,
      })),
    });
  });
  return router;
}
