import { services } from '../../platform/context';
import { enqueueMail } from '../notifications/outbox';
import type { Lockout } from './loginThrottle';
import type { UserDoc } from './user.model';

/**
 * An account was just locked by failed sign-ins: a warning in the log (with the address of the
 * failure that locked it), and, when the account exists, one email to its holder per lockout (the
 * outbox's dedupe key is the lockout's window, so a retry or a second process sends no second).
 * Unknown accounts lock the same way, but nobody is mailed.
 */
export async function reportLockout(email: string, ip: string, user: UserDoc | null, lockout: Lockout): Promise<void> {
  const { logger, publicUrl } = services();
  logger.warn(
    {
      event: 'login_lockout',
      account: email.trim().toLowerCase(),
      userId: user ? String(user._id) : null,
      ip,
      failures: lockout.failures,
      until: lockout.until,
    },
    'account locked after too many failed sign-ins',
  );
  if (!user) return;
  const minutes = Math.max(1, Math.round((lockout.until.getTime() - lockout.windowStart.getTime()) / 60_000));
  await enqueueMail({
    dedupeKey: `login-lockout:${String(user._id)}:${lockout.windowStart.getTime()}`,
    to: user.email,
    subject: 'Your Redress account is temporarily locked',
    text:
      `Hello ${user.name},\n\n` +
      `There were ${lockout.failures} failed sign-ins to your Redress account (${user.email}) within ${minutes} minutes, ` +
      `so signing in to it is paused until ${lockout.until.toISOString()} (UTC), even with the right password.\n\n` +
      `If this was you, wait and try again, or ask an admin to reset your password. If it was not you, someone may be ` +
      `guessing your password: tell an admin. The last failed attempt came from ${ip || 'an unknown address'}.\n\n` +
      `${publicUrl}/login\n`,
  });
}
