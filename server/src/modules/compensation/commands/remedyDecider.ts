import { services } from '../../../platform/context';
import { atomically } from '../atomically';
import { errors } from '../../../platform/errors';
import type { UserDoc } from '../../auth/user.model';
import { releaseBudgets, reserveBudgets, type ReserveResult } from '../budgetLedger';
import { Remedy, type RemedyFields } from '../compensation.models';
import { describeRemedy, journal } from '../remedyJournal';
import { checkAmount, costsMoney } from './remedyRequester';

type StoredRemedy = RemedyFields & { _id: unknown };

const round = (n: number): number => Math.round(n * 100) / 100;

/**
 * A supervisor approves a remedy waiting for approval, optionally changing the amount. The budget
 * is reserved first (conditional $inc: never overspent, 409 budget_exceeded when there is no room,
 * even for a supervisor); then the status moves pending_approval → approved conditionally, so of two
 * supervisors approving together one wins and the other gets 409, its reservation given back.
 */
export async function remedyApprover(p: { remedy: StoredRemedy; user: UserDoc; amount?: number; reason?: string }): Promise<StoredRemedy> {
  const { remedy, user } = p;
  if (remedy.status !== 'pending_approval') throw errors.invalidState(`This remedy is ${remedy.status.replace('_', ' ')}, not waiting for approval`);
  const amount = round(p.amount ?? remedy.amount);
  await checkAmount(remedy, amount);
  const now = services().clock.now();
  const reserved: ReserveResult = costsMoney(remedy.type)
    ? await reserveBudgets({
        at: now,
        teamId: remedy.teamId,
        category: remedy.category,
        currency: remedy.currency ?? null,
        amount,
      })
    : { ok: true, takes: [] };
  if (!reserved.ok) {
    throw errors.budgetExceeded(
      `The ${reserved.scope} budget "${reserved.scopeKey}" has ${reserved.remaining} ${reserved.currency} left this month, less than ${amount} ${reserved.currency}`,
    );
  }
  const actor = { id: user.id, name: user.name };
  const next = await atomically(`remedy:${String(remedy._id)}`, () =>
    Remedy.findOneAndUpdate(
      { _id: remedy._id, status: 'pending_approval' },
      {
        $set: {
          status: 'approved',
          amount,
          decidedBy: actor,
          decidedAt: now,
          decisionReason: p.reason ?? null,
          reservation: { takes: reserved.takes, agentDay: null },
          updatedAt: now,
        },
      },
      { new: true },
    ).lean(),
  );
  if (!next) {
    await releaseBudgets(reserved.takes);
    throw errors.invalidState('This remedy was decided by someone else just now');
  }
  const changed = amount !== remedy.amount ? ` (changed from ${remedy.amount})` : '';
  await journal({
    remedy: next,
    action: 'approved',
    actor: { kind: 'staff', ...actor },
    detail: `${user.name} approved ${describeRemedy(next)}${changed}${p.reason ? `: ${p.reason}` : ''}`,
    dedupeKey: `${String(next._id)}:approved`,
    at: now,
  });
  return next;
}

/** A supervisor declines a suggested or waiting remedy, with a reason. Nothing was reserved for it. */
export async function remedyDecliner(p: { remedy: StoredRemedy; user: UserDoc; reason: string }): Promise<StoredRemedy> {
  const { remedy, user } = p;
  const now = services().clock.now();
  const actor = { id: user.id, name: user.name };
  const next = await atomically(`remedy:${String(remedy._id)}`, () =>
    Remedy.findOneAndUpdate(
      { _id: remedy._id, status: { $in: ['suggested', 'pending_approval'] } },
      {
        $set: {
          status: 'declined',
          decidedBy: actor,
          decidedAt: now,
          decisionReason: p.reason,
          updatedAt: now,
        },
      },
      { new: true },
    ).lean(),
  );
  if (!next) throw errors.invalidState(`This remedy is already ${remedy.status.replace('_', ' ')}`);
  await journal({
    remedy: next,
    action: 'declined',
    actor: { kind: 'staff', ...actor },
    detail: `${user.name} declined ${describeRemedy(next)}: ${p.reason}`,
    dedupeKey: `${String(next._id)}:declined`,
    at: now,
  });
  return next;
}
