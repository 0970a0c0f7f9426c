import { useState } from 'react';
import { App, Button, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { canTransition, type ComplaintStatus } from '@redress/shared';
import { ApiError } from '../../../lib/api';
import { consoleApi } from '../api';

/** The moves an agent makes by hand, in the order they usually happen. */
const actions: { to: ComplaintStatus; key: string; primary?: boolean }[] = [
  { to: 'in_progress', key: 'start' },
  { to: 'waiting_on_customer', key: 'wait' },
  { to: 'resolved', key: 'resolve', primary: true },
  { to: 'closed', key: 'close' },
];

/** Status buttons allowed by the lifecycle from the current status. */
export function StatusActions({
  complaintId,
  status,
  allowed,
  onChanged,
}: {
  complaintId: string;
  status: ComplaintStatus;
  allowed: boolean;
  onChanged(): void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [busy, setBusy] = useState<ComplaintStatus | null>(null);
  const possible = actions.filter((a) => canTransition(status, a.to));

  async function move(to: ComplaintStatus) {
    setBusy(to);
    try {
      await consoleApi.setStatus(complaintId, to);
      message.success(t('console.actions.done', { status: t(`console.status.${to}`) }));
      onChanged();
    } catch (err) {
      message.error(err instanceof ApiError ? err.message : t('common.unexpected'));
    } finally {
      setBusy(null);
    }
  }

  if (possible.length === 0) return null;
  return (
    <Space wrap data-testid="status-actions">
      {possible.map((a) => (
        <Button
          key={a.to}
          size="small"
          type={a.primary ? 'primary' : 'default'}
          disabled={!allowed || busy !== null}
          loading={busy === a.to}
          onClick={() => void move(a.to)}
          data-testid={`status-${a.to}`}
        >
          {t(status === 'resolved' && a.to === 'in_progress' ? 'console.actions.reopen' : `console.actions.${a.key}`)}
        </Button>
      ))}
    </Space>
  );
}
