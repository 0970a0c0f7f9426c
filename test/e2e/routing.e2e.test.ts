import request from 'supertest';
import type { Page } from 'playwright-core';
import { complaintBody, createTeam, createUser } from '../support/factories';
import { browserSuite, loginThroughUi, newContext, screenshot } from '../support/browser';
import { deliverDueMail } from '../../server/src/modules/notifications/outbox';

/** The password factories give every user. */
const PASSWORD = 'test-password-1';

const suite = browserSuite();

async function openConsole(email: string, language: 'en' | 'zh' = 'en'): Promise<Page> {
  const ctx = await newContext(suite.browser, { baseURL: suite.t.url, language });
  const page = await ctx.newPage();
  await loginThroughUi(page, email, PASSWORD);
  await page.goto('/console');
  await page.getByTestId('console-page').waitFor();
  await page.locator('[data-testid="connection-status"][data-status="online"]').waitFor();
  return page;
}

it('routes a customer complaint to the right console live, warns of a colleague on it, and the reply reaches the customer', async () => {
  const team = await createTeam({ categories: ['damaged_in_transit'] });
  const li = await createUser('agent', { teamIds: [team._id], name: 'Li Wei', categories: ['damaged_in_transit'], languages: ['en', 'zh'] });
  const maria = await createUser('agent', { teamIds: [team._id], name: 'Maria Lopez' });

  // Both agents sign in; connecting brings them online.
  const liPage = await openConsole(li.email);
  const mariaPage = await openConsole(maria.email);
  await liPage.getByTestId('availability').filter({ hasText: 'Online' }).waitFor();
  await liPage.evaluate('window.__noReload = true');

  const filedAt = Date.now();
  const filed = await request(suite.t.url)
    .post('/api/complaints')
    .send(
      complaintBody({
        category: 'damaged_in_transit',
        customer: { name: 'Rosa Diaz', email: 'rosa.diaz@example.com' },
        description: 'The vase arrived in pieces; the box was crushed on one side.',
        orderRef: 'SO-771',
      }),
    );
  expect(filed.status).toBe(201);
  const reference = filed.body.reference as string;

  // Li, the specialist, gets it in "Mine" without a reload; Maria's "Mine" stays empty of it.
  const liRow = liPage.locator(`[data-testid="complaint-list-mine"] [data-testid="complaint-row"][data-reference="${reference}"]`);
  await liRow.waitFor({ timeout: 10_000 });
  console.log(`routing e2e: complaint visible in the assignee's console ${Date.now() - filedAt} ms after filing`);
  expect(await liPage.evaluate('window.__noReload')).toBe(true);
  expect(await mariaPage.locator(`[data-testid="complaint-list-mine"] [data-reference="${reference}"]`).count()).toBe(0);
  await liPage.locator('.ant-notification-notice', { hasText: reference }).waitFor();

  // Both open it: each sees the other in the collision banner.
  await liRow.click();
  await liPage.locator(`[data-testid="complaint-view"][data-reference="${reference}"]`).waitFor();
  await liPage.getByTestId('assignment-reason').filter({ hasText: 'specialist' }).waitFor();
  await mariaPage.getByTestId('tab-team').click();
  const mariaRow = mariaPage.locator(`[data-testid="complaint-list-team"] [data-testid="complaint-row"][data-reference="${reference}"]`);
  await mariaRow.waitFor();
  await mariaRow.click();
  await mariaPage.locator(`[data-testid="complaint-view"][data-reference="${reference}"]`).waitFor();
  await mariaPage.getByTestId('viewers-banner').filter({ hasText: 'Li Wei' }).waitFor();
  await liPage.getByTestId('viewers-banner').filter({ hasText: 'Maria Lopez' }).waitFor();

  // Li starts a reply from the apology-first canned reply: Maria is warned that Li is replying.
  await liPage.getByTestId('canned-reply').click();
  await liPage.locator('.ant-select-item-option', { hasText: 'Apology and next step' }).click();
  const draft = await liPage.getByTestId('composer-input').inputValue();
  expect(draft).toContain('Dear Rosa Diaz');
  expect(draft).toContain(reference);
  expect(draft).toContain('Li Wei');
  await mariaPage.getByTestId('viewers-banner').filter({ hasText: 'Li Wei is replying' }).waitFor();
  await screenshot(mariaPage, 'routing-collision-warning', false);
  await liPage.getByTestId('composer-input').fill(`${draft}\n\nA replacement vase ships today.`);
  await screenshot(liPage, 'routing-assigned-console', false);
  await liPage.getByTestId('composer-send').click();
  await liPage.locator('.ant-message-notice').first().waitFor();

  // The reply is emailed (threaded onto the confirmation) and shown on the tracking page.
  await suite.t.settle();
  await deliverDueMail();
  const confirmation = await suite.t.waitForMail((m) => m.subject.includes(reference) && m.text.includes('/track/'));
  const replyMail = await suite.t.waitForMail((m) => m.text.includes('A replacement vase ships today.'));
  expect(replyMail.to).toContain('rosa.diaz@example.com');
  expect(replyMail.inReplyTo).toBeTruthy();
  const trackingUrl = /(http:\/\/\S+\/track\/\S+)/.exec(confirmation.text)![1]!;
  const customerCtx = await newContext(suite.browser, { baseURL: suite.t.url, language: 'en' });
  const customer = await customerCtx.newPage();
  await customer.goto(trackingUrl.replace(/^http:\/\/[^/]+/, ''));
  await customer.getByTestId('tracking-page').waitFor();
  await customer.getByTestId('public-timeline').filter({ hasText: 'A replacement vase ships today.' }).waitFor();
  await screenshot(customer, 'routing-customer-sees-reply');

  // Li hands it back with a reason: Maria, the only other agent, gets it live.
  await liPage.getByTestId('action-handback').click();
  await liPage.getByTestId('action-reason').fill('Maria handles replacements this week');
  await liPage.locator('.ant-modal-footer .ant-btn-primary').click();
  await mariaPage
    .locator(`[data-testid="complaint-list-mine"] [data-reference="${reference}"]`)
    .waitFor({ timeout: 10_000 })
    .catch(async () => {
      await mariaPage.getByTestId('tab-mine').click();
      await mariaPage.locator(`[data-testid="complaint-list-mine"] [data-reference="${reference}"]`).waitFor({ timeout: 10_000 });
    });
  await customerCtx.close();
}, 120_000);
