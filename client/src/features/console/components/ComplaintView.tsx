import { useEffect } from 'react';
import { Alert, Card, Col, Descriptions, Row, Skeleton, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { currentDueAt, formatDueTime, type ComplaintDetailView, type ComplaintStatus } from '@redress/shared';
import { unwatchComplaint, watchComplaint } from '../../../store/realtime';
import { RemediesPanel } from '../../compensation/RemediesPanel';
import { useCategories } from '../../portal/useCategories';
import { SlaPanel } from '../../sla/SlaPanel';
import { AssignmentActions } from '../../routing/AssignmentActions';
import { useStore } from '../../../store';
import { useComplaint } from '../useComplaint';
import { ComplaintDescription } from './ComplaintDescription';
import { Composer } from './Composer';
import { CustomerPanel } from './CustomerPanel';
import { StaffTimeline } from './StaffTimeline';
import { StatusActions } from './StatusActions';
import { PriorityTag, StatusTag } from './tags';
import { ViewersBanner } from './ViewersBanner';
import { useServerText } from '../../../lib/serverText';

/** An amount in its currency, in the UI's number style (plain number when the currency is unknown). */
function formatMoney(amount: number, currency: string | null, lang: string): string {
  const locale = lang === 'zh' ? 'zh-CN' : 'en';
  try {
    if (currency) return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(amount);
  } catch {
    // An unusual code Intl does not know: fall through to number + code.
  }
  return `${new Intl.NumberFormat(locale, { minimumFractionDigits: 2 }).format(amount)} ${currency ?? ''}`.trim();
}

/**
 * The due time a reply promises the customer ("I will come back to you by ... with a solution"), in
 * their language and zone. A public reply meets the first-response clock, so what it promises is
 * the resolution clock's due time (currentDueAt's once the first response is met); none while that
 * clock is paused, and then the agent writes the date.
 */
function promisedDue(c: ComplaintDetailView): string | null {
  const due = c.sla?.firstResponse.metAt ? currentDueAt(c.sla) : (c.sla?.resolution.dueAt ?? null);
  return due ? formatDueTime(due, c.language, c.timeZone) : null;
}

/** Right pane: one complaint with its customer, history, composer and (slots) SLA and remedies. */
export function ComplaintView({ complaintId }: { complaintId: string }) {
  const { t, i18n } = useTranslation();
  const { label } = useCategories();
  const serverText = useServerText();
  const { complaint, timeline, loading, error, reload } = useComplaint(complaintId);
  const agentName = useStore((s) => s.auth.me?.user.name ?? '');

  // Presence: announce while the complaint is open; leave when switching or navigating away.
  useEffect(() => {
    watchComplaint(complaintId, 'viewing');
    return () => unwatchComplaint(complaintId);
  }, [complaintId]);

  if (error) return <Alert type="error" showIcon message={error.status === 404 ? t('console.view.notFound') : error.message} data-testid="complaint-error" />;
  if (loading || !complaint)
    return (
      <Card>
        <Skeleton active paragraph={{ rows: 8 }} />
      </Card>
    );

  const c = complaint;
  const dash = '—';
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }} data-testid="complaint-view" data-reference={c.reference}>
      <ViewersBanner complaintId={c.id} />
      <Row gutter={[12, 12]}>
        <Col xs={24} xl={16}>
          <Space direction="vertical" size={12} style={{ width: '100%' }}>
            <Card size="small">
              <Space style={{ width: '100%', justifyContent: 'space-between' }} align="start" wrap>
                <div>
                  <Typography.Text type="secondary" data-testid="view-reference">
                    {c.reference}
                  </Typography.Text>
                  <Typography.Title level={4} style={{ margin: '2px 0 6px' }} data-testid="view-subject">
                    {c.subject}
                  </Typography.Title>
                  <Space size={4} wrap>
                    <StatusTag status={c.status} />
                    <PriorityTag priority={c.priority} />
                    <Tag>{label(c.category)}</Tag>
                    <Tag bordered={false}>{t(`console.rootCause.${c.rootCause}`, { defaultValue: c.rootCause })}</Tag>
                    <Tag bordered={false}>{t(`console.kind.${c.kind}`, { defaultValue: c.kind })}</Tag>
                  </Space>
                </div>
                <Space direction="vertical" align="end" size={6}>
                  <StatusActions complaintId={c.id} status={c.status as ComplaintStatus} allowed={c.abilities.update} onChanged={() => void reload()} />
                  <AssignmentActions complaint={c} onChanged={() => void reload()} />
                </Space>
              </Space>
              <Descriptions size="small" column={{ xs: 1, sm: 2, xxl: 3 }} style={{ marginTop: 12 }}>
                <Descriptions.Item label={t('console.view.assignee')}>{c.assigneeName ?? t('console.list.unassigned')}</Descriptions.Item>
                <Descriptions.Item label={t('console.view.channel')}>{t(`console.channels.${c.channel}`, { defaultValue: c.channel })}</Descriptions.Item>
                <Descriptions.Item label={t('console.view.created')}>{dayjs(c.createdAt).format('YYYY-MM-DD HH:mm')}</Descriptions.Item>
                <Descriptions.Item label={t('console.view.orderRef')}>{c.orderRef ?? dash}</Descriptions.Item>
                <Descriptions.Item label={t('console.view.amount')}>
                  {c.amount !== null ? formatMoney(c.amount, c.currency, i18n.language) : dash}
                </Descriptions.Item>
                <Descriptions.Item label={t('console.view.wants')}>
                  {c.desiredResolution ? t(`portal.resolutions.${c.desiredResolution}`) : dash}
                </Descriptions.Item>
                <Descriptions.Item label={t('console.view.severity')}>{t(`console.severity.${c.severity}`, { defaultValue: c.severity })}</Descriptions.Item>
                <Descriptions.Item label={t('console.view.language')}>{c.language === 'zh' ? '中文' : 'English'}</Descriptions.Item>
                <Descriptions.Item label={t('console.view.timeZone')}>
                  <span data-testid="view-time-zone">{c.timeZone}</span>
                </Descriptions.Item>
              </Descriptions>
              {c.assignment && (
                <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="assignment-reason">
                  {t('console.view.routedBecause')} {serverText.text(c.assignment.reasonText, c.assignment.reason)}
                </Typography.Text>
              )}
            </Card>
            <ComplaintDescription complaintId={c.id} description={c.description} customerName={c.customer.name} createdAt={c.createdAt} timeline={timeline} />
            <Card size="small" title={t('console.view.timeline')}>
              <StaffTimeline complaintId={c.id} items={timeline} />
            </Card>
            <Composer
              complaintId={c.id}
              disabled={!c.abilities.update || c.status === 'closed'}
              onSent={() => void reload()}
              language={c.language}
              placeholders={{
                'customer.name': c.customer.name,
                reference: c.reference,
                orderRef: c.orderRef,
                'agent.name': agentName,
                dueDate: promisedDue(c),
              }}
            />
          </Space>
        </Col>
        <Col xs={24} xl={8}>
          <Space direction="vertical" size={12} style={{ width: '100%' }}>
            <CustomerPanel complaint={c} />
            {/* SLOTS: replaced by the SLA and compensation features. */}
            <SlaPanel complaintId={c.id} />
            <RemediesPanel complaintId={c.id} />
          </Space>
        </Col>
      </Row>
    </Space>
  );
}
