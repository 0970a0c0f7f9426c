import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Space, Statistic, Table, Tag, Typography, message } from 'antd';
import { useTranslation } from 'react-i18next';
import type { FeedDeadLetterView, FeedStatusView, FeedSubscriberView } from '@redress/shared';
import { adminApi } from './api';
import './i18n';

const REFRESH_MS = 5_000;

function duration(ms: number | null): string {
  if (ms === null) return '—';
  if (ms < 1_000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.round(ms / 60_000)} min`;
}

/** The change feed's health: what waits, how each subscriber keeps up, and the dead letters to replay. */
export function FeedTab() {
  const { t } = useTranslation();
  const [status, setStatus] = useState<FeedStatusView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [replaying, setReplaying] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setStatus(await adminApi.feed());
      setError(null);
    } catch (err) {
      setError((err as Error).message);
    }
  }, []);

  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [load]);

  const replay = async (d: FeedDeadLetterView) => {
    setReplaying(`${d.complaintId}:${d.subscriber}`);
    try {
      await adminApi.replayFeed(d.complaintId, d.subscriber);
      void message.success(t('admin.feed.replayed'));
      await load();
    } catch (err) {
      void message.error((err as Error).message);
    } finally {
      setReplaying(null);
    }
  };

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="feed-tab">
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('admin.feed.intro')}
      </Typography.Paragraph>
      {error && <Alert type="error" showIcon message={error} />}
      <Space size={48}>
        <Statistic title={t('admin.feed.pending')} value={status?.pending ?? 0} loading={!status} />
        <Statistic title={t('admin.feed.oldest')} value={duration(status?.oldestPendingAgeMs ?? null)} loading={!status} />
      </Space>
      <Table<FeedSubscriberView>
        rowKey="name"
        size="small"
        pagination={false}
        loading={!status}
        dataSource={status?.subscribers ?? []}
        data-testid="feed-subscribers"
        columns={[
          { title: t('admin.feed.subscriber'), dataIndex: 'name', render: (n: string) => <Typography.Text code>{n}</Typography.Text> },
          { title: t('admin.feed.processed'), dataIndex: 'processed', align: 'right' },
          { title: t('admin.feed.failures'), dataIndex: 'failures', align: 'right', render: (n: number) => (n ? <Tag color="orange">{n}</Tag> : 0) },
          { title: t('admin.feed.lagP95'), dataIndex: 'lagP95Ms', align: 'right', render: (ms: number | null) => duration(ms) },
          { title: t('admin.feed.deadLetters'), dataIndex: 'deadLetters', align: 'right', render: (n: number) => (n ? <Tag color="red">{n}</Tag> : 0) },
        ]}
      />
      <Typography.Title level={5} style={{ margin: 0 }}>
        {t('admin.feed.deadTitle')}
      </Typography.Title>
      <Table<FeedDeadLetterView>
        rowKey={(d) => `${d.complaintId}:${d.subscriber}`}
        size="small"
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        loading={!status}
        dataSource={status?.deadLetters ?? []}
        locale={{ emptyText: t('admin.feed.deadEmpty') }}
        data-testid="feed-dead-letters"
        columns={[
          {
            title: t('admin.feed.complaint'),
            dataIndex: 'reference',
            render: (ref: string | null, d) => <a href={`/console?c=${d.complaintId}`}>{ref ?? d.complaintId}</a>,
          },
          { title: t('admin.feed.subscriber'), dataIndex: 'subscriber', render: (n: string) => <Typography.Text code>{n}</Typography.Text> },
          { title: t('admin.feed.attempts'), dataIndex: 'attempts', align: 'right' },
          { title: t('admin.feed.error'), dataIndex: 'error', ellipsis: true },
          {
            title: t('admin.feed.since'),
            dataIndex: 'deadAt',
            render: (at: string | null) => (at ? new Date(at).toISOString().slice(0, 16).replace('T', ' ') : t('admin.feed.none')),
          },
          {
            title: '',
            key: 'replay',
            render: (_: unknown, d) => (
              <Button size="small" loading={replaying === `${d.complaintId}:${d.subscriber}`} onClick={() => void replay(d)} data-testid="feed-replay">
                {t('admin.feed.replay')}
              </Button>
            ),
          },
        ]}
      />
    </Space>
  );
}
