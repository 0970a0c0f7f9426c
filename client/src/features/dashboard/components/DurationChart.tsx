import { useState } from 'react';
import { Card, Segmented, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { OverviewResponse } from '@redress/shared';
import { formatDuration, periodLabel, toHours } from '../format';

type Which = 'resolution' | 'firstResponse';
type Time = 'business' | 'calendar';

/** Median and 90th percentile per period, in hours, against the target line. */
export function DurationChart({ o }: { o: OverviewResponse }) {
  const { t, i18n } = useTranslation();
  const [which, setWhich] = useState<Which>('resolution');
  const [time, setTime] = useState<Time>('business');
  const g = o.range.granularity;
  const field =
    which === 'resolution' ? (time === 'business' ? 'resolutionBusiness' : 'resolution') : time === 'business' ? 'firstResponseBusiness' : 'firstResponse';
  const target = which === 'resolution' ? o.targets.resolutionSeconds : o.targets.firstResponseSeconds;
  // Minutes while everything (target included) is short, hours otherwise.
  const longest = Math.max(target, ...o.series.map((r) => r[field].p90 ?? 0));
  const unit = longest < 2 * 3600 ? 'min' : 'h';
  const scale = (s: number | null) => (s === null ? null : unit === 'min' ? Math.round((s / 60) * 10) / 10 : toHours(s));
  const data = o.series.map((r) => ({
    label: periodLabel(r.key, g, i18n.language),
    p50: scale(r[field].p50),
    p90: scale(r[field].p90),
  }));
  const totals = o.totals[field];
  return (
    <Card
      size="small"
      data-testid="duration-chart"
      title={
        <Space size={4} wrap>
          <Segmented
            size="small"
            value={which}
            onChange={(v) => setWhich(v as Which)}
            options={[
              {
                value: 'resolution',
                label: t('dashboard.duration.resolution'),
              },
              {
                value: 'firstResponse',
                label: t('dashboard.duration.firstResponse'),
              },
            ]}
          />
          <Segmented
            size="small"
            value={time}
            onChange={(v) => setTime(v as Time)}
            options={[
              { value: 'business', label: t('dashboard.duration.business') },
              { value: 'calendar', label: t('dashboard.duration.calendar') },
            ]}
          />
        </Space>
      }
      extra={
        <span style={{ fontSize: 12 }} data-testid="duration-totals">
          p50 {formatDuration(totals.p50)} · p90 {formatDuration(totals.p90)}
        </span>
      }
    >
      <div style={{ fontSize: 12, color: '#cf1322' }} data-testid="duration-target">
        {o.targets.policyName
          ? t('dashboard.duration.targetOf', { duration: formatDuration(target), policy: o.targets.policyName })
          : t('dashboard.duration.targetDefault', { duration: formatDuration(target) })}
      </div>
      <ResponsiveContainer width="100%" height={194}>
        <LineChart data={data} margin={{ top: 4, right: 8, left: -16, bottom: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="label" tick={{ fontSize: 11 }} minTickGap={8} />
          <YAxis tick={{ fontSize: 11 }} unit={unit === 'h' ? 'h' : 'm'} domain={[0, (max: number) => Math.max(max, scale(target) ?? 0)]} />
          <Tooltip formatter={(v) => `${String(v)} ${unit}`} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <ReferenceLine
            y={scale(target) ?? 0}
            stroke="#cf1322"
            strokeDasharray="6 3"
            label={{
              value: `${t('dashboard.duration.target')} ${formatDuration(target)}`,
              fontSize: 11,
              fill: '#cf1322',
              position: 'insideTopRight',
            }}
          />
          <Line type="monotone" dataKey="p50" name={t('dashboard.duration.p50')} stroke="#1677ff" dot={false} connectNulls />
          <Line type="monotone" dataKey="p90" name={t('dashboard.duration.p90')} stroke="#fa8c16" dot={false} connectNulls />
        </LineChart>
      </ResponsiveContainer>
    </Card>
  );
}
