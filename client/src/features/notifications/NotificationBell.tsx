import { useEffect, useRef } from 'react';
import { App, Badge, Button, Dropdown, Empty, Typography } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { useServerText } from '../../lib/serverText';
import { useStore } from '../../store';

/** Shows each pushed notification as a toast and keeps the recent ones behind a bell. */
export function NotificationBell() {
  const { t } = useTranslation();
  const serverText = useServerText();
  const { notification } = App.useApp();
  const items = useStore((s) => s.notifications.items);
  const unread = useStore((s) => s.notifications.unread);
  const markRead = useStore((s) => s.markNotificationsRead);
  const selectComplaint = useStore((s) => s.selectComplaint);
  const navigate = useNavigate();
  const shown = useRef<string | null>(null);

  const latest = items[0];
  useEffect(() => {
    if (!latest || shown.current === latest.key) return;
    shown.current = latest.key;
    notification.info({
      key: latest.key,
      message: latest.reference ?? t('notifications.title'),
      description: serverText.text(latest.message, latest.text),
      placement: 'bottomRight',
      props: { 'data-testid': 'notification-toast' } as Record<string, string>,
    });
  }, [latest, notification, t, serverText]);

  const open = (complaintId?: string) => {
    if (!complaintId) return;
    selectComplaint(complaintId);
    navigate(`/console?c=${encodeURIComponent(complaintId)}`);
  };

  return (
    <Dropdown
      trigger={['click']}
      onOpenChange={(o) => o && markRead()}
      popupRender={() => (
        <div style={{ background: '#fff', borderRadius: 8, boxShadow: '0 6px 16px rgba(0,0,0,.12)', width: 340, maxHeight: 420, overflow: 'auto', padding: 8 }}>
          {items.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notifications.empty')} />
          ) : (
            items.map((n) => (
              <div
                key={n.key}
                onClick={() => open(n.complaintId)}
                style={{ padding: '8px 10px', cursor: n.complaintId ? 'pointer' : 'default', borderBottom: '1px solid #f0f0f0' }}
              >
                <Typography.Text strong>{n.reference ?? t(`notifications.kinds.${n.kind}`, { defaultValue: n.kind })}</Typography.Text>
                <Typography.Text type="secondary" style={{ float: 'right', fontSize: 12 }}>
                  {dayjs(n.at).fromNow()}
                </Typography.Text>
                <div className="rd-text">{serverText.text(n.message, n.text)}</div>
              </div>
            ))
          )}
        </div>
      )}
    >
      <Badge count={unread} size="small" data-testid="notification-count">
        <Button type="text" shape="circle" icon={<BellOutlined />} aria-label={t('notifications.title')} data-testid="notification-bell" />
      </Badge>
    </Dropdown>
  );
}
