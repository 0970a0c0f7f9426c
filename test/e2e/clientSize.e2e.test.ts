/**
 * The client size budget (issue 13): the JavaScript a page really downloads, seen by headless
 * Chromium, counted as gzip bytes (the .gz the build writes beside each file):
 *   - the customer's complaint form and tracking page, together, with the tracking page's live
 *     updates running: at most 150 KB;
 *   - the staff sign-in page and the console's first screen (signed in): at most 350 KB each.
 * And the portal never downloads the console, the charts or the Socket.IO client (the tracking
 * page follows its complaint on a server-sent event stream). Fails when a change (a static import
 * of a page in routes.tsx, a heavy library in a portal page) breaks it.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { createTeam, createUser } from '../support/factories';
import { browserSuite, newContext, screenshot } from '../support/browser';
import { chunkFileOf, clientDist, gzipBytes, kb, recordScripts, type LoadedScript } from '../support/clientWeight';

const PASSWORD = 'test-password-1';
const PORTAL_BUDGET = 150 * 1024;
/**
 * Issue 13: 350 KB for the staff sign-in page and the console's first screen (~408 KB before the
 * console's first screen was reworked: light pickers instead of antd Select, plain tabs, list and
 * card boxes instead of antd Tabs / List / Card, the 403 page, antd's Chinese locale and the
 * Chinese texts loaded on demand). What is left is React and the router, antd's core, Button,
 * Input, Dropdown / Menu, Layout, App (message, modal, notification) and socket.io-client.
 */
const CONSOLE_BUDGET = 350 * 1024;

const suite = browserSuite();

function report(label: string, scripts: LoadedScript[]): number {
  const rows = scripts.map((s) => ({ file: s.path, gzip: gzipBytes(s.path) })).sort((a, b) => b.gzip - a.gzip);
  const total = rows.reduce((n, r) => n + r.gzip, 0);
  process.stdout.write(`${label}: ${kb(total)} gzip in ${rows.length} scripts\n${rows.map((r) => `  ${kb(r.gzip).padStart(9)}  ${r.file}`).join('\n')}\n`);
  return total;
}

it('the complaint form and the live tracking page load at most 150 KB of JavaScript (gzip), and nothing of the console', async () => {
  const ctx = await newContext(suite.browser, { baseURL: suite.t.url, language: 'en', viewport: { width: 390, height: 844 } });
  const page = await ctx.newPage();
  const scripts = recordScripts(page);

  await page.goto('/');
  await page.getByTestId('submit-complaint').waitFor();
  await page.waitForLoadState('networkidle');
  const formScripts = scripts();
  const codeOf = (s: LoadedScript) => readFileSync(path.join(clientDist, s.path), 'utf8');
  // The form: no Socket.IO client (engine.io's handshake names its protocol version EIO).
  expect(formScripts.filter((s) => codeOf(s).includes('EIO')).map((s) => s.path)).toEqual([]);
  report('portal complaint form', formScripts);

  const filed = await request(suite.t.url)
    .post('/api/complaints')
    .send({
      customer: { name: 'Budget Check', email: 'budget@example.com' },
      category: 'delivery_delay',
      description: 'Parcel late by a week, nobody answers.',
    });
  expect(filed.status).toBe(201);
  await page.goto(new URL(filed.body.trackingUrl as string).pathname + new URL(filed.body.trackingUrl as string).hash);
  await page.getByTestId('tracking-page').waitFor();
  // Live updates on: the event stream is open and everything the page loaded is counted below.
  await page.getByTestId('tracking-live').waitFor();
  // Not 'networkidle': the live stream is a request that stays open by design.
  await page.waitForTimeout(1_000);

  const loaded = scripts();
  // Served compressed (brotli to Chromium; files under 1 KB are not worth it and are sent as they are).
  expect(loaded.filter((s) => s.encoding !== 'br' && existsSync(path.join(clientDist, `${s.path}.br`))).map((s) => s.path)).toEqual([]);
  const total = report('portal (form + tracking page)', loaded);

  // None of the staff side: console, staff frame (Socket.IO), dashboard charts, admin.
  const staffChunks = [
    'src/features/console/ConsolePage.tsx',
    'src/features/shell/StaffLayout.tsx',
    'src/features/dashboard/DashboardPage.tsx',
    'src/features/admin/AdminPage.tsx',
  ].map(chunkFileOf);
  expect(loaded.map((s) => s.path).filter((p) => staffChunks.includes(p))).toEqual([]);
  expect(loaded.filter((s) => codeOf(s).includes('recharts-wrapper'))).toEqual([]);
  // No Socket.IO client anywhere on the portal: live updates are a server-sent event stream.
  expect(loaded.filter((s) => codeOf(s).includes('EIO')).map((s) => s.path)).toEqual([]);
  expect(total).toBeLessThanOrEqual(PORTAL_BUDGET);

  // The light (antd-free) tracking page as customers see it, in both languages.
  await screenshot(page, 'portal-tracking-light-en');
  await page.getByTestId('lang-zh').click();
  await page
    .getByTestId('status-explainer')
    .filter({ hasText: /[\u4e00-\u9fff]/ })
    .waitFor();
  await screenshot(page, 'portal-tracking-light-zh');
  await ctx.close();
});

it("the sign-in page and the console's first screen each load at most 350 KB of JavaScript (gzip)", async () => {
  const team = await createTeam({ categories: ['delivery_delay'] });
  const agent = await createUser('agent', { teamIds: [team._id] });

  // The sign-in page, in a fresh profile.
  const signIn = await newContext(suite.browser, { baseURL: suite.t.url, language: 'en' });
  const loginPage = await signIn.newPage();
  const loginScripts = recordScripts(loginPage);
  await loginPage.goto('/login');
  await loginPage.getByTestId('login-submit').waitFor();
  await loginPage.waitForLoadState('networkidle');
  const login = report('staff sign-in page', loginScripts());
  await signIn.close();

  // The console's first screen for a signed-in agent, in a fresh profile (nothing cached).
  const ctx = await newContext(suite.browser, { baseURL: suite.t.url, language: 'en' });
  const page = await ctx.newPage();
  expect((await page.request.post('/api/auth/login', { data: { email: agent.email, password: PASSWORD } })).status()).toBe(200);
  const scripts = recordScripts(page);
  await page.goto('/console');
  await page.getByTestId('console-page').waitFor();
  await page.locator('[data-testid^="complaint-list-"]').first().waitFor();
  await page.waitForLoadState('networkidle');
  const first = report('staff console (first screen, signed in)', scripts());
  await ctx.close();

  expect(login).toBeLessThanOrEqual(CONSOLE_BUDGET);
  expect(first).toBeLessThanOrEqual(CONSOLE_BUDGET);
});
