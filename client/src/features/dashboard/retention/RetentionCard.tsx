import { useState } from 'react';
import { Card, Segmented, Table, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { MoneyAmount, RetentionDim, RetentionRow, RetentionView, RetentionWindowFigure } from '@redress/shared';
import { formatMoney } from '../../../lib/format';
import './i18n';

const pct = (x: number | null) => (x === null ? '–' : `${Math.round(x * 100)}%`);
const breakdowns: Exclude<RetentionDim, 'all'>[] = ['speed', 'remedy', 'tier', 'rootCause', 'team'];

/** One window's figure: rate, interval and sample size. */
function Figure({ f, testId }: { f: RetentionWindowFigure; testId: string }) {
  const { t } = useTranslation();
  if (f.n === 0)
    return (
      <Tooltip title={t('retention.noData')}>
        <span data-testid={testId} style={{ color: '#8c8c8c' }}>
          – <span style={{ fontSize: 11 }}>(n=0)</span>
        </span>
      </Tooltip>
    );
  return (
    <span data-testid={testId}>
      <strong>{pct(f.rate)}</strong>{' '}
      <span style={{ fontSize: 11, color: '#595959' }}>
        {pct(f.low)}–{pct(f.high)} · n={f.n}
      </span>
    </span>
  );
}

function moneyText(list: MoneyAmount[], lang: string): string {
  return list.length ? list.map((m) => formatMoney(m.amount, m.currency, lang)).join(' · ') : '–';
}

/**
 * Measured retention: customers who ordered again after their complaint, by how it was handled,
 * with sample sizes and Wilson intervals, side by side with the domain notes' curve (used, and
 * labelled, where too few complaints are measured); and remedy return per remedy type and rule.
 */
export function RetentionCard({ view }: { view: RetentionView }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [dim, setDim] = useState<Exclude<RetentionDim, 'all'>>('speed');
  const label = (r: RetentionRow) => {
    if (r.dim === 'all') return t('retention.all');
    if (r.dim === 'speed') return t(`retention.speeds.${r.key}`);
    if (r.dim === 'remedy') return r.key === 'none' ? t('retention.none') : t(`dashboard.remedyTypes.${r.key}`, { defaultValue: r.key });
    if (r.dim === 'tier') return t(`console.tiers.${r.key}.label`, { defaultValue: r.key });
    if (r.dim === 'rootCause') return t(`console.rootCause.${r.key}`, { defaultValue: r.key });
    return r.label ?? t('retention.noTeam');
  };
  const rows = view.rows.filter((r) => r.dim === 'all' || r.dim === dim);
  return (
    <Card size="small" title={t('retention.title')} data-testid="retention-card">
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 8 }}>
        {t('retention.subtitle')}
      </Typography.Paragraph>
      <Segmented
        size="small"
        value={dim}
        onChange={(v) => setDim(v as Exclude<RetentionDim, 'all'>)}
        options={breakdowns.map((d) => ({ value: d, label: <span data-testid={`retention-dim-${d}`}>{t(`retention.dims.${d}`)}</span> }))}
        style={{ marginBottom: 8 }}
      />
      <Table<RetentionRow>
        size="small"
        pagination={false}
        rowKey={(r) => `${r.dim}|${r.key}`}
        dataSource={rows}
        onRow={(r) => ({ 'data-testid': `retention-row-${r.dim}-${r.key}` }) as React.HTMLAttributes<HTMLElement>}
        scroll={{ x: true }}
        columns={[
          { title: t('retention.group'), key: 'group', render: (_: unknown, r) => (r.dim === 'all' ? <strong>{label(r)}</strong> : label(r)) },
          ...view.rows[0]!.windows.map((w, i) => ({
            title: t('retention.window', { days: w.window }),
            key: `w${w.window}`,
            render: (_: unknown, r: RetentionRow) => <Figure f={r.windows[i]!} testId={`retention-${r.dim}-${r.key}-${w.window}`} />,
          })),
          {
            title: t('retention.curve'),
            key: 'curve',
            render: (_: unknown, r) => (r.domainRate === null ? '–' : pct(r.domainRate)),
          },
          {
            title: t('retention.shown', { days: view.headlineWindow }),
            key: 'shown',
            render: (_: unknown, r) =>
              r.shown.source === 'estimate' ? (
                <Tooltip title={t('retention.estimateHint', { min: view.minSamples })}>
                  <span data-testid={`retention-shown-${r.dim}-${r.key}`}>
                    {pct(r.shown.rate)} <Tag color="orange">{t('retention.estimate')}</Tag>
                  </span>
                </Tooltip>
              ) : (
                <span data-testid={`retention-shown-${r.dim}-${r.key}`}>
                  {pct(r.shown.rate)} {r.shown.source === 'measured' && <Tag color="green">{t('retention.measured')}</Tag>}
                </span>
              ),
          },
          {
            title: t('retention.valueOrdered', { days: view.headlineWindow }),
            key: 'value',
            render: (_: unknown, r) => moneyText(r.windows.find((w) => w.window === view.headlineWindow)?.value ?? [], lang),
          },
        ]}
      />
      <Typography.Text strong style={{ display: 'block', margin: '12px 0 4px' }}>
        {t('retention.remedyReturn')}
      </Typography.Text>
      <Table
        size="small"
        pagination={false}
        data-testid="remedy-return"
        rowKey={(r) => `${r.type}|${r.ruleKey}|${r.ruleVersion}`}
        dataSource={view.remedyReturn}
        locale={{ emptyText: t('retention.noRemedies') }}
        columns={[
          {
            title: t('retention.remedyRule'),
            key: 'rule',
            render: (_: unknown, r) => `${t(`dashboard.remedyTypes.${r.type}`, { defaultValue: r.type })} · ${r.ruleKey} v${r.ruleVersion}`,
          },
          { title: t('retention.complaints'), dataIndex: 'complaints', align: 'right' },
          { title: t('retention.cost'), key: 'cost', align: 'right', render: (_: unknown, r) => moneyText(r.cost, lang) },
          { title: t('retention.valueAfter'), key: 'after', align: 'right', render: (_: unknown, r) => moneyText(r.valueAfter, lang) },
        ]}
      />
    </Card>
  );
}
