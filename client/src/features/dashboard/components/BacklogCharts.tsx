import { Card, Col, Row } from 'antd';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { OverviewResponse } from '@redress/shared';
import { csvLinks, type DashboardFilters, type DrilldownTarget } from '../api';
import { CsvButton } from './CsvButton';

const statusColors: Record<string, string> = {
  new: '#1677ff',
  assigned: '#2f54eb',
  in_progress: '#13c2c2',
  waiting_on_customer: '#faad14',
};
const priorityColors: Record<string, string> = {
  urgent: '#cf1322',
  high: '#fa8c16',
  normal: '#1677ff',
  low: '#8c8c8c',
};

interface Datum {
  key: string;
  label: string;
  count: number;
}

function MiniBars({ data, colors, onClick, testId }: { data: Datum[]; colors?: Record<string, string>; onClick(d: Datum): void; testId: string }) {
  return (
    <div data-testid={testId}>
      <ResponsiveContainer width="100%" height={190}>
        <BarChart data={data} margin={{ top: 4, right: 4, left: -24, bottom: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          {/* Slanted labels: four statuses or six age buckets fit a third of a laptop screen. */}
          <XAxis dataKey="label" tick={{ fontSize: 10 }} interval={0} angle={-35} textAnchor="end" height={68} />
          <YAxis allowDecimals={false} tick={{ fontSize: 10 }} />
          <Tooltip />
          <Bar dataKey="count" cursor="pointer" onClick={(d: { payload?: Datum }) => d.payload && onClick(d.payload)}>
            {data.map((d) => (
              <Cell key={d.key} fill={colors?.[d.key] ?? '#597ef7'} />
            ))}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

/** Backlog now by status and priority, and how old the open complaints are. */
export function BacklogCharts({ o, filters, onDrill }: { o: OverviewResponse; filters: DashboardFilters; onDrill(d: DrilldownTarget): void }) {
  const { t } = useTranslation();
  const byStatus = Object.entries(o.live.byStatus).map(([k, count]) => ({
    key: k,
    label: t(`console.status.${k}`, { defaultValue: k }),
    count,
  }));
  const byPriority = Object.entries(o.live.byPriority).map(([k, count]) => ({
    key: k,
    label: t(`console.priority.${k}`, { defaultValue: k }),
    count,
  }));
  const ages = o.live.ageBuckets.map((b) => ({
    key: b.bucket,
    label: t(`dashboard.age.${b.bucket}`, { defaultValue: b.bucket }),
    count: b.count,
  }));
  const drill = (dim: string) => (d: Datum) =>
    onDrill({
      metric: 'backlog',
      key: `${dim}:${d.key}`,
      title: `${t('dashboard.backlog.title')} · ${d.label}`,
    });
  return (
    <Card
      size="small"
      title={t('dashboard.backlog.title')}
      data-testid="backlog-charts"
      extra={
        <>
          <CsvButton href={csvLinks.overview(filters, 'backlog')} testId="csv-backlog" />
          <CsvButton href={csvLinks.overview(filters, 'age')} testId="csv-age" />
        </>
      }
    >
      <Row gutter={8}>
        <Col span={9}>
          <div style={{ fontSize: 12, color: '#595959' }}>{t('dashboard.backlog.byStatus')}</div>
          <MiniBars data={byStatus} colors={statusColors} onClick={drill('status')} testId="backlog-status" />
        </Col>
        <Col span={7}>
          <div style={{ fontSize: 12, color: '#595959' }}>{t('dashboard.backlog.byPriority')}</div>
          <MiniBars data={byPriority} colors={priorityColors} onClick={drill('priority')} testId="backlog-priority" />
        </Col>
        <Col span={8}>
          <div style={{ fontSize: 12, color: '#595959' }}>{t('dashboard.backlog.age')}</div>
          <MiniBars data={ages} onClick={drill('age')} testId="backlog-age" />
        </Col>
      </Row>
      {o.live.byTeam.length > 0 && (
        <div style={{ fontSize: 12, color: '#595959', marginTop: 4 }} data-testid="backlog-teams">
          {t('dashboard.backlog.byTeam')}:{' '}
          {o.live.byTeam.map((b, i) => (
            <a
              key={b.teamId}
              onClick={() =>
                onDrill({
                  metric: 'backlog',
                  key: `team:${b.teamId}`,
                  title: `${t('dashboard.backlog.title')} · ${b.name}`,
                })
              }
            >
              {i > 0 ? ' · ' : ''}
              {b.teamId === 'none' ? t('dashboard.backlog.noTeam') : b.name} {b.count}
            </a>
          ))}
        </div>
      )}
    </Card>
  );
}
