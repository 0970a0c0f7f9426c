import { Suspense, lazy, type ComponentType, type ReactNode } from 'react';
import type { RouteObject } from 'react-router-dom';
import { PublicLayout } from './features/shell/PublicLayout';
import { i18n } from './i18n';

/**
 * A page loaded on demand: each page is its own chunk, so the customer's form never downloads the
 * staff console, its charts, antd or the Socket.IO client (the client size budget in
 * test/e2e/clientSize.e2e.test.ts fails the build when it would). Import pages ONLY through this:
 * a static import of a page in this file puts it into every page's download. `antd: true` wraps
 * the page in antd's providers, loaded with it (the staff layout has them for every staff page).
 */
function page<K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K, o: { antd?: boolean } = {}): ReactNode {
  const Page = lazy(async (): Promise<{ default: ComponentType }> => {
    if (!o.antd) return { default: (await load())[name] as ComponentType };
    const [m, { AntdProviders }] = await Promise.all([
      load(),
      import('./features/shell/AntdProviders').then(async (p) => {
        await p.loadAntdLocale(i18n.language);
        return p;
      }),
    ]);
    const Inner = m[name] as ComponentType;
    return {
      default: () => (
        <AntdProviders>
          <Inner />
        </AntdProviders>
      ),
    };
  });
  return (
    <Suspense fallback={<div className="rd-page-loading" aria-busy="true" />}>
      <Page />
    </Suspense>
  );
}

const RequireStaff = lazy(() => import('./features/auth/RequireStaff').then((m) => ({ default: m.RequireStaff })));

/** What a staff route needs: its own ability from /api/auth/me, or none (any signed-in staff). */
export type Ability = 'supervise' | 'administer';

/** The staff areas shown in the header; an area with several nav routes also gets a side menu. */
export const staffAreas = [
  { key: 'console', path: '/console', label: 'nav.console' },
  { key: 'supervisor', path: '/supervisor', label: 'nav.supervisor', requires: 'supervise' },
  { key: 'admin', path: '/admin', label: 'nav.admin', requires: 'administer' },
] as const satisfies readonly { key: string; path: string; label: string; requires?: Ability }[];
export type StaffArea = (typeof staffAreas)[number]['key'];

export interface StaffRoute {
  /** Absolute path, under its area's path. */
  path: string;
  area: StaffArea;
  element: ReactNode;
  /** i18n key of the side-menu label, under `nav.` in the core bundle (the menu shows before a lazy page registers its own texts); omit to keep the route out of the menu. */
  nav?: string;
  requires?: Ability;
}

/**
 * THE staff route table. A feature adds ONE line here, its page loaded on demand, e.g.
 *   { path: '/supervisor/approvals', area: 'supervisor', nav: 'nav.approvals', requires: 'supervise', element: page(() => import('./features/compensation/ApprovalsPage'), 'ApprovalsPage') },
 */
export const staffRoutes: StaffRoute[] = [
  { path: '/console', area: 'console', element: page(() => import('./features/console/ConsolePage'), 'ConsolePage') },
  {
    path: '/supervisor',
    area: 'supervisor',
    nav: 'nav.dashboard',
    requires: 'supervise',
    element: page(() => import('./features/dashboard/DashboardPage'), 'DashboardPage'),
  },
  { path: '/admin', area: 'admin', nav: 'nav.settings', requires: 'administer', element: page(() => import('./features/admin/AdminPage'), 'AdminPage') },
  {
    path: '/supervisor/approvals',
    area: 'supervisor',
    nav: 'nav.approvals',
    requires: 'supervise',
    element: page(() => import('./features/compensation/ApprovalsPage'), 'ApprovalsPage'),
  },
  {
    path: '/supervisor/rules',
    area: 'supervisor',
    nav: 'nav.remedyRules',
    requires: 'supervise',
    element: page(() => import('./features/compensation/RulesPage'), 'RulesPage'),
  },
  {
    path: '/supervisor/budgets',
    area: 'supervisor',
    nav: 'nav.budgets',
    requires: 'supervise',
    element: page(() => import('./features/compensation/BudgetsPage'), 'BudgetsPage'),
  },
  {
    path: '/supervisor/audit',
    area: 'supervisor',
    nav: 'nav.remedyAudit',
    requires: 'supervise',
    element: page(() => import('./features/compensation/AuditPage'), 'AuditPage'),
  },
  {
    path: '/admin/customers',
    area: 'admin',
    nav: 'nav.customers',
    requires: 'administer',
    element: page(() => import('./features/customers/CustomersPage'), 'CustomersPage'),
  },
  {
    path: '/admin/webhooks',
    area: 'admin',
    nav: 'nav.webhooks',
    requires: 'administer',
    element: page(() => import('./features/integrations/WebhooksPage'), 'WebhooksPage'),
  },
];

/** Public pages (no sign-in): the complaint form, tracking, the dev mail catcher, sign-in. */
export const publicRoutes: RouteObject[] = [
  { index: true, element: page(() => import('./features/portal/ComplaintFormPage'), 'ComplaintFormPage') },
  { path: 'track/:reference', element: page(() => import('./features/portal/TrackingPage'), 'TrackingPage') },
  { path: 'dev/mail', element: page(() => import('./features/devmail/DevMailPage'), 'DevMailPage', { antd: true }) },
  { path: 'login', element: page(() => import('./features/auth/LoginPage'), 'LoginPage', { antd: true }) },
];

/** The router's tree: public layout, staff layout behind sign-in, and a catch-all 404. */
export function buildRoutes(): RouteObject[] {
  return [
    { path: '/', element: <PublicLayout />, children: publicRoutes },
    {
      element: page(() => import('./features/shell/StaffLayout'), 'StaffLayout', { antd: true }),
      children: staffRoutes.map((r) => ({
        path: r.path,
        element: (
          <Suspense>
            <RequireStaff ability={r.requires}>{r.element}</RequireStaff>
          </Suspense>
        ),
      })),
    },
    { path: '*', element: <PublicLayout />, children: [{ path: '*', element: page(() => import('./features/shell/NotFoundPage'), 'NotFoundPage') }] },
  ];
}
