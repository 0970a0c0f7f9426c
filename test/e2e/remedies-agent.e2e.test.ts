/**
 * Compensation in the console and the audit view (issue 13, point 9), in a real browser: an agent
 * proposes remedies of any type from a form (within their limits: approved at once; above: sent to
 * a supervisor), sends the apology in one click (a double click sends one apology and one email),
 * and a supervisor reads the audit trail filtered by complaint and type, with a CSV link carrying
 * the same filters. Screenshots in English and Chinese: test/artifacts/remedies-agent-{en,zh}.png,
 * remedy-audit-{en,zh}.png.
 */
import request from 'supertest';
import type { Page } from 'playwright-core';
import { Remedy } from '../../server/src/modules/compensation/compensation.models';
import { deliverDueMail } from '../../server/src/modules/notifications/outbox';
import { OutboxMail } from '../../server/src/modules/notifications/outbox.model';
import { complaintBody, createTeam, createUser } from '../support/factories';
import { browserSuite, loginThroughUi, newContext, screenshot } from '../support/browser';

const PASSWORD = 'test-password-1';
const VIEWPORT = { width: 1366, height: 900 };
const suite = browserSuite();

async function file(name: string, language: 'en' | 'zh'): Promise<{ id: string; reference: string; email: string }> {
  const body = complaintBody({ category: 'other', language, customer: { name, email: `remedies-${language}@example.com` } });
  const res = await request(suite.t.url).post('/api/complaints').send(body);
  expect(res.status).toBe(201);
  await suite.t.settle();
  return { id: res.body.id, reference: res.body.reference, email: body.customer.email };
}

/** Fill and send the console's proposal form. */
async function propose(page: Page, typeLabel: string, amount: string, currency: string, note: string): Promise<void> {
  const panel = page.getByTestId('remedies-panel');
  await panel.getByTestId('remedy-propose-open').click();
  const form = panel.getByTestId('propose-form');
  await form.waitFor();
  await form.locator('.ant-select').click();
  await page.locator('.ant-select-item-option', { hasText: typeLabel }).click();
  await form.getByRole('spinbutton').fill(amount);
  await form.getByTestId('propose-currency').fill(currency);
  await form.getByTestId('propose-note').fill(note);
  await form.getByTestId('propose-submit').click();
  await form.waitFor({ state: 'detached' });
}

async function runAgentFlow(lang: 'en' | 'zh', agentEmail: string, labels: { refund: string; gift: string; sent: string }) {
  const c = await file(lang === 'en' ? 'Grace Hopper' : '王芳', lang);
  const ctx = await newContext(suite.browser, { baseURL: suite.t.url, language: lang, viewport: VIEWPORT });
  const page = await ctx.newPage();
  await loginThroughUi(page, agentEmail, PASSWORD);
  await page.goto(`/console?c=${c.id}`);
  const panel = page.getByTestId('remedies-panel');
  await panel.getByTestId('send-apology').waitFor();

  // Within the agent's 50 EUR limit: approved at once. Above it: waiting for a supervisor.
  await propose(page, labels.refund, '15', 'EUR', 'parcel opened in transit');
  await panel.getByTestId('remedy-refund').getByTestId('remedy-status-approved').waitFor();
  expect(await panel.getByTestId('remedy-refund').getByTestId('remedy-amount').innerText()).toBe('€15.00');
  await propose(page, labels.gift, '80', 'EUR', 'long-standing customer');
  await panel.getByTestId('remedy-surprise_gift').getByTestId('remedy-status-pending_approval').waitFor();

  // One click sends the apology; a double click still sends one.
  await panel.getByTestId('send-apology').dblclick();
  await panel.getByTestId('remedy-apology').getByTestId('remedy-status-issued').waitFor();
  await panel.getByTestId('send-apology').getByText(labels.sent).waitFor();
  expect(await Remedy.countDocuments({ complaintId: c.id, type: 'apology' })).toBe(1);
  expect(await OutboxMail.countDocuments({ complaintId: c.id, to: c.email })).toBe(2); // the confirmation and one apology
  await deliverDueMail();
  await suite.t.waitForMail((m) => m.to.includes(c.email) && /apology|致歉/.test(m.subject));
  await new Promise((r) => setTimeout(r, 300));
  expect((await suite.t.caughtMail()).filter((m) => m.to.includes(c.email) && /apology|致歉/.test(m.subject))).toHaveLength(1);

  await panel.scrollIntoViewIfNeeded();
  await screenshot(page, `remedies-agent-${lang}`);
  await ctx.close();
  return c;
}

it('an agent proposes remedies within and above their limits and sends an apology in one click; the audit view filters the trail', async () => {
  const team = await createTeam({ categories: ['other'], name: 'Desk' });
  const agentUser = await createUser('agent', {
    teamIds: [team._id],
    name: 'Li Wei',
    availability: 'online',
    languages: ['en', 'zh'],
    remedyLimits: { perRemedy: 50, perDay: 500 },
  });
  const supUser = await createUser('supervisor', { teamIds: [team._id], name: 'Sam Supervisor' });

  const en = await runAgentFlow('en', agentUser.email, { refund: 'Refund', gift: 'Surprise gift', sent: 'Apology sent' });
  await runAgentFlow('zh', agentUser.email, { refund: '退款', gift: '惊喜礼物', sent: '已致歉' });

  // The supervisor's audit view: filtered by complaint, then by type; the CSV link has the same filters.
  for (const lang of ['en', 'zh'] as const) {
    const ctx = await newContext(suite.browser, { baseURL: suite.t.url, language: lang, viewport: VIEWPORT });
    const page = await ctx.newPage();
    await loginThroughUi(page, supUser.email, PASSWORD);
    await page.goto('/supervisor/audit');
    const audit = page.getByTestId('audit-page');
    await audit.locator('tbody tr.ant-table-row').first().waitFor();
    const search = audit.locator('input[data-testid="audit-complaint"], [data-testid="audit-complaint"] input').first();
    await search.fill(en.reference);
    await search.press('Enter');
    await audit.locator('.ant-pagination-total-text', { hasText: /\d/ }).waitFor();
    const rows = audit.locator('tbody tr.ant-table-row');
    await expectEventually(async () => (await rows.allInnerTexts()).every((r) => r.includes(en.reference)) && (await rows.count()) > 3);
    await audit.getByRole('combobox', { name: lang === 'en' ? 'Remedy' : '补偿方式' }).click();
    await page.locator('.ant-select-item-option', { hasText: lang === 'en' ? 'Refund' : '退款' }).click();
    await expectEventually(async () => {
      const texts = await rows.allInnerTexts();
      return texts.length > 0 && texts.every((r) => r.includes(en.reference) && r.includes(lang === 'en' ? 'Refund' : '退款'));
    });
    // Staff member and period narrow it further (today, by the agent who did it: the same rows).
    await audit.getByRole('combobox', { name: lang === 'en' ? 'Staff member' : '员工' }).click();
    await page.locator('.ant-select-item-option', { hasText: 'Li Wei' }).click();
    const today = new Date().toISOString().slice(0, 10);
    const [start, end] = [audit.locator('.ant-picker-range input').first(), audit.locator('.ant-picker-range input').nth(1)];
    await start.click();
    await start.fill(today);
    await start.press('Enter');
    await end.fill(today);
    await end.press('Enter');
    await expectEventually(async () => ((await audit.getByTestId('audit-csv').getAttribute('href')) ?? '').includes(`to=${today}`));
    await expectEventually(async () => {
      const texts = await rows.allInnerTexts();
      return texts.length === 3 && texts.every((r) => r.includes('Li Wei'));
    });
    const href = (await audit.getByTestId('audit-csv').getAttribute('href')) ?? '';
    expect(href).toContain(`complaint=${en.reference}`);
    expect(href).toContain('type=refund');
    expect(href).toContain(`agent=${String(agentUser._id)}`);
    expect(href).toContain(`from=${today}`);
    const csv = await request(suite.t.url)
      .get(href)
      .set('Cookie', (await ctx.cookies()).map((k) => `${k.name}=${k.value}`).join('; '));
    expect(csv.status).toBe(200);
    expect(csv.text.trim().split('\n').length).toBe((await rows.count()) + 1);
    await screenshot(page, `remedy-audit-${lang}`);
    await ctx.close();
  }
}, 180_000);

async function expectEventually(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 150));
  }
}
