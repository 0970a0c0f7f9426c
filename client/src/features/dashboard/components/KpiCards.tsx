import { Card, Col, Row, Statistic, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { OverviewResponse } from '@redress/shared';
import type { DrilldownTarget } from '../api';
import { formatMoney } from '../../../lib/format';
import { formatNumber, formatShare } from '../format';

interface Props {
  o: OverviewResponse;
  onDrill(d: DrilldownTarget): void;
}

/** The headline figures; each opens the complaints behind it where there is such a list. */
export function KpiCards({ o, onDrill }: Props) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  // Money per currency, never added across currencies.
  const spend = o.recovery.spend.length ? o.recovery.spend.map((s) => formatMoney(s.amount, s.currency, lang)).join(' · ') : formatNumber(0, lang);
  const budgets = o.recovery.budgets.map((b) => formatMoney(b.limit, b.currency, lang)).join(' · ');
  const cards: {
    key: string;
    title: string;
    value: string;
    hint: string;
    drill?: DrilldownTarget;
    color?: string;
    extra?: React.ReactNode;
  }[] = [
    {
      key: 'backlog',
      title: t('dashboard.kpi.backlog'),
      value: formatNumber(o.live.open, lang),
      hint: t('dashboard.kpi.backlogHint', { unassigned: o.live.unassigned }),
      drill: {
        metric: 'backlog',
        key: 'all',
        title: t('dashboard.kpi.backlog'),
      },
    },
    {
      key: 'atRisk',
      title: t('dashboard.kpi.atRisk'),
      value: formatNumber(o.live.atRisk, lang),
      hint: t('dashboard.kpi.atRiskHint'),
      color: o.live.atRisk ? '#d48806' : undefined,
      drill: { metric: 'atRisk', key: 'all', title: t('dashboard.kpi.atRisk') },
    },
    {
      key: 'breached',
      title: t('dashboard.kpi.breached'),
      value: formatNumber(o.live.breached, lang),
      hint: t('dashboard.kpi.breachedHint'),
      color: o.live.breached ? '#cf1322' : undefined,
      drill: {
        metric: 'breached',
        key: 'all',
        title: t('dashboard.kpi.breached'),
      },
    },
    {
      key: 'withinTarget',
      title: t('dashboard.kpi.withinTarget'),
      value: formatShare(o.totals.withinTargetShare),
      hint: t('dashboard.kpi.withinTargetHint', {
        resolved: o.totals.resolved,
      }),
      drill: {
        metric: 'resolvedWithinTarget',
        key: 'all',
        title: t('dashboard.kpi.withinTarget'),
      },
    },
    {
      key: 'csat',
      title: t('dashboard.kpi.csat'),
      value: o.totals.csatAverage === null ? '–' : `${o.totals.csatAverage.toFixed(2)} / 5`,
      hint: t('dashboard.kpi.csatHint', { count: o.totals.csatCount }),
      drill: { metric: 'csat', key: 'all', title: t('dashboard.kpi.csat') },
    },
    {
      key: 'spend',
      title: t('dashboard.kpi.spend'),
      value: spend,
      hint: budgets ? t('dashboard.kpi.budgetHint', { budget: budgets }) : t('dashboard.kpi.noBudget'),
    },
    {
      key: 'customers',
      title: t('dashboard.kpi.customersRetained'),
      value: formatNumber(o.retention.customersRetained, lang, 1),
      hint: t('dashboard.kpi.upliftHint', {
        n: formatNumber(o.retention.upliftCustomers, lang, 1),
      }),
    },
    {
      key: 'ltv',
      title: t('dashboard.kpi.ltvRetained'),
      value: formatNumber(o.retention.lifetimeValueRetained, lang),
      hint: t('dashboard.kpi.upliftHint', {
        n: formatNumber(o.retention.upliftLifetimeValue, lang),
      }),
    },
  ];
  return (
    <Row gutter={[8, 8]} data-testid="kpi-cards">
      {cards.map((c) => (
        <Col key={c.key} xs={12} md={6} xl={3}>
          <Tooltip title={c.hint}>
            <Card
              size="small"
              hoverable={!!c.drill}
              onClick={c.drill ? () => onDrill(c.drill!) : undefined}
              data-testid={`kpi-${c.key}`}
              styles={{ body: { padding: '8px 12px' } }}
            >
              <Statistic title={c.title} value={c.value} valueStyle={{ fontSize: 20, color: c.color }} />
              <div
                style={{
                  fontSize: 11,
                  color: '#8c8c8c',
                  whiteSpace: 'nowrap',
                  overflow: 'hidden',
                  textOverflow: 'ellipsis',
                }}
              >
                {c.hint}
              </div>
              {c.extra}
            </Card>
          </Tooltip>
        </Col>
      ))}
    </Row>
  );
}
