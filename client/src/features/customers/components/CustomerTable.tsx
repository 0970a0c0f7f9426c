import { useEffect, useState, type HTMLAttributes } from 'react';
import { Alert, Card, Input, Select, Space, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { customerTiers, type CustomerListView, type CustomerSummaryView, type CustomerTier } from '@redress/shared';
import { ApiError } from '../../../lib/api';
import { TierTag } from '../../console/components/tags';
import { customersApi } from '../api';
import { formatValue, formatWhen } from '../format';
import '../i18n';

const PAGE_SIZE = 20;

/** Every customer, most valuable first; search by email or name, filter by tier, open one for details. */
export function CustomerTable({ reloadKey, onOpen }: { reloadKey: number; onOpen(id: string): void }) {
  const { t, i18n } = useTranslation();
  const [q, setQ] = useState('');
  const [tier, setTier] = useState<CustomerTier | undefined>();
  const [page, setPage] = useState(1);
  const [data, setData] = useState<CustomerListView | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    setLoading(true);
    customersApi
      .list({ q: q || undefined, tier, page, pageSize: PAGE_SIZE })
      .then(
        (d) => {
          if (!live) return;
          setData(d);
          setError(null);
        },
        (err: unknown) => live && setError(err instanceof ApiError ? err.message : t('common.unexpected')),
      )
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [q, tier, page, reloadKey, t]);

  const lang = i18n.language;
  return (
    <Card size="small" data-testid="customer-table">
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search
          allowClear
          placeholder={t('customers.table.search')}
          style={{ width: 280 }}
          data-testid="customer-search"
          onSearch={(v) => {
            setPage(1);
            setQ(v.trim());
          }}
        />
        <Select<CustomerTier | undefined>
          allowClear
          placeholder={t('customers.table.anyTier')}
          style={{ width: 160 }}
          value={tier}
          onChange={(v) => {
            setPage(1);
            setTier(v);
          }}
          options={customerTiers.map((x) => ({ value: x, label: t(`console.tiers.${x}.label`) }))}
        />
      </Space>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      <Table<CustomerSummaryView>
        size="small"
        rowKey="id"
        loading={loading}
        dataSource={data?.items ?? []}
        onRow={(c) => ({ onClick: () => onOpen(c.id), style: { cursor: 'pointer' }, 'data-testid': `customer-row-${c.email}` }) as HTMLAttributes<HTMLElement>}
        pagination={{ current: page, pageSize: PAGE_SIZE, total: data?.total ?? 0, showSizeChanger: false, onChange: setPage, size: 'small' }}
        columns={[
          { title: t('customers.table.email'), dataIndex: 'email' },
          { title: t('customers.table.name'), dataIndex: 'name' },
          { title: t('customers.table.tier'), dataIndex: 'tier', width: 100, render: (v: CustomerTier) => <TierTag tier={v} /> },
          { title: t('customers.table.ltv'), dataIndex: 'lifetimeValue', align: 'right', render: (v: number) => formatValue(v, lang) },
          { title: t('customers.table.stage'), dataIndex: 'lifecycleStage', render: (v: string) => t(`console.stages.${v}`, { defaultValue: v }) },
          { title: t('customers.table.complaints'), dataIndex: 'complaintCount', align: 'right', width: 110 },
          {
            title: t('customers.table.imported'),
            dataIndex: 'valueImportedAt',
            render: (v: string | null) => (v ? formatWhen(v, lang) : <Typography.Text type="secondary">{t('customers.table.notImported')}</Typography.Text>),
          },
        ]}
      />
    </Card>
  );
}
