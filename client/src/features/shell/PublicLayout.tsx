import { useTranslation } from 'react-i18next';
import { Link, Outlet } from 'react-router-dom';
import { useStore } from '../../store';
import { Brand } from './Brand';
import { LanguageSwitch } from './LanguageSwitch';
import '../portal/portal.css';

/**
 * Customer-facing frame: brand, language switch, a discreet staff link. Plain HTML and CSS (no
 * antd): it is part of the customer's first download.
 */
export function PublicLayout() {
  const { t } = useTranslation();
  const me = useStore((s) => s.auth.me);
  return (
    <div className="rd-public">
      <header className="rd-header rd-public-header">
        <Brand />
        <div style={{ flex: 1 }} />
        <LanguageSwitch />
        <Link to={me ? '/console' : '/login'} className="rd-btn rd-btn-text rd-btn-small" data-testid="staff-link">
          {me ? t('nav.console') : t('nav.staffSignIn')}
        </Link>
      </header>
      <main className="rd-public-main">
        <div style={{ maxWidth: 760, margin: '0 auto' }}>
          <Outlet />
        </div>
      </main>
      <footer className="rd-public-footer rd-secondary">{t('portal.footer')}</footer>
    </div>
  );
}
