import type { Page } from 'playwright-core';
import { Complaint } from '../../server/src/modules/complaints/complaint.model';
import { createTeam, createUser } from '../support/factories';
import { browserSuite, loginThroughUi, newContext, screenshot } from '../support/browser';

const PASSWORD = 'test-password-1';

const suite = browserSuite();

async function waitUntil(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The form's controls are native (no antd on the customer's pages): a <select>. */
async function pickCategory(page: Page, label: string) {
  await page.locator('[data-testid="field-category"] option', { hasText: label }).waitFor({ state: 'attached' });
  await page.getByTestId('field-category').selectOption({ label });
}

describe('customer portal and console round trip (suite.browser)', () => {
  it('files through the form once, replies, is answered and resolved by an agent, then rates', async () => {
    const team = await createTeam({ categories: ['delivery_delay'] });
    const agent = await createUser('agent', { teamIds: [team._id], name: 'Li Wei' });
    const customer = await (await newContext(suite.browser, { baseURL: suite.t.url, language: 'en', viewport: { width: 420, height: 900 } })).newPage();

    // Client-side validation uses the API's schema and shows messages per field.
    await customer.goto('/');
    await customer.getByTestId('submit-complaint').click();
    await customer.locator('.rd-field-error', { hasText: 'Name is required' }).waitFor();
    await customer.locator('.rd-field-error', { hasText: 'Enter a valid email address' }).waitFor();

    await customer.getByTestId('field-name').fill('Grace <b>Hopper</b>');
    await customer.getByTestId('field-email').fill('grace.portal@example.com');
    await pickCategory(customer, 'Delivery delay');
    await customer.getByTestId('field-description').fill('Parcel promised for Monday has not arrived; nobody answers.');
    await customer.getByTestId('field-amount').fill('120');
    await customer.getByTestId('field-desired-resolution').getByText('Refund').click();
    await screenshot(customer, 'portal-form-mobile');
    // A double click must not file twice (button disabled + one Idempotency-Key per attempt).
    await customer.getByTestId('submit-complaint').dblclick();
    await customer.getByTestId('filed-result').waitFor();
    await screenshot(customer, 'portal-filed');
    const reference = (await customer.getByTestId('filed-reference').innerText()).trim();
    expect(reference).toMatch(/^C-\d{4}-\d{6}$/);
    expect(await Complaint.countDocuments({ 'customer.email': 'grace.portal@example.com' })).toBe(1);

    // Tracking page: plain-words steps, the customer's reply.
    await customer.getByTestId('tracking-link').click();
    await customer.getByTestId('tracking-page').waitFor();
    expect(await customer.getByTestId('status-steps').getAttribute('data-stage')).toBe('received');
    await customer.getByTestId('reply-input').fill('The order number is ORD-77. <script>alert(1)</script>');
    await customer.getByTestId('reply-send').click();
    await customer.locator('[data-testid="public-event"]', { hasText: 'ORD-77' }).waitFor();
    // User text is rendered as text, never as markup.
    expect(await customer.locator('[data-testid="public-timeline"] script').count()).toBe(0);

    // The agent sees the reply, answers publicly and resolves.
    const staff = await (await newContext(suite.browser, { baseURL: suite.t.url, language: 'en' })).newPage();
    await loginThroughUi(staff, agent.email, PASSWORD);
    await staff.goto('/console');
    await staff.getByTestId('tab-team').click();
    // Signing in brought the agent online, so routing may also have put it in "Mine": use the team list.
    await staff.locator(`[data-testid="complaint-list-team"] [data-testid="complaint-row"][data-reference="${reference}"]`).click();
    await staff.locator('[data-testid="timeline-item"]', { hasText: 'ORD-77' }).waitFor();
    await staff.getByTestId('composer-input').fill('Sorry for the wait, Grace. A refund of 120 EUR is on its way.');
    await staff.getByTestId('composer-send').click();
    await staff.locator('[data-testid="timeline-item"][data-type="message"]', { hasText: 'refund of 120' }).waitFor();
    // The composer empties once the server confirmed the reply (CSP forbids waitForFunction's eval).
    await waitUntil(async () => (await staff.getByTestId('composer-input').inputValue()) === '');
    await staff.getByTestId('composer-internal').click();
    await staff.getByTestId('composer-input').fill('Checked with the carrier: lost parcel.');
    await staff.getByTestId('composer-send').click();
    await staff.locator('[data-testid="timeline-item"][data-visibility="internal"]', { hasText: 'lost parcel' }).waitFor();
    await staff.getByTestId('status-resolved').click();
    await staff.locator('[data-testid="complaint-view"] [data-testid="status-tag"][data-status="resolved"]').waitFor();
    await screenshot(staff, 'console-conversation');

    // The customer sees the answer (not the internal note), the resolved step, and rates.
    await customer.getByTestId('tracking-refresh').click();
    await customer.locator('[data-testid="status-steps"][data-stage="resolved"]').waitFor();
    expect(await customer.getByTestId('status-steps').getAttribute('data-stage')).toBe('resolved');
    await customer.locator('[data-testid="public-event"]', { hasText: 'refund of 120' }).waitFor();
    expect(await customer.locator('[data-testid="public-event"]', { hasText: 'lost parcel' }).count()).toBe(0);
    await customer.getByTestId('rating-star-4').click();
    await customer.getByTestId('rating-comment').fill('Quick and fair.');
    await customer.getByTestId('rating-send').click();
    await customer.getByTestId('rating-done').waitFor();
    await screenshot(customer, 'portal-tracking-rated');

    // Wrong token and unknown reference look the same.
    await customer.goto(`/track/${reference}#t=not-the-token`);
    await customer.getByTestId('not-found').waitFor();
    await customer.goto('/track/C-1999-000001#t=whatever');
    await customer.getByTestId('not-found').waitFor();
  });

  it('switches the whole UI, antd included, to Chinese and remembers it', async () => {
    const ctx = await newContext(suite.browser, { baseURL: suite.t.url, language: 'en' });
    const page = await ctx.newPage();
    await page.goto('/');
    await page.getByTestId('lang-zh').click();
    await page.getByRole('heading', { name: '告诉我们哪里出了问题' }).waitFor();
    await page.locator('[data-testid="field-category"] option', { hasText: '配送延误' }).waitFor({ state: 'attached' });
    await page.getByTestId('submit-complaint').click();
    await page.locator('.rd-field-error', { hasText: '请填写有效的邮箱地址' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: '告诉我们哪里出了问题' }).waitFor();
    expect(await page.evaluate("localStorage.getItem('redress.lang')")).toBe('zh');
    expect(await page.evaluate('document.documentElement.lang')).toBe('zh-CN');
    await screenshot(page, 'portal-form-zh');
    await ctx.close();
  });
});
