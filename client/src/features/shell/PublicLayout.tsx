import { Button, Layout, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, Outlet } from 'react-router-dom';
import { useStore } from '../../store';
import { Brand } from './Brand';
import { LanguageSwitch } from './LanguageSwitch';

/** Customer-facing frame: brand, language switch, a discreet staff link. */
export function PublicLayout() {
  const { t } = useTranslation();
  const me = useStore((s) => s.auth.me);
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header className="rd-header" style={{ paddingInline: 16 }}>
        <Brand />
        <div style={{ flex: 1 }} />
        <LanguageSwitch />
        <Link to={me ? '/console' : '/login'} data-testid="staff-link">
          <Button type="text" size="small">
            {me ? t('nav.console') : t('nav.staffSignIn')}
          </Button>
        </Link>
      </Layout.Header>
      <Layout.Content style={{ padding: '24px 12px 48px' }}>
        <div style={{ maxWidth: 760, margin: '0 auto' }}>
          <Outlet />
        </div>
      </Layout.Content>
      <Layout.Footer style={{ textAlign: 'center', background: 'transparent' }}>
        <Typography.Text type="secondary">{t('portal.footer')}</Typography.Text>
      </Layout.Footer>
    </Layout>
  );
}
