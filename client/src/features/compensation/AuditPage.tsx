import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, DatePicker, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { remedyTypes, type RemedyAuditPage, type RemedyAuditView } from '@redress/shared';
import { ApiError } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { compensationApi, formatAmount, type AuditFilterValues } from './api';
import './i18n';

const PAGE_SIZE = 20;

/**
 * The remedy audit trail: every step of every remedy, newest first, filtered by complaint, staff
 * member, remedy type and period, paged; the CSV link carries the same filters.
 */
export function AuditPage() {
  const { t, i18n } = useTranslation();
  const [complaint, setComplaint] = useState('');
  const [filters, setFilters] = useState<AuditFilterValues>({});
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const [page, setPage] = useState(1);
  const [data, setData] = useState<RemedyAuditPage | null>(null);
  const [actors, setActors] = useState<{ id: string; name: string }[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    setLoading(true);
    try {
      setData(await compensationApi.audit(filters, page, PAGE_SIZE));
      setError(null);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : t('common.unexpected'));
    } finally {
      setLoading(false);
    }
  }, [filters, page, t]);
  useEffect(() => void load(), [load]);
  useEffect(() => {
    compensationApi
      .auditActors()
      .then((r) => setActors(r.items))
      .catch(() => setActors([]));
  }, []);

  const change = (next: AuditFilterValues) => {
    setFilters(next);
    setPage(1);
  };

  return (
    <div data-testid="audit-page" style={{ display: 'flex', flexDirection: 'column', gap: 8 }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('compensation.audit.title')}
      </Typography.Title>
      <Typography.Text type="secondary">{t('compensation.audit.subtitle')}</Typography.Text>
      {error && <Alert type="error" showIcon message={error} />}
      <Space wrap>
        <Input.Search
          allowClear
          style={{ width: 220 }}
          placeholder={t('compensation.audit.complaint')}
          aria-label={t('compensation.audit.complaint')}
          value={complaint}
          onChange={(e) => setComplaint(e.target.value)}
          onSearch={(v) => change({ ...filters, complaint: v.trim() || undefined })}
          data-testid="audit-complaint"
        />
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          style={{ width: 200 }}
          placeholder={t('compensation.audit.agent')}
          aria-label={t('compensation.audit.agent')}
          value={filters.agent}
          onChange={(agent?: string) => change({ ...filters, agent })}
          options={actors.map((a) => ({ value: a.id, label: a.name }))}
          data-testid="audit-agent"
        />
        <Select
          allowClear
          style={{ width: 170 }}
          placeholder={t('compensation.audit.type')}
          aria-label={t('compensation.audit.type')}
          value={filters.type}
          onChange={(type?: string) => change({ ...filters, type })}
          options={remedyTypes.map((x) => ({ value: x, label: t(`compensation.types.${x}`) }))}
          data-testid="audit-type"
        />
        <DatePicker.RangePicker
          value={range}
          allowEmpty={[true, true]}
          aria-label={t('compensation.audit.period')}
          onChange={(v) => {
            setRange(v);
            change({ ...filters, from: v?.[0]?.format('YYYY-MM-DD'), to: v?.[1]?.format('YYYY-MM-DD') });
          }}
          data-testid="audit-period"
        />
        <Button
          onClick={() => {
            setComplaint('');
            setRange(null);
            change({});
          }}
        >
          {t('compensation.audit.clear')}
        </Button>
        <Button icon={<DownloadOutlined />} href={compensationApi.auditCsvUrl(filters)} data-testid="audit-csv">
          {t('compensation.audit.csv')}
        </Button>
      </Space>
      <Table<RemedyAuditView>
        size="small"
        rowKey="id"
        loading={loading}
        dataSource={data?.items ?? []}
        scroll={{ x: 900 }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: data?.total ?? 0,
          onChange: setPage,
          showSizeChanger: false,
          showTotal: (n) => t('compensation.audit.total', { count: n }),
        }}
        columns={[
          { title: t('compensation.audit.at'), dataIndex: 'at', width: 140, render: (v: string) => formatDateTime(v) },
          { title: t('compensation.audit.complaint'), dataIndex: 'reference', width: 150 },
          {
            title: t('compensation.audit.action'),
            dataIndex: 'action',
            width: 150,
            render: (v: string) => <Tag>{t(`compensation.audit.actions.${v}`, { defaultValue: v })}</Tag>,
          },
          { title: t('compensation.audit.actor'), key: 'actor', width: 140, render: (_, r) => r.actor.name },
          { title: t('compensation.audit.type'), dataIndex: 'type', width: 110, render: (v: string) => t(`compensation.types.${v}`) },
          { title: t('compensation.audit.amount'), key: 'amount', align: 'right', width: 110, render: (_, r) => formatAmount(r, i18n.language) || '–' },
          { title: t('compensation.audit.rule'), key: 'rule', width: 150, render: (_, r) => `${r.ruleKey} v${r.ruleVersion}` },
          { title: t('compensation.audit.detail'), dataIndex: 'detail', ellipsis: true },
        ]}
      />
    </div>
  );
}
