import { Badge, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { useStore } from '../../store';

/** "Live" when the socket is up; otherwise the console may be behind until it reconnects. */
export function ConnectionBadge({ compact = false }: { compact?: boolean }) {
  const { t } = useTranslation();
  const status = useStore((s) => s.connection.status);
  const online = status === 'online';
  return (
    <Tooltip title={t(online ? 'shell.live.onlineHint' : 'shell.live.offlineHint')}>
      <span data-testid="connection-status" data-status={status}>
        <Badge
          status={online ? 'success' : status === 'connecting' ? 'processing' : 'warning'}
          text={compact ? undefined : t(`shell.live.${online ? 'online' : status === 'connecting' ? 'connecting' : 'offline'}`)}
        />
      </span>
    </Tooltip>
  );
}
