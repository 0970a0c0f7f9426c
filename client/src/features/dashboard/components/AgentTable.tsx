import { Badge, Card, Progress, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AgentRow } from '@redress/shared';
import { csvLinks, type DashboardFilters, type DrilldownTarget } from '../api';
import { formatDuration } from '../format';
import { CsvButton } from './CsvButton';

const presence: Record<string, 'success' | 'warning' | 'default'> = {
  online: 'success',
  away: 'warning',
  offline: 'default',
};

/** Who is online, who is overloaded, and what each agent handled in the range. */
export function AgentTable({ agents, filters, onDrill }: { agents: AgentRow[]; filters: DashboardFilters; onDrill(d: DrilldownTarget): void }) {
  const { t } = useTranslation();
  return (
    <Card size="small" title={t('dashboard.agents.title')} extra={<CsvButton href={csvLinks.agents(filters)} testId="csv-agents" />} data-testid="agent-table">
      <Table<AgentRow>
        size="small"
        rowKey="id"
        dataSource={agents}
        // A row opens the complaints the agent resolved in the range (the "handled" figure).
        onRow={(a) => ({
          onClick: () => onDrill({ metric: 'resolved', key: `agent:${a.id}`, title: t('dashboard.agents.drillTitle', { name: a.name }) }),
          style: { cursor: 'pointer' },
          title: t('dashboard.agents.open'),
          'data-testid': `agent-row-${a.id}`,
        })}
        pagination={agents.length > 8 ? { pageSize: 8, size: 'small' } : false}
        scroll={{ x: 560 }}
        columns={[
          {
            title: t('dashboard.agents.name'),
            dataIndex: 'name',
            render: (name: string, a) => (
              <Badge
                status={presence[a.availability] ?? 'default'}
                text={name}
                title={t(`dashboard.agents.presence.${a.availability}`, {
                  defaultValue: a.availability,
                })}
              />
            ),
          },
          {
            title: t('dashboard.agents.load'),
            key: 'load',
            width: 140,
            sorter: (a, b) => a.openCount / Math.max(1, a.capacity) - b.openCount / Math.max(1, b.capacity),
            render: (_: unknown, a) => (
              <span style={{ display: 'flex', alignItems: 'center', gap: 6 }}>
                <Progress
                  percent={Math.round((a.openCount / Math.max(1, a.capacity)) * 100)}
                  size="small"
                  showInfo={false}
                  status={a.openCount >= a.capacity ? 'exception' : 'normal'}
                  style={{ width: 60, margin: 0 }}
                />
                {a.openCount}/{a.capacity}
              </span>
            ),
          },
          {
            title: t('dashboard.agents.handled'),
            dataIndex: 'handled',
            align: 'right',
            sorter: (a, b) => a.handled - b.handled,
          },
          {
            title: t('dashboard.agents.median'),
            dataIndex: 'medianResolutionSeconds',
            align: 'right',
            render: (s: number | null) => formatDuration(s),
            sorter: (a, b) => (a.medianResolutionSeconds ?? Infinity) - (b.medianResolutionSeconds ?? Infinity),
          },
          {
            title: t('dashboard.agents.csat'),
            dataIndex: 'csatAverage',
            align: 'right',
            render: (v: number | null, a) => (v === null ? '–' : `${v.toFixed(1)} (${a.csatCount})`),
          },
        ]}
      />
    </Card>
  );
}
