import { Router } from 'express';
import { ipKeyGenerator } from 'express-rate-limit';
import { loginSchema, type MeResponse } from '@redress/shared';
import { errors } from '../../platform/errors';
import { limiter } from '../../platform/http/rateLimit';
import { parse } from '../../platform/http/validate';
import { userPolicy } from './auth.policy';
import { presentUser } from './user.presenter';
import { beginSession, endSession, requireUser } from './session';
import { User, type UserDoc } from './user.model';
import { demoPasswords, verifyPassword } from './passwords';

/** Sign-in, sign-out and the current user. */
export function authRouter(opts: { loginAttemptsPerWindow: number; production: boolean }): Router {
  const router = Router();
  // Throttle guessing per address and per account.
  const perIp = limiter({ windowMs: 15 * 60_000, limit: opts.loginAttemptsPerWindow * 4 });
  const perAccount = limiter({
    windowMs: 15 * 60_000,
    limit: opts.loginAttemptsPerWindow,
    keyGenerator: (req) => `${ipKeyGenerator(req.ip ?? '')}|${String((req.body as { email?: unknown })?.email ?? '').toLowerCase()}`,
  });

  router.post('/login', perIp, perAccount, async (req, res) => {
    const input = parse(loginSchema, req.body);
    const user = await User.findOne({ email: input.email.toLowerCase(), active: true });
    // A production deployment never accepts the demo data's shared password, even if an account has it.
    const refused = opts.production && demoPasswords.has(input.password);
    const ok = user && !refused ? await verifyPassword(user.passwordHash, input.password) : false;
    if (!user || !ok) throw errors.unauthorized('Email or password is wrong');
    const csrfToken = await beginSession(req, user);
    req.user = user;
    res.json(me(user, csrfToken));
  });

  router.post('/logout', requireUser(), async (req, res) => {
    await endSession(req);
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
