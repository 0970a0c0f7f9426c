import { useEffect } from 'react';
import { Alert, Badge, Empty, Space, Spin, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import type { ComplaintSummaryPayload } from '@redress/shared';
import { useStore } from '../../../store';
import { selectRows } from '../selectors';
import { listKeys, type ListKey } from '../slice';
import { ComplaintFilters } from './ComplaintFilters';
import { SlaBadge } from '../../sla/SlaBadge';
import { PriorityTag, StatusTag, TierTag } from './tags';

function Row({ c, selected, fresh, onOpen }: { c: ComplaintSummaryPayload; selected: boolean; fresh: boolean; onOpen(): void }) {
  const { t } = useTranslation();
  return (
    <div
      className={`rd-list-row ${selected ? 'rd-row-selected' : ''} ${fresh ? 'rd-row-fresh' : ''}`}
      onClick={onOpen}
      onKeyDown={(e) => {
        if (e.key !== 'Enter' && e.key !== ' ') return;
        e.preventDefault();
        onOpen();
      }}
      role="button"
      tabIndex={0}
      aria-current={selected ? 'true' : undefined}
      data-testid="complaint-row"
      data-reference={c.reference}
      data-id={c.id}
      data-fresh={fresh ? 'true' : 'false'}
    >
      <div style={{ width: '100%', minWidth: 0 }}>
        <Space style={{ width: '100%', justifyContent: 'space-between' }} size={4}>
          <Space size={6}>
            <Typography.Text strong data-testid="row-reference">
              {c.reference}
            </Typography.Text>
            {fresh && (
              <Tag color="blue" bordered={false} data-testid="row-new">
                {t('console.list.new')}
              </Tag>
            )}
          </Space>
          <Typography.Text type="secondary" style={{ fontSize: 12 }} title={dayjs(c.createdAt).format('YYYY-MM-DD HH:mm')} data-testid="row-age">
            {dayjs(c.createdAt).fromNow(true)}
          </Typography.Text>
        </Space>
        <Typography.Text ellipsis style={{ display: 'block' }} data-testid="row-subject">
          {c.subject}
        </Typography.Text>
        <Space size={4} wrap style={{ marginTop: 4 }}>
          <Typography.Text type="secondary" style={{ fontSize: 13, marginRight: 4 }} data-testid="row-customer">
            {c.customerName}
          </Typography.Text>
          <TierTag tier={c.customerTier} />
          <PriorityTag priority={c.priority} />
          <StatusTag status={c.status} />
          <SlaBadge sla={c.sla} />
          <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="row-assignee">
            {c.assigneeName ?? t('console.list.unassigned')}
          </Typography.Text>
        </Space>
      </div>
    </div>
  );
}

function Rows({ listKey }: { listKey: ListKey }) {
  const { t } = useTranslation();
  const rows = useStore(useShallow(selectRows(listKey)));
  const list = useStore((s) => s.console.lists[listKey]);
  const selectedId = useStore((s) => s.console.selectedId);
  const fresh = useStore((s) => s.console.fresh);
  const select = useStore((s) => s.selectComplaint);
  if (list.error) return <Alert type="error" showIcon message={list.error} />;
  // A plain list (antd's List brings its Pagination, and with it Select, to the first screen).
  return (
    <div className="rd-list" data-testid={`complaint-list-${listKey}`}>
      {list.loading && rows.length === 0 ? (
        <div className="rd-list-loading">
          <Spin />
        </div>
      ) : rows.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('console.list.empty')} />
      ) : (
        rows.map((c) => <Row key={c.id} c={c} selected={c.id === selectedId} fresh={Boolean(fresh[c.id])} onOpen={() => select(c.id)} />)
      )}
    </div>
  );
}

/** Left pane: my complaints, the team queue, everything, with search and filters. */
export function ComplaintList() {
  const { t } = useTranslation();
  const tab = useStore((s) => s.console.tab);
  const setTab = useStore((s) => s.setConsoleTab);
  const loadList = useStore((s) => s.loadList);
  const counts = useStore(useShallow((s) => listKeys.map((k) => s.console.lists[k].ids.filter((id) => s.console.fresh[id]).length)));

  useEffect(() => {
    if (!useStore.getState().console.lists[tab].loaded) void loadList(tab);
  }, [tab, loadList]);

  return (
    <div data-testid="complaint-list">
      <ComplaintFilters />
      {/* Light tabs (antd's Tabs is ~10 KB gzip for three labels): a tablist, the active list below. */}
      <div className="rd-list-tabs" role="tablist">
        {listKeys.map((k, i) => (
          <button key={k} type="button" role="tab" className="rd-list-tab" aria-selected={k === tab} onClick={() => setTab(k)}>
            <span data-testid={`tab-${k}`}>
              {t(`console.tabs.${k}`)} {counts[i] ? <Badge count={counts[i]} size="small" color="#1f5fbf" /> : null}
            </span>
          </button>
        ))}
      </div>
      <div role="tabpanel">
        <Rows key={tab} listKey={tab} />
      </div>
    </div>
  );
}
