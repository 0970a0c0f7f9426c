import { useEffect, useState } from 'react';
import { Badge, Button, DatePicker, Segmented, Select, Space, Tooltip } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { channels, type MetricsGranularity } from '@redress/shared';
import { dashboardApi, type DashboardFilters } from '../api';
import { useCategories } from '../useCategoryLabel';

interface Props {
  filters: DashboardFilters;
  onChange(f: DashboardFilters): void;
  onRefresh(): void;
  liveUpdates: number;
  loading: boolean;
}

/** Date range, granularity, team, category and channel. */
export function FiltersBar({ filters, onChange, onRefresh, liveUpdates, loading }: Props) {
  const { t, i18n } = useTranslation();
  const categories = useCategories();
  const [teams, setTeams] = useState<{ id: string; name: string }[]>([]);
  useEffect(() => {
    dashboardApi.teams().then(
      (r) => setTeams(r.items),
      () => setTeams([]),
    );
  }, []);
  const set = (patch: Partial<DashboardFilters>) => onChange({ ...filters, ...patch });
  return (
    <Space wrap size={8} data-testid="dashboard-filters">
      <DatePicker.RangePicker
        size="small"
        allowClear={false}
        value={[dayjs(filters.from), dayjs(filters.to).subtract(1, 'second')]}
        onChange={(v) => {
          if (!v?.[0] || !v[1]) return;
          set({
            from: v[0].startOf('day').toISOString(),
            to: v[1].endOf('day').add(1, 'ms').toISOString(),
          });
        }}
        presets={[
          {
            label: t('dashboard.filters.last24h'),
            value: [dayjs().subtract(1, 'day'), dayjs()],
          },
          {
            label: t('dashboard.filters.last7d'),
            value: [dayjs().subtract(7, 'day'), dayjs()],
          },
          {
            label: t('dashboard.filters.last30d'),
            value: [dayjs().subtract(30, 'day'), dayjs()],
          },
          {
            label: t('dashboard.filters.last90d'),
            value: [dayjs().subtract(90, 'day'), dayjs()],
          },
        ]}
      />
      <Segmented
        size="small"
        value={filters.granularity}
        onChange={(v) => set({ granularity: v as MetricsGranularity })}
        options={(['hour', 'day', 'week'] as const).map((g) => ({
          value: g,
          label: t(`dashboard.filters.${g}`),
        }))}
        data-testid="granularity"
      />
      <Select
        size="small"
        allowClear
        placeholder={t('dashboard.filters.team')}
        style={{ width: 140 }}
        value={filters.team}
        onChange={(v?: string) => set({ team: v })}
        options={teams.map((tm) => ({ value: tm.id, label: tm.name }))}
      />
      <Select
        size="small"
        allowClear
        placeholder={t('dashboard.filters.category')}
        style={{ width: 160 }}
        value={filters.category}
        onChange={(v?: string) => set({ category: v })}
        options={categories.map((c) => ({
          value: c.key,
          label: i18n.language === 'zh' ? c.label.zh : c.label.en,
        }))}
      />
      <Select
        size="small"
        allowClear
        placeholder={t('dashboard.filters.channel')}
        style={{ width: 110 }}
        value={filters.channel}
        onChange={(v?: string) => set({ channel: v })}
        options={channels.map((c) => ({
          value: c,
          label: t(`console.channels.${c}`, { defaultValue: c }),
        }))}
      />
      <Tooltip title={t('dashboard.filters.refresh')}>
        <Button size="small" icon={<ReloadOutlined />} loading={loading} onClick={onRefresh} />
      </Tooltip>
      <Tooltip title={t('dashboard.live.hint')}>
        <Badge status="processing" text={t('dashboard.live.label', { count: liveUpdates })} data-testid="live-updates" data-count={liveUpdates} />
      </Tooltip>
    </Space>
  );
}
