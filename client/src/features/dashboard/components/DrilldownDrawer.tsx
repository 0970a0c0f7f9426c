import { useEffect, useState } from 'react';
import { Alert, Drawer, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import type { DrilldownItem, DrilldownResponse } from '@redress/shared';
import { formatDateTime } from '../../../lib/format';
import { csvLinks, dashboardApi, type DashboardFilters, type DrilldownTarget } from '../api';
import { useCategoryLabel } from '../useCategoryLabel';
import { CsvButton } from './CsvButton';

/** The complaints behind a figure, paged, with a CSV of the whole list. */
export function DrilldownDrawer({ target, filters, onClose }: { target: DrilldownTarget | null; filters: DashboardFilters; onClose(): void }) {
  const { t } = useTranslation();
  const categoryLabel = useCategoryLabel();
  const [page, setPage] = useState(1);
  const [data, setData] = useState<DrilldownResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  useEffect(() => setPage(1), [target]);
  useEffect(() => {
    if (!target) return;
    let live = true;
    setLoading(true);
    dashboardApi
      .drilldown(filters, target, page)
      .then((d) => live && (setData(d), setError(null)))
      .catch((e: Error) => live && setError(e.message))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [target, page, filters]);

  const date = (iso: string | null) => formatDateTime(iso);
  return (
    <Drawer
      open={!!target}
      onClose={onClose}
      width={Math.min(860, window.innerWidth - 40)}
      title={target?.title}
      extra={target ? <CsvButton href={csvLinks.drilldown(filters, target)} testId="csv-drilldown" /> : null}
      data-testid="drilldown-drawer"
    >
      {error && <Alert type="error" message={error} showIcon />}
      <Table<DrilldownItem>
        size="small"
        rowKey="id"
        loading={loading}
        dataSource={data?.items ?? []}
        pagination={{
          current: page,
          pageSize: data?.pageSize ?? 20,
          total: data?.total ?? 0,
          onChange: setPage,
          size: 'small',
          showTotal: (n) => t('dashboard.drilldown.total', { count: n }),
        }}
        columns={[
          {
            title: t('dashboard.drilldown.reference'),
            dataIndex: 'reference',
            render: (ref: string) => <strong>{ref}</strong>,
          },
          {
            title: t('dashboard.drilldown.status'),
            dataIndex: 'status',
            render: (s: string) => t(`console.status.${s}`, { defaultValue: s }),
          },
          {
            title: t('dashboard.drilldown.priority'),
            dataIndex: 'priority',
            render: (s: string) => t(`console.priority.${s}`, { defaultValue: s }),
          },
          {
            title: t('dashboard.drilldown.category'),
            dataIndex: 'category',
            render: categoryLabel,
          },
          {
            title: t('dashboard.drilldown.customer'),
            dataIndex: 'customerName',
          },
          {
            title: t('dashboard.drilldown.assignee'),
            dataIndex: 'assigneeName',
            render: (v: string | null) => v ?? '–',
          },
          {
            title: t('dashboard.drilldown.created'),
            dataIndex: 'createdAt',
            render: date,
          },
          {
            title: t('dashboard.drilldown.resolved'),
            dataIndex: 'resolvedAt',
            render: date,
          },
        ]}
      />
    </Drawer>
  );
}
