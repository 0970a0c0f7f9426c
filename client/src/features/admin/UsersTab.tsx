import { useMemo, useState, type HTMLAttributes } from 'react';
import { App, Badge, Button, Input, Space, Switch, Table, Tag, Tooltip, Typography } from 'antd';
import { PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { roles, type StaffUserView, type TeamView } from '@redress/shared';
import { ApiError } from '../../lib/api';
import { useStore } from '../../store';
import { useCategories } from '../portal/useCategories';
import { adminApi } from './api';
import './i18n';
import { UserDrawer } from './UserDrawer';

const roleColor: Record<StaffUserView['role'], string> = { admin: 'volcano', supervisor: 'geekblue', agent: 'green' };
const presence: Record<StaffUserView['availability'], 'success' | 'warning' | 'default'> = { online: 'success', away: 'warning', offline: 'default' };

export interface UsersTabProps {
  users: StaffUserView[];
  teams: TeamView[];
  loading: boolean;
  onSaved(user: StaffUserView): void;
}

/** The staff accounts: who they are, what they handle, their load now, and the add/edit drawer. */
export function UsersTab({ users, teams, loading, onSaved }: UsersTabProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { label } = useCategories();
  const meId = useStore((s) => s.auth.me?.user.id);
  const [search, setSearch] = useState('');
  const [editing, setEditing] = useState<StaffUserView | 'new' | null>(null);
  const [toggling, setToggling] = useState<string | null>(null);
  const teamName = useMemo(() => new Map(teams.map((tm) => [tm.id, tm.name])), [teams]);

  const shown = useMemo(() => {
    const q = search.trim().toLowerCase();
    if (!q) return users;
    return users.filter((u) =>
      [u.name, u.email, t(`auth.roles.${u.role}`), ...u.teamIds.map((id) => teamName.get(id) ?? ''), ...u.skills.categories.map(label), ...u.skills.categories]
        .join('\n')
        .toLowerCase()
        .includes(q),
    );
  }, [users, search, teamName, label, t]);

  async function setActive(u: StaffUserView, active: boolean) {
    setToggling(u.id);
    try {
      const { user } = await adminApi.updateUser(u.id, { active });
      onSaved(user);
      message.success(t(active ? 'admin.users.activated' : 'admin.users.deactivated', { name: user.name }));
    } catch (err) {
      message.error(err instanceof ApiError ? (err.fields[0]?.message ?? err.message) : t('common.unexpected'));
    } finally {
      setToggling(null);
    }
  }

  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 12 }} data-testid="users-tab">
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Input
          allowClear
          prefix={<SearchOutlined />}
          placeholder={t('admin.users.search')}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          style={{ width: 320 }}
          data-testid="users-search"
        />
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="user-add">
          {t('admin.users.add')}
        </Button>
      </Space>
      <Table<StaffUserView>
        size="small"
        rowKey="id"
        loading={loading}
        dataSource={shown}
        scroll={{ x: 1100 }}
        locale={{ emptyText: t('admin.users.empty') }}
        pagination={shown.length > 20 ? { pageSize: 20, size: 'small', showTotal: (count) => t('admin.users.count', { count }) } : false}
        onRow={(u) => ({ 'data-testid': `user-row-${u.email}` }) as HTMLAttributes<HTMLElement>}
        columns={[
          {
            title: t('admin.users.name'),
            dataIndex: 'name',
            sorter: (a, b) => a.name.localeCompare(b.name),
            render: (name: string, u) => (
              <Space size={4}>
                <Typography.Text strong type={u.active ? undefined : 'secondary'}>
                  {name}
                </Typography.Text>
                {u.id === meId && <Tag bordered={false}>{t('admin.users.you')}</Tag>}
                {u.senior && <Tag color="gold">{t('admin.users.senior')}</Tag>}
              </Space>
            ),
          },
          { title: t('admin.users.email'), dataIndex: 'email', ellipsis: true },
          {
            title: t('admin.users.role'),
            dataIndex: 'role',
            width: 110,
            filters: roles.map((r) => ({ text: t(`auth.roles.${r}`), value: r })),
            onFilter: (v, u) => u.role === v,
            render: (r: StaffUserView['role']) => <Tag color={roleColor[r]}>{t(`auth.roles.${r}`)}</Tag>,
          },
          {
            title: t('admin.users.teams'),
            render: (_, u) =>
              u.teamIds.length ? (
                u.teamIds.map((id) => <Tag key={id}>{teamName.get(id) ?? id}</Tag>)
              ) : (
                <Typography.Text type="secondary">{t('admin.users.noTeam')}</Typography.Text>
              ),
          },
          {
            title: t('admin.users.skills'),
            render: (_, u) => (
              <Space size={[0, 4]} wrap>
                {u.skills.categories.length ? (
                  u.skills.categories.map((c) => (
                    <Tag key={c} color="blue">
                      {label(c)}
                    </Tag>
                  ))
                ) : (
                  <Tag>{t('admin.users.generalist')}</Tag>
                )}
                {u.skills.languages.map((l) => (
                  <Tag key={l} color="purple">
                    {t(`admin.users.languages.${l}`, { defaultValue: l })}
                  </Tag>
                ))}
              </Space>
            ),
          },
          {
            title: <Tooltip title={t('admin.users.capacityTitle')}>{t('admin.users.capacity')}</Tooltip>,
            width: 110,
            align: 'center',
            sorter: (a, b) => a.openCount / Math.max(1, a.capacity) - b.openCount / Math.max(1, b.capacity),
            render: (_, u) => (
              <Typography.Text type={u.capacity > 0 && u.openCount >= u.capacity ? 'danger' : undefined} data-testid={`capacity-${u.email}`}>
                {u.openCount}/{u.capacity}
              </Typography.Text>
            ),
          },
          {
            title: t('admin.users.availability'),
            width: 110,
            render: (_, u) => <Badge status={presence[u.availability]} text={t(`admin.users.availabilities.${u.availability}`)} />,
          },
          {
            title: t('admin.users.active'),
            width: 80,
            align: 'center',
            render: (_, u) => (
              <Switch
                size="small"
                checked={u.active}
                disabled={u.id === meId}
                loading={toggling === u.id}
                onChange={(v) => void setActive(u, v)}
                aria-label={t('admin.users.active')}
                data-testid={`active-${u.email}`}
              />
            ),
          },
          {
            title: '',
            width: 80,
            fixed: 'right',
            render: (_, u) => (
              <Button size="small" onClick={() => setEditing(u)} data-testid={`user-edit-${u.email}`}>
                {t('admin.users.edit')}
              </Button>
            ),
          },
        ]}
      />
      <UserDrawer
        editing={editing}
        teams={teams}
        onClose={() => setEditing(null)}
        onSaved={(u) => {
          onSaved(u);
          setEditing(null);
        }}
      />
    </div>
  );
}
