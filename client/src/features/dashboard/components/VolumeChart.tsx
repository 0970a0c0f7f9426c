import { Card } from 'antd';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { OverviewResponse } from '@redress/shared';
import { csvLinks, type DashboardFilters, type DrilldownTarget } from '../api';
import { periodEnd, periodLabel } from '../format';
import { CsvButton } from './CsvButton';

/** Volume in (filed) and out (resolved) per period; a bar opens its complaints. */
export function VolumeChart({ o, filters, onDrill }: { o: OverviewResponse; filters: DashboardFilters; onDrill(d: DrilldownTarget): void }) {
  const { t, i18n } = useTranslation();
  const g = o.range.granularity;
  const data = o.series.map((r) => ({
    key: r.key,
    label: periodLabel(r.key, g, i18n.language),
    in: r.created,
    out: r.resolved,
    reopened: r.reopened,
  }));
  const drill = (metric: 'created' | 'resolved') => (d: { payload?: { key: string; label: string } }) => {
    if (!d.payload) return;
    onDrill({
      metric,
      key: 'all',
      from: d.payload.key,
      to: periodEnd(d.payload.key, g),
      title: `${t(`dashboard.volume.${metric}`)} · ${d.payload.label}`,
    });
  };
  return (
    <Card
      size="small"
      title={t('dashboard.volume.title')}
      extra={<CsvButton href={csvLinks.overview(filters, 'series')} testId="csv-series" />}
      data-testid="volume-chart"
    >
      <ResponsiveContainer width="100%" height={210}>
        <BarChart data={data} margin={{ top: 4, right: 8, left: -16, bottom: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="label" tick={{ fontSize: 11 }} minTickGap={8} />
          <YAxis allowDecimals={false} tick={{ fontSize: 11 }} />
          <Tooltip />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Bar dataKey="in" name={t('dashboard.volume.created')} fill="#1677ff" onClick={drill('created')} cursor="pointer" />
          <Bar dataKey="out" name={t('dashboard.volume.resolved')} fill="#52c41a" onClick={drill('resolved')} cursor="pointer" />
        </BarChart>
      </ResponsiveContainer>
    </Card>
  );
}
