import { Empty, Space, Tag, Timeline, Typography } from 'antd';
import { LockOutlined, PaperClipOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { TimelineItem } from '../api';
import { useServerText } from '../../../lib/serverText';

const str = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');

/** A one-line description of a non-message event. */
function useDescribe() {
  const { t } = useTranslation();
  const serverText = useServerText();
  const priority = (p: unknown) => t(`console.priority.${str(p)}`, { defaultValue: str(p) });
  return (e: TimelineItem): string => {
    const d = e.data ?? {};
    switch (e.type) {
      // Server-made entries in the viewer's language, from their data (the stored body is English).
      case 'queued':
        return t('serverText.timeline.queued');
      case 'escalated': {
        if (d.reason === undefined) return e.body;
        // An SLA escalation's reason is made by the server: "<clock> at risk|breached (SLA policy <name>)".
        const sla = /^(First response|Resolution) (at risk|breached) \(SLA policy (.+)\)$/.exec(str(d.reason));
        const reason = sla
          ? t(`serverText.timeline.sla.${sla[2] === 'at risk' ? 'at_risk' : 'breached'}`, {
              clock: t(`sla.panel.${sla[1] === 'Resolution' ? 'resolution' : 'firstResponse'}`),
              policy: serverText.name('slaPolicy', sla[3]!),
            })
          : str(d.reason);
        return t('serverText.timeline.escalated', { by: e.actor.name, reason });
      }
      case 'priority_changed': {
        if (!d.from || !d.to) return e.body;
        const from = priority(d.from);
        const to = priority(d.to);
        if (d.source === 'routing' && d.score !== undefined) return t('serverText.timeline.priorityRouting', { from, to, score: str(d.score) });
        const sla = /^SLA policy (.+)$/.exec(str(d.reason));
        if (sla) return t('serverText.timeline.prioritySla', { from, to, policy: serverText.name('slaPolicy', sla[1]!) });
        return d.reason ? t('serverText.timeline.priorityOther', { from, to, reason: str(d.reason) }) : t('serverText.timeline.priority', { from, to });
      }
      case 'sla':
        if (d.state !== 'at_risk' && d.state !== 'breached') return e.body;
        return t(`serverText.timeline.sla.${d.state}`, {
          clock: t(`sla.panel.${str(d.clock)}`, { defaultValue: str(d.clock) }),
          policy: serverText.name('slaPolicy', str(d.policy)),
        });
      case 'remedy':
        if (!d.action || !d.remedyType) return e.body;
        return t('serverText.timeline.remedy', {
          action: t(`compensation.status.${str(d.action)}`, { defaultValue: str(d.action) }),
          remedy: `${t(`compensation.types.${str(d.remedyType)}`, { defaultValue: str(d.remedyType) })}${typeof d.amount === 'number' && d.amount > 0 ? ` ${str(d.amount)}${d.currency ? ` ${str(d.currency)}` : ''}` : ''}`,
          rule: str(d.ruleKey),
          version: str(d.ruleVersion),
        });
      case 'created':
        return t('console.timeline.created', { channel: t(`console.channels.${e.channel ?? 'web'}`, { defaultValue: e.channel ?? '' }) });
      case 'status_changed':
        return t('console.timeline.statusChanged', {
          from: t(`console.status.${str(d.from)}`, { defaultValue: str(d.from) }),
          to: t(`console.status.${str(d.to)}`, { defaultValue: str(d.to) }),
        });
      case 'assigned':
        return t('console.timeline.assigned', { name: str(d.assigneeName) || e.body || '—' });
      case 'unassigned':
        return t('console.timeline.unassigned');
      case 'email_sent':
        return t('console.timeline.emailSent', { subject: str(d.subject) || e.body });
      default:
        return e.body || t(`console.timeline.types.${e.type}`, { defaultValue: e.type });
    }
  };
}

/** The complaint's history for staff; internal notes are marked and tinted. */
export function StaffTimeline({ complaintId, items }: { complaintId: string; items: TimelineItem[] }) {
  const { t } = useTranslation();
  const describe = useDescribe();
  if (items.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('console.timeline.empty')} />;
  return (
    <Timeline
      data-testid="staff-timeline"
      items={items.map((e) => {
        const isText = e.type === 'message' || e.type === 'note';
        const internal = e.visibility === 'internal';
        return {
          key: e.id,
          color: internal ? 'orange' : e.actor.kind === 'customer' ? 'gray' : e.actor.kind === 'staff' ? 'blue' : 'green',
          children: (
            <div data-testid="timeline-item" data-type={e.type} data-visibility={e.visibility}>
              <Space size={8} wrap>
                <Typography.Text strong>{e.actor.name}</Typography.Text>
                {internal && (
                  <Tag icon={<LockOutlined />} color="gold" bordered={false}>
                    {t('console.timeline.internal')}
                  </Tag>
                )}
                <Typography.Text type="secondary" style={{ fontSize: 12 }} title={dayjs(e.at).format('YYYY-MM-DD HH:mm:ss')}>
                  {dayjs(e.at).format('MM-DD HH:mm')}
                </Typography.Text>
              </Space>
              {isText ? (
                <div
                  className={`rd-bubble rd-text ${internal ? 'rd-bubble-internal' : e.actor.kind === 'customer' ? 'rd-bubble-customer' : ''}`}
                  style={{ marginTop: 4 }}
                >
                  {e.body}
                </div>
              ) : (
                <div className="rd-text">
                  <Typography.Text type="secondary">{describe(e)}</Typography.Text>
                </div>
              )}
              {e.attachments.map((a) => (
                <a
                  key={a.id}
                  href={`/api/complaints/${encodeURIComponent(complaintId)}/attachments/${encodeURIComponent(a.id)}`}
                  target="_blank"
                  rel="noreferrer"
                  style={{ marginRight: 12, fontSize: 13 }}
                  data-testid="timeline-attachment"
                >
                  <PaperClipOutlined /> {a.filename}
                </a>
              ))}
            </div>
          ),
        };
      })}
    />
  );
}
