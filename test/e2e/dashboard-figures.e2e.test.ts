/**
 * Dashboard figures that used to mislead (issue 13, point 7), in a real browser at 1366x768:
 * the resolution target line comes from the active SLA policy (not a built-in 72 h), money is per
 * currency and formatted in the viewer's language, budget use is labelled, every category bar is
 * labelled in Chinese, an agent row opens that agent's complaints, drill-down dates are ISO, and
 * the page shows a loading state while the figures come. Screenshots: test/artifacts/
 * dashboard-figures-{en,zh}.png, dashboard-agent-drilldown-en.png.
 */
import request from 'supertest';
import type { Page } from 'playwright-core';
import { defaultCategories } from '@redress/shared';
import { complaintBody, createTeam, createUser, login, type StaffClient } from '../support/factories';
import { browserSuite, loginThroughUi, newContext, screenshot } from '../support/browser';

const PASSWORD = 'test-password-1';
const VIEWPORT = { width: 1366, height: 768 };
const suite = browserSuite();

async function file(category: string): Promise<{ id: string; reference: string }> {
  const res = await request(suite.t.url).post('/api/complaints').send(complaintBody({ category }));
  expect(res.status).toBe(201);
  return res.body as { id: string; reference: string };
}

async function resolve(agent: StaffClient, id: string): Promise<void> {
  expect((await agent.post(`/api/complaints/${id}/messages`, { body: 'Sorted, sorry for the trouble.', visibility: 'public' })).status).toBe(201);
  expect((await agent.post(`/api/complaints/${id}/status`, { status: 'resolved' })).status).toBe(200);
}

async function openDashboard(page: Page, email: string): Promise<void> {
  await loginThroughUi(page, email, PASSWORD);
  await page.goto('/supervisor');
  await page.getByTestId('duration-target').waitFor();
  await page.getByTestId('breakdown-chart').locator('.recharts-surface').first().waitFor();
}

/** The category labels the breakdown chart draws on its axis. */
async function categoryTicks(page: Page): Promise<string[]> {
  // The SVG's texts are the axis ticks: numbers on the value axis, labels on the category axis.
  const texts = await page.getByTestId('breakdown-chart').locator('svg text').allTextContents();
  return texts.map((s) => s.trim()).filter((s) => s && !/^\d+$/.test(s));
}

it('shows the policy target, money per currency, every category label, agent drill-down and a loading state', async () => {
  const categories = defaultCategories.filter((c) => c.active).map((c) => c.key);
  const team = await createTeam({ categories, name: 'Desk' });
  const agentUser = await createUser('agent', {
    teamIds: [team._id],
    name: 'Ana Agent',
    availability: 'online',
    remedyLimits: { perRemedy: 1000, perDay: 5000 },
  });
  const supUser = await createUser('supervisor', { teamIds: [team._id], name: 'Sam Supervisor' });
  const adminUser = await createUser('admin', { name: 'Ada Admin' });
  const [agent, sup, admin] = await Promise.all([login(suite.t.url, agentUser.email), login(suite.t.url, supUser.email), login(suite.t.url, adminUser.email)]);

  // The SLA policy that covers ordinary complaints: its 7-hour resolution target is the chart's line.
  const policy = await admin.post('/api/sla/policies', {
    name: 'Desk standard',
    order: 0,
    match: {},
    targets: { firstResponseMinutes: 60, resolutionMinutes: 7 * 60 },
  });
  expect(policy.status).toBe(201);

  // One complaint in every category (11 bars); the agent resolves three.
  const filed = [];
  for (const c of categories) filed.push(await file(c));
  for (const c of filed.slice(0, 3)) await resolve(agent, c.id);

  // Money in two currencies, each against its own budget.
  const period = new Date().toISOString().slice(0, 7);
  const budgets = await sup.put('/api/compensation/budgets', {
    items: [
      { period, scope: 'team', scopeKey: team.key, currency: 'EUR', limit: 500 },
      { period, scope: 'team', scopeKey: team.key, currency: 'CNY', limit: 2000 },
    ],
  });
  expect(budgets.status).toBe(200);
  const eur = await agent.post(`/api/complaints/${filed[4]!.id}/remedies`, { type: 'voucher', amount: 25, currency: 'EUR' });
  const cny = await agent.post(`/api/complaints/${filed[5]!.id}/remedies`, { type: 'refund', amount: 300, currency: 'CNY' });
  expect([eur.body.autoApproved, cny.body.autoApproved]).toEqual([true, true]);
  await suite.t.settle();

  // English. The first load is held back a moment: the page shows placeholders, not blank charts.
  const ctx = await newContext(suite.browser, { baseURL: suite.t.url, language: 'en', viewport: VIEWPORT });
  const page = await ctx.newPage();
  let release: () => void = () => undefined;
  const held = new Promise<void>((r) => (release = r));
  await page.route('**/api/metrics/overview**', async (route) => {
    await held;
    await route.continue();
  });
  await loginThroughUi(page, supUser.email, PASSWORD);
  await page.goto('/supervisor');
  await page.getByTestId('dashboard-loading').waitFor();
  release();
  await page.getByTestId('duration-target').waitFor();
  await page.getByTestId('breakdown-chart').locator('.recharts-surface').first().waitFor();
  expect(await page.getByTestId('dashboard-loading').count()).toBe(0);

  expect(await page.getByTestId('duration-target').innerText()).toBe('Target 7.0h (Desk standard)');
  await page.getByTestId('duration-chart').locator('svg text', { hasText: 'Target 7.0h' }).first().waitFor();

  const spend = await page.getByTestId('recovery-spend').innerText();
  expect(spend).toContain('CN¥300.00');
  expect(spend).toContain('€25.00');
  expect(await page.getByTestId('kpi-spend').locator('.ant-statistic-content-value').innerText()).toBe('CN¥300.00 · €25.00');
  expect(await page.getByTestId('recovery-budget').innerText()).toBe('CN¥2,000.00 · €500.00');
  expect(await page.getByTestId('budget-use-EUR').innerText()).toContain('Budget used (EUR)');
  expect(await page.getByTestId('budget-use-EUR').innerText()).toContain('€25.00 of €500.00');
  expect(await page.getByTestId('budget-use-CNY').innerText()).toContain('CN¥300.00 of CN¥2,000.00');

  expect((await categoryTicks(page)).sort()).toEqual(
    defaultCategories
      .filter((c) => c.active)
      .map((c) => c.label.en)
      .sort(),
  );
  await screenshot(page, 'dashboard-figures-en');

  // An agent row opens the complaints that agent resolved; dates in the one ISO format.
  await page.getByTestId(`agent-row-${agentUser._id}`).click();
  const drawer = page.locator('.ant-drawer-content');
  await drawer.getByText('Ana Agent · resolved').waitFor();
  for (const c of filed.slice(0, 3)) await drawer.getByText(c.reference).waitFor();
  expect(await drawer.getByText(filed[6]!.reference).count()).toBe(0);
  const created = await drawer.locator('tbody tr.ant-table-row').first().locator('td').nth(6).innerText();
  expect(created).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
  await page.waitForTimeout(600); // the drawer slides in
  await screenshot(page, 'dashboard-agent-drilldown-en', false);
  await ctx.close();

  // Chinese: all eleven category labels show, money in the Chinese format.
  const zhCtx = await newContext(suite.browser, { baseURL: suite.t.url, language: 'zh', viewport: VIEWPORT });
  const zh = await zhCtx.newPage();
  await openDashboard(zh, supUser.email);
  await zh.getByText('主管仪表盘').waitFor();
  expect(await zh.getByTestId('duration-target').innerText()).toBe('目标 7.0h（Desk standard）');
  expect(await zh.getByTestId('recovery-spend').innerText()).toContain('¥300.00');
  expect(await zh.getByTestId('budget-use-CNY').innerText()).toContain('预算使用（CNY）');
  const zhTicks = await categoryTicks(zh);
  expect(zhTicks.sort()).toEqual(
    defaultCategories
      .filter((c) => c.active)
      .map((c) => c.label.zh)
      .sort(),
  );
  await screenshot(zh, 'dashboard-figures-zh');

  // The budgets page keeps one line per currency, each in its own money.
  await zh.goto('/supervisor/budgets');
  const lines = zh.getByTestId('budgets-page').locator('tbody tr.ant-table-row', { hasText: team.key });
  await lines.first().waitFor();
  const texts = await lines.allInnerTexts();
  expect(texts.find((r) => r.includes('CNY'))).toContain('¥1,700.00');
  expect(texts.find((r) => r.includes('EUR'))).toContain('€475.00');
  await screenshot(zh, 'budgets-per-currency-zh');
  await zhCtx.close();
}, 180_000);
