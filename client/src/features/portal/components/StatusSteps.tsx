import { Steps } from 'antd';
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

/** received → with an agent → waiting for you → resolved → closed. */
export function StatusSteps({ status }: { status: ComplaintStatus }) {
  const { t } = useTranslation();
  const current = stageOf(status);
  return (
    <Steps
      data-testid="status-steps"
      data-stage={stages[current]}
      size="small"
      current={current}
      status={current === 4 ? 'finish' : 'process'}
      responsive
      items={stages.map((s) => ({ title: t(`portal.track.stages.${s}`) }))}
    />
  );
}
