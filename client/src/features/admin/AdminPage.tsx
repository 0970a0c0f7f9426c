import { Alert, Button, Card, Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { usePageTitle } from '../shell/usePageTitle';
import './i18n';
import { SlaSettingsTab } from '../sla/admin/SlaSettingsTab';
import { FeedTab } from './FeedTab';
import { StoreCapacityAlert } from './StoreCapacityAlert';
import { TeamsTab } from './TeamsTab';
import { UsersTab } from './UsersTab';
import { useStaffData } from './useStaffData';

type TabKey = 'users' | 'teams' | 'sla' | 'feed';
const tabKeys: readonly TabKey[] = ['users', 'teams', 'sla', 'feed'];

/** Admin settings: staff accounts (roles, teams, skills, capacity, limits), teams, SLA policies and calendars, and the health of the change feed. */
export function AdminPage() {
  const { t } = useTranslation();
  usePageTitle(t('admin.title'));
  const [params, setParams] = useSearchParams();
  const tab: TabKey = tabKeys.find((k) => k === params.get('tab')) ?? 'users';
  const { users, teams, loading, error, reload, putUser, putTeam } = useStaffData(t('common.unexpected'));

  return (
    <Card data-testid="admin-page">
      <Typography.Title level={3} style={{ marginTop: 0, marginBottom: 4 }}>
        {t('admin.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('admin.subtitle')}</Typography.Paragraph>
      <StoreCapacityAlert />
      {error && (
        <Alert
          type="error"
          showIcon
          message={error}
          style={{ marginBottom: 12 }}
          action={
            <Button size="small" onClick={() => void reload()}>
              {t('common.retry')}
            </Button>
          }
        />
      )}
      <Tabs
        activeKey={tab}
        onChange={(k) => setParams(k === 'users' ? {} : { tab: k }, { replace: true })}
        data-testid="admin-tabs"
        items={[
          {
            key: 'users',
            label: <span data-testid="tab-users">{t('admin.tabs.users')}</span>,
            children: <UsersTab users={users} teams={teams} loading={loading} onSaved={putUser} />,
          },
          {
            key: 'teams',
            label: <span data-testid="tab-teams">{t('admin.tabs.teams')}</span>,
            children: <TeamsTab teams={teams} users={users} loading={loading} onSaved={putTeam} />,
          },
          {
            key: 'sla',
            label: <span data-testid="tab-sla">{t('sla.admin.tab')}</span>,
            children: tab === 'sla' ? <SlaSettingsTab /> : null,
          },
          {
            key: 'feed',
            label: <span data-testid="tab-feed">{t('admin.tabs.feed')}</span>,
            children: tab === 'feed' ? <FeedTab /> : null,
          },
        ]}
      />
    </Card>
  );
}
