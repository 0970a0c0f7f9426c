import { Empty, Space, Timeline, Typography } from 'antd';
import { CustomerServiceOutlined, UserOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { PortalTimelineEvent } from '@redress/shared';
import { AttachmentLink } from './AttachmentLink';

/** What a non-message event means for the customer, in plain words. */
function describe(e: PortalTimelineEvent, t: (k: string, o?: Record<string, unknown>) => string): string {
  switch (e.type) {
    case 'created':
      return t('portal.track.events.created');
    case 'status_changed':
      return t(`portal.track.events.status.${e.data?.to ?? 'other'}`, { defaultValue: t('portal.track.events.statusOther') });
    case 'csat':
      return t('portal.track.events.csat', { score: e.data?.score ?? '' });
    case 'attachment':
      return t('portal.track.events.attachment');
    default:
      return e.body || t(`portal.track.events.types.${e.type}`, { defaultValue: t('portal.track.events.update') });
  }
}

/** The public history of a complaint: messages as bubbles, other events as one-line notes. */
export function PublicTimeline({ reference, token, events }: { reference: string; token: string; events: PortalTimelineEvent[] }) {
  const { t } = useTranslation();
  if (events.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('portal.track.noEvents')} />;
  return (
    <Timeline
      data-testid="public-timeline"
      items={events.map((e) => {
        const isMessage = e.type === 'message';
        // A rating's comment is the customer's own text: shown under the one-line summary.
        const note = e.type === 'csat' && e.body ? e.body : null;
        const fromCustomer = e.actor.kind === 'customer';
        return {
          key: e.id,
          color: fromCustomer ? 'gray' : e.actor.kind === 'staff' ? 'blue' : 'green',
          dot: isMessage ? fromCustomer ? <UserOutlined /> : <CustomerServiceOutlined /> : undefined,
          children: (
            <div data-testid="public-event" data-type={e.type}>
              <Space size={8} wrap>
                <Typography.Text strong>{fromCustomer ? t('portal.track.you') : e.actor.name}</Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }} title={dayjs(e.at).format('YYYY-MM-DD HH:mm')}>
                  {dayjs(e.at).format('YYYY-MM-DD HH:mm')}
                </Typography.Text>
              </Space>
              {isMessage ? (
                <div className={`rd-bubble rd-text ${fromCustomer ? 'rd-bubble-customer' : ''}`} style={{ marginTop: 4 }}>
                  {e.body}
                </div>
              ) : (
                <div>
                  <Typography.Text type="secondary">{describe(e, t)}</Typography.Text>
                  {note && (
                    <div className="rd-bubble rd-text rd-bubble-customer" style={{ marginTop: 4 }}>
                      {note}
                    </div>
                  )}
                </div>
              )}
              {e.attachments.length > 0 && (
                <div style={{ marginTop: 4 }}>
                  {e.attachments.map((a) => (
                    <AttachmentLink key={a.id} reference={reference} token={token} file={a} />
                  ))}
                </div>
              )}
            </div>
          ),
        };
      })}
    />
  );
}
