import request from 'supertest';
import { complaintBody, createUser, login } from '../support/factories';
import { browserSuite, loginThroughUi, newContext, screenshot } from '../support/browser';
import { Customer } from '../../server/src/modules/customers/customer.model';

/** The password factories give every user. */
const PASSWORD = 'test-password-1';

const suite = browserSuite();

const csv = [
  'email,name,averageOrderValue,ordersPerYear,yearsAsCustomer,lifecycleStage',
  'grace.e2e@example.com,Grace Hopper,100,52,40,climax',
  'alan.e2e@example.com,Alan Turing,35.5,12,3,build-up',
  'not-an-email,Nobody,10,1,1,',
].join('\n');

describe('customer value (browser)', () => {
  it('an admin uploads a CSV, sees the result and the customers with their tiers, opens one, and moves a threshold', async () => {
    const admin = await createUser('admin', { name: 'Ada Admin' });
    const filed = await request(suite.t.url)
      .post('/api/complaints')
      .send(complaintBody({ customer: { name: 'Grace Hopper', email: 'grace.e2e@example.com' } }));
    expect(filed.status).toBe(201);

    const ctx = await newContext(suite.browser, { baseURL: suite.t.url, language: 'en' });
    const page = await ctx.newPage();
    await loginThroughUi(page, admin.email, PASSWORD);
    await page.goto('/admin');
    await page.getByTestId('side-nav').getByText('Customers').click();
    await page.waitForURL('**/admin/customers');
    await page.getByTestId('customers-page').waitFor();
    expect(await page.getByTestId('import-sample').innerText()).toContain('email,name,averageOrderValue,ordersPerYear,yearsAsCustomer,lifecycleStage');

    await page
      .getByTestId('customer-import')
      .locator('input[type=file]')
      .setInputFiles({ name: 'customers.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByTestId('import-run').click();
    const result = page.getByTestId('import-result');
    await result.waitFor();
    expect(await result.innerText()).toContain('1 created, 1 updated, 1 rejected');
    const rejected = page.getByTestId('import-rejected');
    expect(await rejected.innerText()).toContain('Enter a valid email address');
    expect(await rejected.locator('tbody tr').first().innerText()).toMatch(/^4\s+email/);

    // Grace existed (she complained) and was updated: 100 x 52 x 40 = 208,000, MVC. The table reloads after the import.
    const grace = page.getByTestId('customer-row-grace.e2e@example.com');
    await grace.waitFor();
    expect(await grace.getByTestId('tier-tag').innerText()).toBe('MVC');
    expect(await grace.innerText()).toContain('208,000');
    expect(await grace.innerText()).toContain('Climax');
    const alan = page.getByTestId('customer-row-alan.e2e@example.com');
    expect(await alan.getByTestId('tier-tag').innerText()).toBe('Standard');
    expect(await alan.innerText()).toContain('1,278');
    await screenshot(page, 'customers-import');

    // Search, then open the customer: value figures and the past complaint.
    const search = page.getByPlaceholder('Search by email or name');
    await search.fill('grace');
    await search.press('Enter');
    await page.getByTestId('customer-row-alan.e2e@example.com').waitFor({ state: 'detached' });
    await grace.click();
    const drawer = page.getByTestId('customer-drawer');
    await drawer.getByText(filed.body.reference as string).waitFor();
    expect(await drawer.innerText()).toContain('Past complaints');
    await page.waitForTimeout(400); // the drawer's slide-in
    await screenshot(page, 'customers-detail', false);
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });

    // Raising the MVC threshold above her value recomputes her tier.
    await page.getByTestId('tier-mvc').fill('300000');
    await page.getByTestId('tier-save').click();
    await page.locator('.ant-message-notice', { hasText: 'Saved. Tier changes: customers 1, open complaints 1' }).waitFor();
    await page.getByTestId('customer-row-grace.e2e@example.com').getByTestId('tier-tag').filter({ hasText: 'STC' }).waitFor();
    expect((await Customer.findOne({ email: 'grace.e2e@example.com' }).lean())!.tier).toBe('STC');

    // An MVC threshold below STC is refused in the form, with the field's message.
    await page.getByTestId('tier-mvc').fill('5000');
    await page.getByTestId('tier-save').click();
    await page.getByText('The MVC threshold must be higher than the STC threshold').waitFor();
    await screenshot(page, 'customers-thresholds-error', false);
    await ctx.close();
  });

  it('reads in Simplified Chinese', async () => {
    const admin = await createUser('admin');
    const api = await login(suite.t.url, admin.email);
    const imported = await api.post('/api/customers/import', {
      rows: [{ email: 'li.e2e@example.com', name: '李雷', averageOrderValue: 88, ordersPerYear: 30, yearsAsCustomer: 6, lifecycleStage: 'decline' }],
    });
    expect(imported.status).toBe(200);
    const ctx = await newContext(suite.browser, { baseURL: suite.t.url, language: 'zh' });
    const page = await ctx.newPage();
    await loginThroughUi(page, admin.email, PASSWORD);
    await page.goto('/admin/customers');
    await page.getByTestId('customers-page').waitFor();
    await page.getByText('等级阈值').waitFor();
    await page.getByText('导入客户价值数据（CSV）').waitFor();
    const row = page.getByTestId('customer-row-li.e2e@example.com');
    await row.waitFor();
    expect(await row.innerText()).toContain('衰退期');
    await screenshot(page, 'customers-zh');
    await ctx.close();
  });
});
