/**
 * Issue 13, point 3: a new complaint's priority follows its routing score. An MVC customer's
 * high-severity complaint (score about 86) shows "High" in the agent's console and in the
 * supervisor's by-priority figures, in English and Chinese; a standard customer's medium one stays
 * "Normal". Screenshots: test/artifacts/priority-{console,chart,dashboard}-{en,zh}.png.
 */
import path from 'node:path';
import request from 'supertest';
import type { Page } from 'playwright-core';
import { complaintBody, createTeam, createUser, login } from '../support/factories';
import { artifactsDir, browserSuite, loginThroughUi, newContext, screenshot } from '../support/browser';

const PASSWORD = 'test-password-1';
const suite = browserSuite();

async function open(email: string, language: 'en' | 'zh', path: string): Promise<Page> {
  const page = await (await newContext(suite.browser, { baseURL: suite.t.url, language })).newPage();
  await loginThroughUi(page, email, PASSWORD);
  await page.goto(path);
  return page;
}

it('shows the priority the routing score calls for, in the console and the dashboard, in English and Chinese', async () => {
  const team = await createTeam({ categories: ['damaged_in_transit', 'delivery_delay'] });
  const agent = await createUser('agent', { teamIds: [team._id], name: 'Li Wei', capacity: 10 });
  const supervisor = await createUser('supervisor', { teamIds: [team._id], name: 'Sam Supervisor' });
  const admin = await login(suite.t.url, (await createUser('admin')).email, PASSWORD);

  // An MVC customer: lifetime value 500 x 20 x 5 = 50,000.
  const imported = await admin.post('/api/customers/import', {
    rows: [{ email: 'ada.mvc@example.com', name: 'Ada Most-Valuable', averageOrderValue: 500, ordersPerYear: 20, yearsAsCustomer: 5 }],
  });
  expect(imported.status).toBe(200);
  const file = async (category: string, customer: { name: string; email: string }) => {
    const res = await request(suite.t.url).post('/api/complaints').send(complaintBody({ category, customer }));
    expect(res.status).toBe(201);
    return res.body as { id: string; reference: string };
  };
  const mvc = await file('damaged_in_transit', { name: 'Ada Most-Valuable', email: 'ada.mvc@example.com' });
  const plain = await file('delivery_delay', { name: 'Bo Standard', email: 'bo.standard@example.com' });
  await suite.t.settle();

  for (const language of ['en', 'zh'] as const) {
    const [high, normal] = language === 'en' ? ['High', 'Normal'] : ['高', '普通'];
    const page = await open(agent.email, language, `/console?c=${mvc.id}`);
    const view = page.locator(`[data-testid="complaint-view"][data-reference="${mvc.reference}"]`);
    await view.waitFor();
    await view.getByTestId('priority-tag').filter({ hasText: high }).waitFor({ timeout: 10_000 });
    await view.locator('[data-testid="timeline-item"][data-type="priority_changed"]').waitFor();
    const rows = page.getByTestId('complaint-row');
    await rows.filter({ hasText: mvc.reference }).getByTestId('priority-tag').filter({ hasText: high }).first().waitFor();
    await rows.filter({ hasText: plain.reference }).getByTestId('priority-tag').filter({ hasText: normal }).first().waitFor();
    await screenshot(page, `priority-console-${language}`);
    await page.close();

    // The supervisor's by-priority figure and its drill-down: the MVC complaint is among the high ones.
    const dash = await open(supervisor.email, language, '/supervisor');
    await dash.getByTestId('backlog-priority').locator('.recharts-surface').first().waitFor();
    await dash.waitForTimeout(800); // the bars grow in
    await dash.getByTestId('backlog-charts').screenshot({ path: path.join(artifactsDir, `priority-chart-${language}.png`) });
    await dash.getByTestId('kpi-backlog').click();
    const drawer = dash.locator('.ant-drawer-content');
    const row = drawer.locator('tr', { hasText: mvc.reference });
    await row.waitFor();
    expect(await row.innerText()).toContain(high);
    expect(await drawer.locator('tr', { hasText: plain.reference }).innerText()).toContain(normal);
    await dash.waitForTimeout(600); // the drawer slides in
    await screenshot(dash, `priority-dashboard-${language}`, false);
    await dash.close();
  }
}, 180_000);
