import { useCallback, useEffect, useState } from 'react';
import { Button, Card, Segmented, Space, Table, Tag, Typography, message } from 'antd';
import { useTranslation } from 'react-i18next';
import type { WebhookAttemptView, WebhookDeliveryStatus, WebhookDeliveryView, WebhookEndpointView } from '@redress/shared';
import { formatDateTime } from '../../lib/format';
import { webhooksApi } from './api';
import './i18n';

const statusColor: Record<WebhookDeliveryStatus, string> = { pending: 'gold', delivered: 'green', failed: 'red' };

function pretty(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

/** One endpoint's deliveries, newest first, with every attempt; filter by status, redeliver. */
export function DeliveryLog({ endpoint, version }: { endpoint: WebhookEndpointView; version: number }) {
  const { t } = useTranslation();
  const [filter, setFilter] = useState<WebhookDeliveryStatus | 'all'>('all');
  const [items, setItems] = useState<WebhookDeliveryView[] | null>(null);

  const load = useCallback(async () => {
    try {
      setItems((await webhooksApi.deliveries(endpoint.id, filter === 'all' ? undefined : filter)).items);
    } catch (err) {
      void message.error((err as Error).message);
    }
  }, [endpoint.id, filter]);

  useEffect(() => {
    void load();
  }, [load, version]);

  const redeliver = async (d: WebhookDeliveryView) => {
    try {
      await webhooksApi.redeliver(d.id);
      void message.success(t('integrations.log.redelivered'));
      await load();
    } catch (err) {
      void message.error((err as Error).message);
    }
  };

  return (
    <Card
      size="small"
      title={t('integrations.log.title', { url: endpoint.url })}
      data-testid="delivery-log"
      extra={
        <Space>
          <Segmented
            size="small"
            value={filter}
            onChange={(v) => setFilter(v as WebhookDeliveryStatus | 'all')}
            data-testid="delivery-filter"
            options={[
              { value: 'all', label: t('integrations.log.all') },
              { value: 'pending', label: t('integrations.status.pending') },
              { value: 'delivered', label: t('integrations.status.delivered') },
              { value: 'failed', label: t('integrations.status.failed') },
            ]}
          />
          <Button size="small" onClick={() => void load()} data-testid="delivery-refresh">
            {t('integrations.log.refresh')}
          </Button>
        </Space>
      }
    >
      <Table<WebhookDeliveryView>
        rowKey="id"
        size="small"
        loading={items === null}
        dataSource={items ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: t('integrations.log.empty') }}
        expandable={{
          expandedRowRender: (d) => (
            <Space direction="vertical" style={{ width: '100%' }} data-testid={`delivery-detail-${d.eventId}`}>
              <Typography.Text strong>{t('integrations.log.attemptsTitle')}</Typography.Text>
              <Table<WebhookAttemptView>
                rowKey="at"
                size="small"
                pagination={false}
                dataSource={d.log}
                columns={[
                  { title: t('integrations.log.at'), dataIndex: 'at', width: 180, render: (v: string) => formatDateTime(v) },
                  {
                    title: t('integrations.log.statusCode'),
                    dataIndex: 'statusCode',
                    width: 120,
                    render: (c: number | null) =>
                      c !== null ? <Tag color={c < 300 ? 'green' : 'red'}>{c}</Tag> : <Tag color="red">{t('integrations.log.noAnswer')}</Tag>,
                  },
                  {
                    title: t('integrations.log.latencyTitle'),
                    dataIndex: 'latencyMs',
                    width: 120,
                    align: 'right',
                    render: (ms: number) => t('integrations.log.latency', { ms }),
                  },
                  {
                    title: t('integrations.log.answer'),
                    key: 'answer',
                    render: (_: unknown, a) => (
                      <Typography.Text type={a.error ? 'danger' : 'secondary'} style={{ fontSize: 12 }}>
                        {a.error ?? (a.response || '—')}
                      </Typography.Text>
                    ),
                  },
                ]}
              />
              <Typography.Text strong>{t('integrations.log.body')}</Typography.Text>
              <pre style={{ maxHeight: 220, overflow: 'auto', fontSize: 12, background: '#fafafa', padding: 8, margin: 0 }}>{pretty(d.body)}</pre>
            </Space>
          ),
        }}
        columns={[
          { title: t('integrations.log.event'), dataIndex: 'type', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
          { title: t('integrations.log.complaint'), dataIndex: 'reference', render: (v: string | null) => v ?? '—' },
          { title: t('integrations.log.sequence'), dataIndex: 'sequence', align: 'right', render: (n: number, d) => (d.complaintId ? n : '—') },
          {
            title: t('integrations.log.status'),
            dataIndex: 'status',
            render: (s: WebhookDeliveryStatus, d) => (
              <Space direction="vertical" size={0}>
                <Tag color={statusColor[s]} data-testid={`delivery-status-${s}`}>
                  {t(`integrations.status.${s}`)}
                </Tag>
                {d.nextAttemptAt && d.attempts > 0 && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('integrations.log.next', { date: formatDateTime(d.nextAttemptAt) })}
                  </Typography.Text>
                )}
              </Space>
            ),
          },
          { title: t('integrations.log.attempts'), dataIndex: 'attempts', align: 'right' },
          { title: t('integrations.log.code'), dataIndex: 'lastStatusCode', align: 'right', render: (v: number | null) => v ?? '—' },
          { title: t('integrations.log.created'), dataIndex: 'createdAt', render: (v: string) => formatDateTime(v) },
          {
            title: '',
            key: 'actions',
            render: (_: unknown, d) =>
              d.status !== 'pending' && (
                <Button size="small" onClick={() => void redeliver(d)} data-testid={`redeliver-${d.eventId}`}>
                  {t('integrations.log.redeliver')}
                </Button>
              ),
          },
        ]}
      />
    </Card>
  );
}
