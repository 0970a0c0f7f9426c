import type { ReactNode } from 'react';
import { Button, Result, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useLocation } from 'react-router-dom';
import type { Ability } from '../../routes';
import { useStore } from '../../store';

/** Gate for staff pages: waits for /api/auth/me, sends anonymous visitors to /login. */
export function RequireStaff({ ability, children }: { ability?: Ability; children: ReactNode }) {
  const { t } = useTranslation();
  const status = useStore((s) => s.auth.status);
  const abilities = useStore((s) => s.auth.me?.abilities);
  const location = useLocation();

  if (status === 'unknown') {
    return (
      <div style={{ display: 'grid', placeItems: 'center', padding: 80 }}>
        <Spin />
      </div>
    );
  }
  if (status === 'anonymous') return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  if (ability && !abilities?.[ability]) {
    return (
      <Result
        status="403"
        title={t('auth.forbidden.title')}
        subTitle={t('auth.forbidden.text')}
        extra={
          <Link to="/console">
            <Button type="primary">{t('nav.console')}</Button>
          </Link>
        }
      />
    );
  }
  return <>{children}</>;
}
