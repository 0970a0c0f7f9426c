import { Card, Descriptions, Progress, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import type { OverviewResponse } from '@redress/shared';
import { csvLinks, type DashboardFilters } from '../api';
import { formatMoney } from '../../../lib/format';
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
        <Descriptions.Item label={t('dashboard.recovery.spend')}>
          <span data-testid="recovery-spend">
            {r.spend.length ? r.spend.map((s) => formatMoney(s.amount, s.currency, lang)).join(' · ') : formatNumber(0, lang)}
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t('dashboard.recovery.fulfilled')}>
          <span data-testid="recovery-fulfilled">
            {r.fulfilled.length ? r.fulfilled.map((s) => formatMoney(s.amount, s.currency, lang)).join(' · ') : formatNumber(0, lang)}
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t('dashboard.recovery.budget')}>
          <span data-testid="recovery-budget">
            {r.budgets.length ? r.budgets.map((b) => formatMoney(b.limit, b.currency, lang)).join(' · ') : t('dashboard.kpi.noBudget')}
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t('dashboard.recovery.approvalQueue')}>{r.approvalQueue}</Descriptions.Item>
        <Descriptions.Item label={t('dashboard.recovery.reopenRate')}>{o.reopenRate === null ? '–' : `${(o.reopenRate * 100).toFixed(1)}%`}</Descriptions.Item>
        {/* A row of its own: two figures in a half column would wrap digit by digit. */}
        <Descriptions.Item label={t('dashboard.recovery.uplift')} span={2}>
          {formatNumber(ret.upliftCustomers, lang, 1)} / {formatNumber(ret.upliftLifetimeValue, lang)}
        </Descriptions.Item>
        <Descriptions.Item label={t('dashboard.recovery.repeat')}>{o.totals.repeat}</Descriptions.Item>
      </Descriptions>
      {/* Budget use per currency, each labelled (a bare percentage bar read as part of the row above it). */}
      {r.budgets.map((b) => {
        const share = Math.min(100, Math.round((b.spent / Math.max(1, b.limit)) * 100));
        return (
          <div key={b.currency} data-testid={`budget-use-${b.currency}`} style={{ marginBottom: 4 }}>
            <div style={{ display: 'flex', justifyContent: 'space-between', fontSize: 12 }}>
              <span style={{ color: '#595959' }}>{t('dashboard.recovery.budgetUse', { currency: b.currency })}</span>
              <span>
                {t('dashboard.recovery.budgetUseOf', {
                  spent: formatMoney(b.spent, b.currency, lang),
                  limit: formatMoney(b.limit, b.currency, lang),
                })}
              </span>
            </div>
            <Progress percent={share} size="small" status={share >= 90 ? 'exception' : 'normal'} />
          </div>
        );
      })}
      <Table
        size="small"
        rowKey={(row) => `${row.type}:${row.currency ?? ''}`}
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
            render: (v: number, row) =>
              row.type === 'apology' ? '–' : row.type === 'points' ? `${formatNumber(v, lang)} pts` : formatMoney(v, row.currency, lang),
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
