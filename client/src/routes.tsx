import type { ReactNode } from 'react';
import type { RouteObject } from 'react-router-dom';
import { AdminPage } from './features/admin/AdminPage';
import { ApprovalsPage } from './features/compensation/ApprovalsPage';
import { AuditPage } from './features/compensation/AuditPage';
import { BudgetsPage } from './features/compensation/BudgetsPage';
import { RulesPage } from './features/compensation/RulesPage';
import { CustomersPage } from './features/customers/CustomersPage';
import { LoginPage } from './features/auth/LoginPage';
import { RequireStaff } from './features/auth/RequireStaff';
import { ConsolePage } from './features/console/ConsolePage';
import { DashboardPage } from './features/dashboard/DashboardPage';
import { DevMailPage } from './features/devmail/DevMailPage';
import { ComplaintFormPage } from './features/portal/ComplaintFormPage';
import { TrackingPage } from './features/portal/TrackingPage';
import { NotFoundPage } from './features/shell/NotFoundPage';
import { PublicLayout } from './features/shell/PublicLayout';
import { StaffLayout } from './features/shell/StaffLayout';

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
  /** i18n key of the side-menu label; omit to keep the route out of the menu. */
  nav?: string;
  requires?: Ability;
}

/**
 * THE staff route table. A feature adds ONE line here, e.g.
 *   { path: '/supervisor/approvals', area: 'supervisor', nav: 'compensation.nav', requires: 'supervise', element: <ApprovalsPage /> },
 */
export const staffRoutes: StaffRoute[] = [
  { path: '/console', area: 'console', element: <ConsolePage /> },
  { path: '/supervisor', area: 'supervisor', nav: 'nav.dashboard', requires: 'supervise', element: <DashboardPage /> },
  { path: '/admin', area: 'admin', nav: 'nav.settings', requires: 'administer', element: <AdminPage /> },
  { path: '/supervisor/approvals', area: 'supervisor', nav: 'compensation.nav.approvals', requires: 'supervise', element: <ApprovalsPage /> },
  { path: '/supervisor/rules', area: 'supervisor', nav: 'compensation.nav.rules', requires: 'supervise', element: <RulesPage /> },
  { path: '/supervisor/budgets', area: 'supervisor', nav: 'compensation.nav.budgets', requires: 'supervise', element: <BudgetsPage /> },
  { path: '/supervisor/audit', area: 'supervisor', nav: 'compensation.audit.nav', requires: 'supervise', element: <AuditPage /> },
  { path: '/admin/customers', area: 'admin', nav: 'customers.nav', requires: 'administer', element: <CustomersPage /> },
];

/** Public pages (no sign-in): the complaint form, tracking, the dev mail catcher, sign-in. */
export const publicRoutes: RouteObject[] = [
  { index: true, element: <ComplaintFormPage /> },
  { path: 'track/:reference', element: <TrackingPage /> },
  { path: 'dev/mail', element: <DevMailPage /> },
  { path: 'login', element: <LoginPage /> },
];

/** The router's tree: public layout, staff layout behind sign-in, and a catch-all 404. */
export function buildRoutes(): RouteObject[] {
  return [
    { path: '/', element: <PublicLayout />, children: publicRoutes },
    {
      element: <StaffLayout />,
      children: staffRoutes.map((r) => ({ path: r.path, element: <RequireStaff ability={r.requires}>{r.element}</RequireStaff> })),
    },
    { path: '*', element: <PublicLayout />, children: [{ path: '*', element: <NotFoundPage /> }] },
  ];
}
