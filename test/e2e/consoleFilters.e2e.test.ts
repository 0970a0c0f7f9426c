/**
 * The console's first-screen pickers (lib/MenuSelect.tsx, which replaced antd's Select there for
 * the client size budget, issue 13): the category filter narrows the list and clears again, and
 * the agent's availability switch changes the state, in English and Chinese; the 403 page (now
 * loaded on demand) still shows.
 */
import request from 'supertest';
import { complaintBody, createTeam, createUser } from '../support/factories';
import { browserSuite, loginThroughUi, newContext, screenshot } from '../support/browser';

const PASSWORD = 'test-password-1';
const suite = browserSuite();

const tx = {
  en: { damaged: 'Damaged in transit', away: 'Away', category: 'Category', forbidden: 'Not available' },
  zh: { damaged: '运输损坏', away: '离开', category: '类型', forbidden: '无权访问' },
} as const;

// One team for both languages: a second team with the same categories could take the complaints.
let staff: Promise<{ email: string }> | undefined;
const agentOnce = () =>
  (staff ??= createTeam({ categories: ['delivery_delay', 'damaged_in_transit'] }).then((team) => createUser('agent', { teamIds: [team._id] })));

describe.each(['en', 'zh'] as const)('console pickers [%s] (suite.browser)', (lang) => {
  it('filters the list by category, clears the filter, and switches availability', async () => {
    const agent = await agentOnce();
    const refs: Record<string, string> = {};
    for (const category of ['delivery_delay', 'damaged_in_transit']) {
      const res = await request(suite.t.url)
        .post('/api/complaints')
        .send(complaintBody({ category, description: `Filter check ${lang} ${category}: something went wrong with it.` }));
      expect(res.status).toBe(201);
      refs[category] = res.body.reference as string;
    }

    const ctx = await newContext(suite.browser, { baseURL: suite.t.url, language: lang });
    const page = await ctx.newPage();
    await loginThroughUi(page, agent.email, PASSWORD);
    await page.goto('/console');
    await page.getByTestId('tab-team').click();
    const row = (category: string) => page.locator(`[data-testid="complaint-list-team"] [data-testid="complaint-row"][data-reference="${refs[category]}"]`);
    await row('delivery_delay').waitFor();
    await row('damaged_in_transit').waitFor();

    // Category: only the damaged parcel stays.
    await page.getByTestId('filter-category').click();
    await page.locator('.ant-dropdown-menu-item', { hasText: tx[lang].damaged }).click();
    await page.getByTestId('filter-category').filter({ hasText: tx[lang].damaged }).waitFor();
    await row('delivery_delay').waitFor({ state: 'detached' });
    await row('damaged_in_transit').waitFor();

    // Availability: away, shown in the header.
    await page.getByTestId('availability').click();
    await page.locator('.ant-dropdown-menu-item', { hasText: tx[lang].away }).click();
    await page.getByTestId('availability').filter({ hasText: tx[lang].away }).waitFor();
    await screenshot(page, `console-pickers-${lang}`);

    // Clearing the category brings both back, and the placeholder.
    await page.getByTestId('filter-category').click();
    await page.locator('.ant-dropdown-menu-item').first().click();
    await page.getByTestId('filter-category').filter({ hasText: tx[lang].category }).waitFor();
    await row('delivery_delay').waitFor();

    // The 403 page (loaded on demand, off the first screen) still shows for an area the agent may not open.
    await page.goto('/admin');
    await page.locator('.ant-result-403', { hasText: tx[lang].forbidden }).waitFor();
    await ctx.close();
  }, 60_000);
});
