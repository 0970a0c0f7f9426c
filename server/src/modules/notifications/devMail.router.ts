import { Router } from 'express';
import { CaughtMail } from '../../platform/mail/catcher';
import { services } from '../../platform/context';
import { errors } from '../../platform/errors';

/**
 * The mail catcher's inbox, so a newcomer can read what the product sent. Only exists when the
 * in-process catcher is used (no SMTP_URL) and never in production.
 */
export function devMailRouter(): Router {
  const router = Router();
  router.use((_req, _res, next) => {
    const { env } = services();
    if (env.SMTP_URL || env.NODE_ENV === 'production') return next(errors.notFound('Endpoint'));
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
