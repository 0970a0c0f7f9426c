import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

const tierColors: Record<string, string> = { MVC: 'gold', STC: 'purple', standard: 'default', BZ: 'red' };
const priorityColors: Record<string, string> = { urgent: 'red', high: 'orange', normal: 'default', low: 'default' };
const statusColors: Record<string, string> = {
  new: 'blue',
  assigned: 'geekblue',
  in_progress: 'processing',
  waiting_on_customer: 'warning',
  resolved: 'success',
  closed: 'default',
};

/** Customer tier (MVC / STC / standard / BZ). */
export function TierTag({ tier }: { tier: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={tierColors[tier] ?? 'default'} data-testid="tier-tag" title={t(`console.tiers.${tier}.hint`, { defaultValue: '' })}>
      {t(`console.tiers.${tier}.label`, { defaultValue: tier })}
    </Tag>
  );
}

export function PriorityTag({ priority }: { priority: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={priorityColors[priority] ?? 'default'} data-testid="priority-tag">
      {t(`console.priority.${priority}`, { defaultValue: priority })}
    </Tag>
  );
}

export function StatusTag({ status }: { status: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={statusColors[status] ?? 'default'} data-testid="status-tag" data-status={status}>
      {t(`console.status.${status}`, { defaultValue: status })}
    </Tag>
  );
}
