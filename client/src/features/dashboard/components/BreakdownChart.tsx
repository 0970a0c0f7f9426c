import { useState } from 'react';
import { Card, Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { MetricRow, OverviewResponse } from '@redress/shared';
import { csvLinks, type DashboardFilters, type DrilldownTarget } from '../api';
import { useCategoryLabel } from '../useCategoryLabel';
import { CsvButton } from './CsvButton';

type Dim = 'category' | 'rootCause' | 'kind' | 'channel';

/** What breaks most often: filed, resolved and breached by category, root cause, kind or channel. */
export function BreakdownChart({ o, filters, onDrill }: { o: OverviewResponse; filters: DashboardFilters; onDrill(d: DrilldownTarget): void }) {
  const { t } = useTranslation();
  const categoryLabel = useCategoryLabel();
  const [dim, setDim] = useState<Dim>('category');
  const rows: MetricRow[] = {
    category: o.byCategory,
    rootCause: o.byRootCause,
    kind: o.byKind,
    channel: o.byChannel,
  }[dim];
  const label = (k: string) =>
    dim === 'category'
      ? categoryLabel(k)
      : dim === 'rootCause'
        ? t(`console.rootCause.${k}`, { defaultValue: k })
        : dim === 'kind'
          ? t(`console.kind.${k}`, { defaultValue: k })
          : t(`console.channels.${k}`, { defaultValue: k });
  const data = [...rows]
    .sort((a, b) => b.created - a.created)
    .map((r) => ({
      key: r.key,
      label: label(r.key),
      created: r.created,
      resolved: r.resolved,
      breached: r.resBreached,
    }));
  const drill = (metric: 'created' | 'resolved' | 'resBreached') => (d: { payload?: { key: string; label: string } }) => {
    if (d.payload)
      onDrill({
        metric,
        key: `${dim}:${d.payload.key}`,
        title: `${d.payload.label} · ${t(`dashboard.breakdown.${metric}`)}`,
      });
  };
  return (
    <Card
      size="small"
      data-testid="breakdown-chart"
      title={
        <Segmented
          size="small"
          value={dim}
          onChange={(v) => setDim(v as Dim)}
          options={(['category', 'rootCause', 'kind', 'channel'] as const).map((d) => ({ value: d, label: t(`dashboard.breakdown.${d}`) }))}
        />
      }
      extra={<CsvButton href={csvLinks.overview(filters, dim)} testId="csv-breakdown" />}
    >
      {/* Horizontal bars, a row per value tall enough for its label: every label shows (interval 0), in any language. */}
      <ResponsiveContainer width="100%" height={Math.max(150, 50 + data.length * 26)}>
        <BarChart data={data} layout="vertical" margin={{ top: 0, right: 8, left: 8, bottom: 0 }}>
          <CartesianGrid strokeDasharray="3 3" horizontal={false} />
          <XAxis type="number" allowDecimals={false} tick={{ fontSize: 11 }} />
          <YAxis type="category" dataKey="label" width={130} interval={0} tick={{ fontSize: 11 }} />
          <Tooltip />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Bar dataKey="created" name={t('dashboard.breakdown.created')} fill="#1677ff" onClick={drill('created')} cursor="pointer" />
          <Bar dataKey="resolved" name={t('dashboard.breakdown.resolved')} fill="#52c41a" onClick={drill('resolved')} cursor="pointer" />
          <Bar dataKey="breached" name={t('dashboard.breakdown.resBreached')} fill="#ff4d4f" onClick={drill('resBreached')} cursor="pointer" />
        </BarChart>
      </ResponsiveContainer>
    </Card>
  );
}
