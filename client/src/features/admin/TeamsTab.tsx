import { useMemo, useState, type HTMLAttributes } from 'react';
import { Button, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { StaffUserView, TeamView } from '@redress/shared';
import { useCategories } from '../portal/useCategories';
import './i18n';
import { TeamDrawer } from './TeamDrawer';

export interface TeamsTabProps {
  teams: TeamView[];
  users: StaffUserView[];
  loading: boolean;
  onSaved(team: TeamView): void;
}

/** The teams: what is routed to each, which one takes escalations, and how agents are picked. */
export function TeamsTab({ teams, users, loading, onSaved }: TeamsTabProps) {
  const { t } = useTranslation();
  const { label } = useCategories();
  const [editing, setEditing] = useState<TeamView | 'new' | null>(null);
  const members = useMemo(() => {
    const n = new Map<string, number>();
    for (const u of users) for (const id of u.teamIds) if (u.active) n.set(id, (n.get(id) ?? 0) + 1);
    return n;
  }, [users]);

  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 12 }} data-testid="teams-tab">
      <Space style={{ justifyContent: 'flex-end', width: '100%' }}>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="team-add">
          {t('admin.teams.add')}
        </Button>
      </Space>
      <Table<TeamView>
        size="small"
        rowKey="id"
        loading={loading}
        dataSource={teams}
        pagination={false}
        scroll={{ x: 800 }}
        locale={{ emptyText: t('admin.teams.empty') }}
        onRow={(tm) => ({ 'data-testid': `team-row-${tm.key}` }) as HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('admin.teams.key'), dataIndex: 'key', width: 180, render: (k: string) => <Typography.Text code>{k}</Typography.Text> },
          { title: t('admin.teams.name'), dataIndex: 'name', render: (n: string) => <Typography.Text strong>{n}</Typography.Text> },
          {
            title: t('admin.teams.categories'),
            render: (_, tm) =>
              tm.categories.length ? (
                <Space size={[0, 4]} wrap>
                  {tm.categories.map((c) => (
                    <Tag key={c} color="blue">
                      {label(c)}
                    </Tag>
                  ))}
                </Space>
              ) : (
                <Tag>{t('admin.teams.allCategories')}</Tag>
              ),
          },
          {
            title: t('admin.teams.senior'),
            width: 90,
            align: 'center',
            render: (_, tm) => (tm.senior ? <Tag color="gold">{t('admin.yes')}</Tag> : <Typography.Text type="secondary">—</Typography.Text>),
          },
          {
            title: t('admin.teams.routingStrategy'),
            width: 160,
            render: (_, tm) => <span title={t(`admin.teams.strategyHints.${tm.routingStrategy}`)}>{t(`admin.teams.strategies.${tm.routingStrategy}`)}</span>,
          },
          { title: t('admin.teams.members'), width: 90, align: 'center', render: (_, tm) => members.get(tm.id) ?? 0 },
          {
            title: '',
            width: 80,
            render: (_, tm) => (
              <Button size="small" onClick={() => setEditing(tm)} data-testid={`team-edit-${tm.key}`}>
                {t('admin.teams.edit')}
              </Button>
            ),
          },
        ]}
      />
      <TeamDrawer
        editing={editing}
        onClose={() => setEditing(null)}
        onSaved={(tm) => {
          onSaved(tm);
          setEditing(null);
        }}
      />
    </div>
  );
}
