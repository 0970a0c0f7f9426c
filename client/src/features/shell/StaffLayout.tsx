import { useEffect } from 'react';
import { Grid, Layout, Menu, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation, useNavigate } from 'react-router-dom';
import { staffAreas, staffRoutes, type Ability } from '../../routes';
import { useStore } from '../../store';
import { connectRealtime, disconnectRealtime } from '../../store/realtime';
import { NotificationBell } from '../notifications/NotificationBell';
import { AvailabilitySwitch } from '../routing/AvailabilitySwitch';
import { Brand } from './Brand';
import { ConnectionBadge } from './ConnectionBadge';
import { LanguageSwitch } from './LanguageSwitch';
import { UserMenu } from './UserMenu';

/** Longest route/area path that prefixes the current location. */
function bestMatch<T extends { path: string }>(items: readonly T[], pathname: string): T | undefined {
  return [...items].sort((a, b) => b.path.length - a.path.length).find((i) => pathname === i.path || pathname.startsWith(`${i.path}/`));
}

/** Frame of the staff areas: header with areas, live status, notifications, language, user. */
export function StaffLayout() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const status = useStore((s) => s.auth.status);
  const abilities = useStore((s) => s.auth.me?.abilities);
  // Phones: icons only in the header, so the area menu keeps its room.
  const compact = !Grid.useBreakpoint().md;

  useEffect(() => {
    if (status !== 'signedIn') return;
    connectRealtime();
    return () => disconnectRealtime();
  }, [status]);

  const allowed = (req?: Ability) => !req || Boolean(abilities?.[req]);
  const areas = staffAreas.filter((a) => allowed('requires' in a ? a.requires : undefined));
  const area = bestMatch(staffAreas, pathname);
  const sideItems = staffRoutes.filter((r) => r.area === area?.key && r.nav && allowed(r.requires));
  const sideSelected = bestMatch(sideItems, pathname);

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header className="rd-header rd-header-sticky">
        <Brand to="/console" />
        {status === 'signedIn' ? (
          <Menu
            className="rd-header-menu"
            mode="horizontal"
            data-testid="area-nav"
            selectedKeys={area ? [area.key] : []}
            items={areas.map((a) => ({ key: a.key, label: <span data-testid={`nav-${a.key}`}>{t(a.label)}</span> }))}
            onClick={(e) => navigate(staffAreas.find((a) => a.key === e.key)?.path ?? '/console')}
          />
        ) : (
          <div style={{ flex: 1 }} />
        )}
        <Space size={compact ? 'small' : 'middle'}>
          {status === 'signedIn' && <ConnectionBadge compact={compact} />}
          {status === 'signedIn' && <AvailabilitySwitch />}
          {status === 'signedIn' && <NotificationBell />}
          <LanguageSwitch />
          {status === 'signedIn' && <UserMenu compact={compact} />}
        </Space>
      </Layout.Header>
      <Layout>
        {sideItems.length > 1 && (
          <Layout.Sider width={208} theme="light" breakpoint="lg" collapsedWidth={0} className="rd-side-sticky">
            <Menu
              mode="inline"
              data-testid="side-nav"
              style={{ borderInlineEnd: 'none', paddingTop: 8 }}
              selectedKeys={sideSelected ? [sideSelected.path] : []}
              items={sideItems.map((r) => ({ key: r.path, label: t(r.nav ?? '') }))}
              onClick={(e) => navigate(e.key)}
            />
          </Layout.Sider>
        )}
        <Layout.Content style={{ padding: 16, minWidth: 0 }}>
          <Outlet />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
