/**
 * Admin → Webhooks in a real browser, in English and Chinese, against a real HTTP receiver: allow
 * private addresses (the receiver is on 127.0.0.1), add an endpoint (the secret is shown once),
 * send a test event and see it delivered in the log with its attempt, redeliver it, watch a
 * failing receiver's attempt (500) in the log and filter by status.
 * Screenshots: test/artifacts/webhooks-*.png.
 */
import type { Page } from 'playwright-core';
import { deliverDueWebhooks } from '../../server/src/modules/integrations/webhookDeliverer';
import { verifySignature } from '../../server/src/modules/integrations/signature';
import { createUser } from '../support/factories';
import { browserSuite, loginThroughUi, newContext, screenshot } from '../support/browser';
import { WebhookReceiver } from '../support/webhookReceiver';

const PASSWORD = 'test-password-1';
const suite = browserSuite();

const texts = {
  en: { nav: 'Webhooks', delivered: 'Delivered', pending: 'Pending', failed: 'Failed', all: 'All', create: 'Create' },
  zh: { nav: 'Webhook 集成', delivered: '已送达', pending: '待投递', failed: '失败', all: '全部', create: '创建' },
} as const;

/** Wait for antd's transitions to finish, then take the screenshot. */
async function settledScreenshot(page: Page, name: string): Promise<void> {
  await page.waitForFunction(() => {
    const doc = (globalThis as unknown as { document: { getAnimations(): { effect: { getTiming(): { iterations?: number } } | null }[] } }).document;
    return doc.getAnimations().every((a) => a.effect?.getTiming().iterations === Infinity);
  });
  await screenshot(page, name);
}

/** Click "Send test event" and wait until the server has queued it. */
async function sendTest(page: Page, row: ReturnType<Page['locator']>): Promise<void> {
  await Promise.all([page.waitForResponse((r) => r.url().endsWith('/test') && r.status() === 202), row.getByTestId('webhook-test').click()]);
}

describe('admin: webhooks (suite.browser)', () => {
  for (const language of ['en', 'zh'] as const) {
    it(`creates an endpoint, sends a test event, shows the delivery log and redelivers (${language})`, async () => {
      const tx = texts[language];
      const rx = new WebhookReceiver();
      await rx.up();
      const admin = await createUser('admin', { name: `Ada ${language}` });
      const page = await (await newContext(suite.browser, { baseURL: suite.t.url, language })).newPage();
      await loginThroughUi(page, admin.email, PASSWORD);
      await page.goto('/admin');
      await page.getByTestId('side-nav').getByText(tx.nav, { exact: true }).click();
      await page.waitForURL((u) => u.pathname === '/admin/webhooks');
      await page.getByTestId('webhooks-page').waitFor();

      const allow = page.getByTestId('webhook-allow-private');
      await page.locator('[data-testid="webhook-allow-private"]:not(.ant-switch-loading)').waitFor();
      if ((await allow.getAttribute('aria-checked')) !== 'true') await allow.click();
      await page.locator('[data-testid="webhook-allow-private"][aria-checked="true"]').waitFor();

      // Create: the secret is shown once.
      await page.getByTestId('webhook-add').click();
      await page.getByTestId('webhook-url').fill(rx.url);
      // antd spaces out two-character Chinese labels ("创 建"): match the text without spaces.
      await page
        .locator('.ant-modal-footer:visible .ant-btn-primary')
        .filter({ hasText: new RegExp(tx.create.split('').join('\\s*')) })
        .click();
      const secretBox = page.getByTestId('webhook-secret');
      await secretBox.waitFor();
      const secret = (await secretBox.innerText()).trim();
      expect(secret).toMatch(/^whsec_/);
      await settledScreenshot(page, `webhooks-secret-${language}`);
      await page.getByTestId('webhook-secret-done').click();
      await secretBox.waitFor({ state: 'hidden' });
      const row = page.getByTestId('webhook-endpoints').locator('tr', { hasText: rx.url });
      await row.waitFor();
      await row.getByText(`…${secret.slice(-4)}`).waitFor();

      // Send test event: delivered, signed, shown in the log with its attempt.
      await sendTest(page, row);
      await page.getByTestId('delivery-log').locator('tr', { hasText: 'webhook.test' }).waitFor();
      await deliverDueWebhooks();
      expect(rx.received).toHaveLength(1);
      const first = rx.received[0]!;
      expect(first.json.type).toBe('webhook.test');
      expect(verifySignature(secret, first.body, String(first.headers['redress-signature']))).toBe(true);
      await page.getByTestId('delivery-refresh').click();
      const log = page.getByTestId('delivery-log');
      await log.getByTestId('delivery-status-delivered').waitFor();
      await log.locator('.ant-table-row-expand-icon').first().click();
      await page.getByTestId(`delivery-detail-${first.json.id}`).getByText('200').first().waitFor();

      // Redeliver: the same event again (same id), a second attempt in the log.
      await page.getByTestId(`redeliver-${first.json.id}`).click();
      await log.getByTestId('delivery-status-pending').waitFor();
      await deliverDueWebhooks();
      expect(rx.received.map((r) => r.json.id)).toEqual([first.json.id, first.json.id]);
      await page.getByTestId('delivery-refresh').click();
      await log.getByTestId('delivery-status-delivered').waitFor();
      await log.locator('tr', { hasText: 'webhook.test' }).first().getByText('2', { exact: true }).first().waitFor();

      // A failing receiver: the attempt's 500 and answer are in the log, the delivery waits for its retry.
      rx.mode = 'fail';
      await sendTest(page, row);
      await deliverDueWebhooks();
      await page.getByTestId('delivery-refresh').click();
      await log.getByTestId('delivery-status-pending').waitFor();
      await log
        .locator('tr.ant-table-row', { has: page.getByTestId('delivery-status-pending') })
        .locator('.ant-table-row-expand-icon')
        .click();
      await log.getByText('receiver is broken').waitFor();
      await settledScreenshot(page, `webhooks-log-${language}`);

      // Filters by status.
      await page.getByTestId('delivery-filter').getByText(tx.delivered, { exact: true }).click();
      await log.getByTestId('delivery-status-pending').waitFor({ state: 'detached' });
      await log.getByTestId('delivery-status-delivered').waitFor();
      await page.getByTestId('delivery-filter').getByText(tx.failed, { exact: true }).click();
      await log.getByTestId('delivery-status-delivered').waitFor({ state: 'detached' });
      await page.getByTestId('delivery-filter').getByText(tx.pending, { exact: true }).click();
      await log.getByTestId('delivery-status-pending').waitFor();
      await settledScreenshot(page, `webhooks-filter-${language}`);
      await page.close();
      await rx.down();
    });
  }
});
