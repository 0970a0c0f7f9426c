import { z } from 'zod';
import type { ModuleApiDoc } from '../../platform/http/openapi';

/** The development mail catcher's inbox (404 in production or with SMTP_URL set). */
export const notificationsApiDoc: ModuleApiDoc = {
  tag: { name: 'notifications', description: 'Mail (development inbox)' },
  paths: {
    '/api/dev/mail': {
      get: {
        summary: 'Mail the development catcher received, newest first (dev only)',
        description: 'Exists only without SMTP_URL and outside production; 404 otherwise. Inbound mail (the email channel) is SMTP, not HTTP: see README.',
        access: 'public',
        query: z.object({ to: z.string().optional().describe('Only mail to this address') }),
        responses: { 200: '`{ items: CaughtMail[] }` (at most 100)' },
        errors: [404],
      },
    },
  },
};
