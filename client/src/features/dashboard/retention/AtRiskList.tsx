import { useState } from 'react';
import { App, Button, Card, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AtRiskCustomerView, AtRiskReason, AtRiskView } from '@redress/shared';
import { ApiError } from '../../../lib/api';
import { formatNumber } from '../format';
import { retentionApi } from './api';
import './i18n';

const reasonColour: Record<AtRiskReason, string> = {
  declining_rhythm: 'volcano',
  open_complaint: 'blue',
  recently_unresolved: 'magenta',
  sla_breached: 'red',
  remedy_failed: 'gold',
};

/** The supervisors' early-warning list: who may not buy again, why, what is at stake; open a proactive case. */
export function AtRiskList({ view, onChanged }: { view: AtRiskView; onChanged(): void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [busy, setBusy] = useState<string | null>(null);

  async function outreach(c: AtRiskCustomerView) {
    setBusy(c.customerId);
    try {
      const r = await retentionApi.outreach(c.customerId);
      void message.success(t(r.replayed ? 'retention.atRisk.alreadyOpened' : 'retention.atRisk.opened', { reference: r.reference }));
      onChanged();
    } catch (err) {
      void message.error(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(null);
    }
  }

  return (
    <Card size="small" title={t('retention.atRisk.title')} data-testid="at-risk-list">
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 8 }}>
        {t('retention.atRisk.subtitle')}
      </Typography.Paragraph>
      <Table<AtRiskCustomerView>
        size="small"
        rowKey="customerId"
        dataSource={view.items}
        pagination={view.items.length > 8 ? { pageSize: 8, size: 'small' } : false}
        locale={{ emptyText: t('retention.atRisk.empty') }}
        onRow={(r) => ({ 'data-testid': `at-risk-${r.email}` }) as React.HTMLAttributes<HTMLElement>}
        scroll={{ x: true }}
        columns={[
          {
            title: t('retention.atRisk.customer'),
            key: 'customer',
            render: (_: unknown, r) => (
              <div>
                <div>{r.name}</div>
                <div style={{ fontSize: 11, color: '#595959' }}>
                  {r.email} · {t(`console.tiers.${r.tier}.label`, { defaultValue: r.tier })} ·{' '}
                  {t(`console.stages.${r.lifecycleStage}`, { defaultValue: r.lifecycleStage })}
                </div>
              </div>
            ),
          },
          {
            title: t('retention.atRisk.value'),
            dataIndex: 'valueAtStake',
            align: 'right',
            render: (v: number) => formatNumber(v, i18n.language),
          },
          {
            title: t('retention.atRisk.reasons'),
            key: 'reasons',
            render: (_: unknown, r) => (
              <span data-testid={`at-risk-reasons-${r.email}`}>
                {r.reasons.map((x) => (
                  <Tag key={x} color={reasonColour[x]} data-reason={x} style={{ marginBottom: 2 }}>
                    {t(`retention.atRisk.reason.${x}`)}
                  </Tag>
                ))}
              </span>
            ),
          },
          {
            title: t('retention.atRisk.lastOrder'),
            key: 'last',
            render: (_: unknown, r) =>
              r.daysSinceLastOrder === null
                ? t('retention.atRisk.never')
                : r.usualGapDays === null
                  ? t('retention.atRisk.daysAgoNoGap', { days: r.daysSinceLastOrder })
                  : t('retention.atRisk.daysAgo', { days: r.daysSinceLastOrder, gap: r.usualGapDays }),
          },
          { title: t('retention.atRisk.complaint'), key: 'complaint', render: (_: unknown, r) => r.complaint?.reference ?? '–' },
          {
            title: t('retention.atRisk.action'),
            key: 'action',
            render: (_: unknown, r) => (
              <Button size="small" loading={busy === r.customerId} onClick={() => void outreach(r)} data-testid={`outreach-${r.email}`}>
                {t('retention.atRisk.outreach')}
              </Button>
            ),
          },
        ]}
      />
    </Card>
  );
}
