import { useEffect, useState } from 'react';
import { Input, Space } from 'antd';
import { useTranslation } from 'react-i18next';
// The modules, not the package index (which would bring every shared zod schema into the console's first screen).
import { complaintStatuses } from '@redress/shared/src/complaints/lifecycle';
import { channels } from '@redress/shared/src/complaints/taxonomy';
import { MenuSelect } from '../../../lib/MenuSelect';
import { useStore } from '../../../store';
import { useCategories } from '../../portal/useCategories';

/** Search box and status / category / channel filters; they narrow the current tab. */
export function ComplaintFilters() {
  const { t } = useTranslation();
  const filters = useStore((s) => s.console.filters);
  const setFilters = useStore((s) => s.setConsoleFilters);
  const { categories, label } = useCategories();
  const [q, setQ] = useState(filters.q);

  // Search as the agent types, without a request per keystroke.
  useEffect(() => {
    if (q === filters.q) return;
    const timer = setTimeout(() => setFilters({ ...filters, q }), 300);
    return () => clearTimeout(timer);
  }, [q, filters, setFilters]);

  return (
    <Space direction="vertical" style={{ width: '100%' }} size={8}>
      <Input.Search
        allowClear
        value={q}
        onChange={(e) => setQ(e.target.value)}
        onSearch={(v) => setFilters({ ...filters, q: v })}
        placeholder={t('console.filters.search')}
        data-testid="console-search"
      />
      <Space.Compact style={{ width: '100%' }}>
        <MenuSelect
          allowClear
          clearLabel={t('console.filters.any')}
          style={{ width: '36%' }}
          placeholder={t('console.filters.status')}
          value={filters.status}
          onChange={(status) => setFilters({ ...filters, status })}
          options={[{ value: 'open', label: t('console.status.open') }, ...complaintStatuses.map((s) => ({ value: s, label: t(`console.status.${s}`) }))]}
          data-testid="filter-status"
        />
        <MenuSelect
          allowClear
          clearLabel={t('console.filters.any')}
          style={{ width: '38%' }}
          placeholder={t('console.filters.category')}
          value={filters.category}
          onChange={(category) => setFilters({ ...filters, category })}
          options={categories.map((c) => ({ value: c.key, label: label(c.key) }))}
          data-testid="filter-category"
        />
        <MenuSelect
          allowClear
          clearLabel={t('console.filters.any')}
          style={{ width: '26%' }}
          placeholder={t('console.filters.channel')}
          value={filters.channel}
          onChange={(channel) => setFilters({ ...filters, channel })}
          options={channels.map((c) => ({ value: c, label: t(`console.channels.${c}`) }))}
          data-testid="filter-channel"
        />
      </Space.Compact>
    </Space>
  );
}
