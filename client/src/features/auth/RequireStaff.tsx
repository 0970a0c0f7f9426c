import { Suspense, lazy, type ReactNode } from 'react';
import { Spin } from 'antd';
import { Navigate, useLocation } from 'react-router-dom';
import type { Ability } from '../../routes';
import { useStore } from '../../store';

// Loaded only when shown: antd's Result carries its illustrations (several KB gzip) the console's
// first screen does not need.
const Forbidden = lazy(() => import('./Forbidden').then((m) => ({ default: m.Forbidden })));

/** Gate for staff pages: waits for /api/auth/me, sends anonymous visitors to /login. */
export function RequireStaff({ ability, children }: { ability?: Ability; children: ReactNode }) {
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
      <Suspense fallback={null}>
        <Forbidden />
      </Suspense>
    );
  }
  return <>{children}</>;
}
