import { Card, Descriptions, Progress, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import type { OverviewResponse } from '@redress/shared';
import { csvLinks, type DashboardFilters } from '../api';
import { formatNumber } from '../format';
import { CsvButton } from './CsvButton';

/** What recovery costs (remedies, spend against budget, approvals waiting) and what it wins back. */
export function RecoveryCard({ o, filters }: { o: OverviewResponse; filters: DashboardFilters }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const r = o.recovery;
  const ret = o.retention;
  return (
    <Card
      size="small"
      title={t('dashboard.recovery.title')}
      extra={<CsvButton href={csvLinks.overview(filters, 'remedies')} testId="csv-remedies" />}
      data-testid="recovery-card"
    >
      <Descriptions size="small" column={2} colon={false} styles={{ label: { color: '#595959' } }}>
        <Descriptions.Item label={t('dashboard.recovery.spend')}>{formatNumber(r.spend, lang)}</Descriptions.Item>
        <Descriptions.Item label={t('dashboard.recovery.budget')}>
          {r.budget === null ? t('dashboard.kpi.noBudget') : formatNumber(r.budget, lang)}
        </Descriptions.Item>
        <Descriptions.Item label={t('dashboard.recovery.approvalQueue')}>{r.approvalQueue}</Descriptions.Item>
        <Descriptions.Item label={t('dashboard.recovery.reopenRate')}>{o.reopenRate === null ? '–' : `${(o.reopenRate * 100).toFixed(1)}%`}</Descriptions.Item>
        {/* A row of its own: two figures in a half column would wrap digit by digit. */}
        <Descriptions.Item label={t('dashboard.recovery.uplift')} span={2}>
          {formatNumber(ret.upliftCustomers, lang, 1)} / {formatNumber(ret.upliftLifetimeValue, lang)}
        </Descriptions.Item>
        <Descriptions.Item label={t('dashboard.recovery.repeat')}>{o.totals.repeat}</Descriptions.Item>
      </Descriptions>
      {r.budget !== null && <Progress percent={Math.min(100, Math.round((r.spend / Math.max(1, r.budget)) * 100))} size="small" />}
      <Table
        size="small"
        rowKey="type"
        pagination={false}
        dataSource={r.byType}
        locale={{ emptyText: t('dashboard.recovery.none') }}
        columns={[
          {
            title: t('dashboard.recovery.type'),
            dataIndex: 'type',
            render: (v: string) => t(`dashboard.remedyTypes.${v}`, { defaultValue: v }),
          },
          {
            title: t('dashboard.recovery.count'),
            dataIndex: 'count',
            align: 'right',
          },
          {
            title: t('dashboard.recovery.amount'),
            dataIndex: 'amount',
            align: 'right',
            render: (v: number) => formatNumber(v, lang),
          },
        ]}
      />
      <div style={{ fontSize: 11, color: '#8c8c8c', marginTop: 4 }}>
        {t('dashboard.recovery.retentionNote', {
          q: Math.round(o.retentionRates.complainedResolvedQuickly * 100),
          r: Math.round(o.retentionRates.complainedResolved * 100),
          u: Math.round(o.retentionRates.complainedUnresolved * 100),
        })}
      </div>
    </Card>
  );
}
