import { Card, Empty, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

/** SLOT: admin settings (users, teams, SLA calendars, compensation rules, budgets). */
export function AdminPage() {
  const { t } = useTranslation();
  return (
    <Card data-testid="admin-page">
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('nav.settings')}
      </Typography.Title>
      <Empty description={t('shell.comingSoon')} />
    </Card>
  );
}
