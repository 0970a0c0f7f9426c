import { loginSchema } from '@redress/shared';
import type { ModuleApiDoc } from '../../platform/http/openapi';

const me = '`MeResponse`: the user, their abilities and the csrfToken to send as X-CSRF-Token';

/** Sign-in, sign-out and the current user. */
export const authApiDoc: ModuleApiDoc = {
  tag: { name: 'auth', description: 'Staff sessions' },
  paths: {
    '/api/auth/login': {
      post: {
        summary: 'Sign in',
        description:
          'Sets the session cookie. Only failed sign-ins count: 10 failures to one account in 15 minutes (from any address) lock it until the window ends (429 `account_locked` with Retry-After, also for unknown accounts; the holder of a real one gets one email per lockout); 40 from one address answer 429 `rate_limited`. A successful sign-in resets the account (LOGIN_FAILURES_PER_WINDOW). The client address is the connection unless TRUST_PROXY names the proxy in front.',
        access: 'public',
        rateLimited: true,
        body: loginSchema,
        responses: { 200: me },
        errors: [401],
      },
    },
    '/api/auth/logout': { post: { summary: 'Sign out', access: 'staff', responses: { 204: 'Signed out' } } },
    '/api/auth/me': { get: { summary: 'The signed-in user', access: 'staff', responses: { 200: me } } },
  },
};
