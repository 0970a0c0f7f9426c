import { moneyRemedyTypes, serverText, type ApprovalReason, type RemedyType } from '@redress/shared';
import { services } from '../../../platform/context';
import { atomically } from '../atomically';
import { errors } from '../../../platform/errors';
import { complaintSupervisorRooms } from '../../auth/auth.policy';
import type { UserDoc } from '../../auth/user.model';
import { Complaint } from '../../complaints/complaint.model';
import { releaseAgentDay, releaseBudgets, reserveBudgets, takeAgentDay } from '../budgetLedger';
import { Remedy, type RemedyFields } from '../compensation.models';
import { describeRemedy, journal } from '../remedyJournal';

type StoredRemedy = RemedyFields & { _id: unknown };

export interface RemedyRequesterProps {
  remedy: StoredRemedy;
  user: UserDoc;
  amount?: number;
  note?: string;
}

export interface RemedyRequesterResult {
  remedy: StoredRemedy;
  autoApproved: boolean;
}

const round = (n: number): number => Math.round(n * 100) / 100;

/** Whether a remedy costs money (limits and budgets apply) — points and apologies do not. */
export function costsMoney(type: string): boolean {
  return moneyRemedyTypes.includes(type as RemedyType);
}

/** A refund can never exceed what was paid; the rules cap it, and so must a changed amount. */
export async function checkAmount(remedy: Pick<RemedyFields, 'type' | 'complaintId'>, amount: number): Promise<void> {
  if (remedy.type === 'apology' && amount !== 0) throw errors.validation([{ path: 'amount', message: 'An apology carries no amount' }]);
  if (remedy.type !== 'refund') return;
  const c = await Complaint.findById(remedy.complaintId, { amount: 1 }).lean();
  if (typeof c?.amount === 'number' && amount > c.amount) {
    throw errors.validation([
      {
        path: 'amount',
        message: `A refund cannot exceed the order amount ${c.amount}`,
      },
    ]);
  }
}

/**
 * An agent takes up a suggested remedy. Within the agent's per-remedy limit, their per-day total and
 * the team and category budgets, it is approved at once (each taken by a conditional update, given
 * back if a later step fails); otherwise it waits for a supervisor, who is told in real time.
 * A double click finds the remedy no longer 'suggested': 409, and nothing is taken twice.
 */
export async function remedyRequester(p: RemedyRequesterProps): Promise<RemedyRequesterResult> {
  const { remedy, user } = p;
  if (remedy.status !== 'suggested') throw errors.invalidState(`This remedy is already ${remedy.status.replace('_', ' ')}`);
  const amount = round(p.amount ?? remedy.amount);
  await checkAmount(remedy, amount);
  const now = services().clock.now();
  const actor = { id: user.id, name: user.name };
  const base = {
    amount,
    requestedBy: actor,
    requestedAt: now,
    requestNote: p.note ?? null,
    updatedAt: now,
  };

  let waitReason: ApprovalReason | null = null;
  let agentDayTaken = false;
  let takes: Awaited<ReturnType<typeof reserveBudgets>> = {
    ok: true,
    takes: [],
  };
  if (costsMoney(remedy.type) && amount > 0) {
    if (amount > user.remedyLimits.perRemedy) waitReason = 'per_remedy_limit';
    else if (
      !(await takeAgentDay({
        userId: user.id,
        at: now,
        amount,
        perDay: user.remedyLimits.perDay,
      }))
    )
      waitReason = 'per_day_limit';
    else {
      agentDayTaken = true;
      takes = await reserveBudgets({
        at: now,
        teamId: remedy.teamId,
        category: remedy.category,
        currency: remedy.currency ?? null,
        amount,
      });
      if (!takes.ok) {
        waitReason = 'budget';
        await releaseAgentDay({ userId: user.id, at: now, amount });
        agentDayTaken = false;
      }
    }
  }

  const rollBack = async (): Promise<void> => {
    if (takes.ok) await releaseBudgets(takes.takes);
    if (agentDayTaken) await releaseAgentDay({ userId: user.id, at: now, amount });
  };

  const update = waitReason
    ? { ...base, status: 'pending_approval', approvalReason: waitReason }
    : {
        ...base,
        status: 'approved',
        decidedBy: actor,
        decidedAt: now,
        decisionReason: 'within the agent’s limits and budget',
        reservation: {
          takes: takes.ok ? takes.takes : [],
          agentDay: agentDayTaken ? { userId: user.id, amount } : null,
        },
      };
  const next = await atomically(`remedy:${String(remedy._id)}`, () =>
    Remedy.findOneAndUpdate({ _id: remedy._id, status: 'suggested' }, { $set: update }, { new: true }).lean(),
  );
  if (!next) {
    await rollBack();
    throw errors.invalidState('This remedy was requested by someone else just now');
  }

  const id = String(next._id);
  await journal({
    remedy: next,
    action: 'requested',
    actor: { kind: 'staff', ...actor },
    detail: `${user.name} requested ${describeRemedy(next)}${p.note ? `: ${p.note}` : ''}`,
    dedupeKey: `${id}:requested`,
    at: now,
  });
  if (waitReason) {
    const why = {
      per_remedy_limit: 'above the agent’s per-remedy limit',
      per_day_limit: 'above the agent’s limit for today',
      budget: 'the budget has no room',
    }[waitReason];
    await journal({
      remedy: next,
      action: 'pending_approval',
      actor: { kind: 'system', id: null, name: 'Redress' },
      detail: `Needs a supervisor: ${why}`,
      dedupeKey: `${id}:pending`,
      at: now,
    });
    services()
      .realtime.toRooms(complaintSupervisorRooms({ teamId: next.teamId }))
      .emit('notification', {
        kind: 'remedy_approval',
        text: `${next.reference}: ${describeRemedy(next)} needs approval (${why})`,
        message: serverText('notify.remedyApproval', {
          reference: next.reference,
          type: next.type,
          amount: next.amount,
          currency: next.currency ?? null,
          why: waitReason,
        }),
        complaintId: String(next.complaintId),
        reference: next.reference,
        at: now.toISOString(),
      });
  } else {
    await journal({
      remedy: next,
      action: 'auto_approved',
      actor: { kind: 'staff', ...actor },
      detail: `Approved within ${user.name}’s limits`,
      dedupeKey: `${id}:approved`,
      at: now,
    });
  }
  return { remedy: next, autoApproved: waitReason === null };
}
