import { Router } from 'express';
import { loginSchema, type MeResponse } from '@redress/shared';
import { errors } from '../../platform/errors';
import { parse } from '../../platform/http/validate';
import { userPolicy } from './auth.policy';
import { presentUser } from './user.presenter';
import { beginSession, endSession, requireUser, SESSION_COOKIE } from './session';
import { sessionsEnded } from './commands/accessRefresher';
import { User, type UserDoc } from './user.model';
import { loginThrottle } from './loginThrottle';
import { reportLockout } from './lockoutNotice';
import { demoPasswords, dummyPasswordHash, verifyPassword } from './passwords';

/**
 * Sign-in, sign-out and the current user. `loginFailuresPerWindow` failed sign-ins to one account
 * (from any address) in 15 minutes lock it until the window ends (429 `account_locked`; the holder
 * gets one email per lockout and the log a warning); four times as many from one address answer 429
 * `rate_limited`. Successful sign-ins are not counted and reset the account's count. Unknown and
 * deactivated accounts run the same password check against a dummy hash, so timing tells nothing.
 */
export function authRouter(opts: { loginFailuresPerWindow: number; production: boolean }): Router {
  const router = Router();
  const throttle = loginThrottle({ perAccount: opts.loginFailuresPerWindow, perAddress: opts.loginFailuresPerWindow * 4, windowMs: 15 * 60_000 });
  // Made now, so the first unknown-account sign-in does not pay for it.
  void dummyPasswordHash();

  router.post('/login', async (req, res) => {
    const input = parse(loginSchema, req.body);
    const ip = req.ip ?? '';
    await throttle.check(input.email, ip);
    const user = await User.findOne({ email: input.email.toLowerCase(), active: true });
    const matches = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), input.password);
    // A production deployment never accepts the demo data's shared password, even if an account has it.
    const refused = opts.production && demoPasswords.has(input.password);
    if (!user || !matches || refused) {
      const lockout = await throttle.failed(input.email, ip);
      if (lockout) await reportLockout(input.email, ip, user, lockout);
      throw errors.unauthorized('Email or password is wrong');
    }
    await throttle.succeeded(input.email);
    const csrfToken = await beginSession(req, user);
    req.user = user;
    res.json(me(user, csrfToken));
  });

  router.post('/logout', requireUser(), async (req, res) => {
    const userId = req.user!.id;
    await endSession(req);
    // The browser forgets the cookie; the session's open sockets (in every process) are closed.
    res.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure: req.secure });
    await sessionsEnded(userId);
    res.status(204).end();
  });

  router.get('/me', requireUser(), (req, res) => {
    res.json(me(req.user!, req.session.csrfToken ?? ''));
  });

  return router;
}

function me(user: UserDoc, csrfToken: string): MeResponse {
  return {
    user: presentUser(user),
    csrfToken,
    abilities: { supervise: userPolicy.supervise(user), administer: userPolicy.manage(user) },
  };
}
