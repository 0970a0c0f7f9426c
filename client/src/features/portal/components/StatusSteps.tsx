import { useTranslation } from 'react-i18next';
import type { ComplaintStatus } from '@redress/shared';

const stages = ['received', 'withAgent', 'waitingForYou', 'resolved', 'closed'] as const;

/** Where a complaint is, in the customer's words. */
export function stageOf(status: ComplaintStatus): number {
  switch (status) {
    case 'new':
      return 0;
    case 'assigned':
    case 'in_progress':
      return 1;
    case 'waiting_on_customer':
      return 2;
    case 'resolved':
      return 3;
    case 'closed':
      return 4;
  }
}

/** received → with an agent → waiting for you → resolved → closed (plain HTML: a customer page). */
export function StatusSteps({ status }: { status: ComplaintStatus }) {
  const { t } = useTranslation();
  const current = stageOf(status);
  const finished = current === 4;
  return (
    <ol className="rd-steps" data-testid="status-steps" data-stage={stages[current]}>
      {stages.map((s, i) => {
        const state = i < current || (finished && i === current) ? 'done' : i === current ? 'current' : 'todo';
        return (
          <li key={s} className={`rd-step rd-step-${state}`} aria-current={i === current ? 'step' : undefined}>
            <span className="rd-step-icon" aria-hidden="true">
              {state === 'done' ? '✓' : i + 1}
            </span>
            <span className="rd-step-title">{t(`portal.track.stages.${s}`)}</span>
          </li>
        );
      })}
    </ol>
  );
}
