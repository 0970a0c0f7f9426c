/**
 * The supervisor's dashboard updates live: with the dashboard open (1366x768, a laptop screen),
 * a customer files a complaint and an agent resolves it in other sessions; the backlog and
 * volume figures change without a reload ('metrics:changed' over Socket.IO). Screenshots in
 * English and Chinese: test/artifacts/dashboard-en.png, dashboard-zh.png.
 */
import request from 'supertest';
import type { Page } from 'playwright-core';
import { complaintBody, createTeam, createUser, login, type StaffClient } from '../support/factories';
import { browserSuite, loginThroughUi, newContext, screenshot } from '../support/browser';

const PASSWORD = 'test-password-1';
const VIEWPORT = { width: 1366, height: 768 };
const suite = browserSuite();

async function file(category = 'delivery_delay'): Promise<{ id: string; reference: string }> {
  const res = await request(suite.t.url).post('/api/complaints').send(complaintBody({ category }));
  expect(res.status).toBe(201);
  return res.body as { id: string; reference: string };
}

async function resolve(agent: StaffClient, id: string): Promise<void> {
  expect(
    (
      await agent.post(`/api/complaints/${id}/messages`, {
        body: 'Sorry about this, a replacement is on its way.',
        visibility: 'public',
      })
    ).status,
  ).toBe(201);
  expect((await agent.post(`/api/complaints/${id}/status`, { status: 'resolved' })).status).toBe(200);
}

/** Re-read `read()` until it returns `want` (the page updates on its own; no reload). */
async function until<T>(read: () => Promise<T>, want: T, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await read().catch(() => undefined);
    if (last === want) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`expected ${String(want)}, still ${String(last)} after ${timeoutMs} ms`);
}

/** The number shown on a KPI card. */
async function kpi(page: Page, key: string): Promise<number> {
  const text = await page.getByTestId(`kpi-${key}`).locator('.ant-statistic-content-value').innerText();
  return Number(text.replace(/[^\d.]/g, ''));
}

async function openDashboard(page: Page, email: string): Promise<void> {
  await loginThroughUi(page, email, PASSWORD);
  await page.goto('/supervisor');
  await page.getByTestId('kpi-backlog').waitFor();
  await page.getByTestId('volume-chart').locator('.recharts-surface').first().waitFor();
}

it("updates the supervisor's dashboard live when a complaint is filed and resolved elsewhere", async () => {
  const team = await createTeam({
    categories: ['delivery_delay', 'damaged_in_transit', 'staff_behaviour'],
    name: 'Orders',
  });
  const agentUser = await createUser('agent', {
    teamIds: [team._id],
    name: 'Ana Agent',
    availability: 'online',
  });
  const supervisor = await createUser('supervisor', {
    teamIds: [team._id],
    name: 'Sam Supervisor',
  });
  const agent = await login(suite.t.url, agentUser.email, PASSWORD);

  // Some history so the charts have something to draw.
  const earlier = [];
  for (const category of ['delivery_delay', 'damaged_in_transit', 'staff_behaviour', 'delivery_delay', 'waiting_time']) earlier.push(await file(category));
  for (const c of earlier.slice(0, 3)) await resolve(agent, c.id);

  const ctx = await newContext(suite.browser, {
    baseURL: suite.t.url,
    language: 'en',
    viewport: VIEWPORT,
  });
  const page = await ctx.newPage();
  await openDashboard(page, supervisor.email);
  await until(() => kpi(page, 'backlog'), 2);
  const live = page.getByTestId('live-updates');
  const updatesBefore = Number(await live.getAttribute('data-count'));

  // Another session: a customer files a complaint. The backlog goes up without a reload.
  const fresh = await file('delivery_delay');
  await until(() => kpi(page, 'backlog'), 3);
  expect(Number(await live.getAttribute('data-count'))).toBeGreaterThan(updatesBefore);

  // The agent resolves it in their session: the backlog goes down, within-target share shows.
  await resolve(agent, fresh.id);
  await until(() => kpi(page, 'backlog'), 2);
  await until(async () => (await page.getByTestId('kpi-withinTarget').innerText()).includes('%'), true);

  // Drill-down: the backlog card opens the open complaints.
  await page.getByTestId('kpi-backlog').click();
  const drawer = page.locator('.ant-drawer-content');
  await drawer.getByText(earlier[3]!.reference).waitFor();
  await page.waitForTimeout(600); // let the drawer finish sliding in
  await screenshot(page, 'dashboard-drilldown-en', false);
  await page.keyboard.press('Escape');
  await drawer.waitFor({ state: 'hidden' });
  await screenshot(page, 'dashboard-en');

  // The same dashboard in Chinese.
  const zhCtx = await newContext(suite.browser, {
    baseURL: suite.t.url,
    language: 'zh',
    viewport: VIEWPORT,
  });
  const zh = await zhCtx.newPage();
  await openDashboard(zh, supervisor.email);
  await zh.getByText('主管仪表盘').waitFor();
  await until(() => kpi(zh, 'backlog'), 2);
  await screenshot(zh, 'dashboard-zh');
  await ctx.close();
  await zhCtx.close();
}, 120_000);
