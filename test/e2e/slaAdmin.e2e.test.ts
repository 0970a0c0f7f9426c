/**
 * The admin's SLA screens against a real server, in English and in Chinese: create a business
 * calendar in Asia/Shanghai with a holiday (after the form refuses an empty holiday), create a
 * policy on it (after the form refuses a first-response target above the resolution target), and
 * preview an example complaint filed on a Friday afternoon: the due times skip the night, the
 * weekend and the Monday holiday. Deactivating the policy sends the preview back to the built-in
 * default. Screenshots: test/artifacts/sla-admin-*.png.
 */
import type { Page } from 'playwright-core';
import { SlaCalendar } from '../../server/src/modules/sla/slaCalendar.model';
import { SlaPolicy } from '../../server/src/modules/sla/slaPolicy.model';
import { createUser } from '../support/factories';
import { browserSuite, loginThroughUi, newContext, screenshot } from '../support/browser';

const PASSWORD = 'test-password-1';
const suite = browserSuite();

/** Pick options of an antd select by typing each label and pressing Enter. */
async function choose(page: Page, testId: string, labels: string[]): Promise<void> {
  const select = page.getByTestId(testId);
  await select.click();
  for (const label of labels) {
    await select.locator('input').fill(label);
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: label }).first().waitFor();
    await page.keyboard.press('Enter');
  }
  // A single select closes on Enter; Escape then would close the drawer around it.
  if ((await select.getAttribute('class'))?.includes('ant-select-multiple')) await page.keyboard.press('Escape');
  await dropdownsClosed(page);
}

/** Wait until no select dropdown is open or still sliding away (several may be leaving at once). */
async function dropdownsClosed(page: Page): Promise<void> {
  const open = page.locator('.ant-select-dropdown:visible');
  for (const deadline = Date.now() + 10_000; (await open.count()) > 0; await page.waitForTimeout(50)) {
    if (Date.now() > deadline) throw new Error('a select dropdown stayed open');
  }
}

/** Wait for antd's transitions to finish, then take the screenshot. */
async function settledScreenshot(page: Page, name: string): Promise<void> {
  await page.waitForFunction(() => {
    const doc = (globalThis as unknown as { document: { getAnimations(): { effect: { getTiming(): { iterations?: number } } | null }[] } }).document;
    return doc.getAnimations().every((a) => a.effect?.getTiming().iterations === Infinity);
  });
  await screenshot(page, name);
}

/** The antd error text under the form field holding `fieldTestId`. */
function fieldError(page: Page, formTestId: string, fieldTestId: string) {
  return page
    .getByTestId(formTestId)
    .locator('.ant-form-item', { has: page.getByTestId(fieldTestId) })
    .locator('.ant-form-item-explain-error');
}

const texts = {
  en: {
    holidayError: 'holidays must be YYYY-MM-DD dates',
    targetError: 'first response target must not exceed the resolution target',
    channel: 'Email',
    tab: 'SLA',
    builtIn: 'Built-in default',
  },
  zh: {
    holidayError: '节假日须为 YYYY-MM-DD 日期',
    targetError: '请输入 1 分钟到一年之间的整数分钟，且不超过解决时限',
    channel: '邮件',
    tab: '服务时限',
    builtIn: 'Built-in default',
  },
} as const;

describe('admin: SLA policies and calendars (suite.browser)', () => {
  for (const language of ['en', 'zh'] as const) {
    it(`creates a calendar with a holiday and a policy, and previews due times that skip the weekend and the holiday (${language})`, async () => {
      const tx = texts[language];
      const admin = await createUser('admin', { name: `Ada ${language}` });
      const suffix = `${language}-${Date.now().toString(36)}`;
      const calendarName = `Shanghai office ${suffix}`;
      const policyName = `Business email ${suffix}`;
      // Each language's policy matches its own tier, so the two runs never see each other's policy.
      const tier = language === 'en' ? 'BZ' : 'STC';

      const page = await (await newContext(suite.browser, { baseURL: suite.t.url, language })).newPage();
      await loginThroughUi(page, admin.email, PASSWORD);
      await page.goto('/admin');
      await page.getByTestId('tab-sla').click();
      await page.getByTestId('tab-sla').getByText(tx.tab).waitFor();
      await page.getByTestId('sla-settings').waitFor();

      // A calendar: Monday to Friday 09:00-17:00 (the form's default), Shanghai time, one holiday.
      await page.getByTestId('sla-calendar-add').click();
      const calForm = 'sla-calendar-form';
      await page.getByTestId('sla-calendar-name').fill(calendarName);
      await choose(page, 'sla-calendar-zone', ['Asia/Shanghai']);
      await page.getByTestId('sla-holiday-add').click();
      await page.getByTestId('sla-calendar-save').click();
      await fieldError(page, calForm, 'sla-holiday-date').getByText(tx.holidayError).waitFor();
      await settledScreenshot(page, `sla-admin-calendar-error-${language}`);
      await page.getByTestId('sla-holiday-date').fill('2026-12-07');
      await fieldError(page, calForm, 'sla-holiday-date').waitFor({ state: 'detached' });
      await page.getByTestId('sla-calendar-save').click();
      await page.getByTestId('sla-calendar-drawer').locator('.ant-drawer-content').waitFor({ state: 'hidden' });
      await page.getByTestId(`sla-calendar-row-${calendarName}`).getByText('2026-12-07').waitFor();
      const calendar = await SlaCalendar.findOne({ name: calendarName }).lean();
      expect(calendar?.calendar).toMatchObject({
        timeZone: 'Asia/Shanghai',
        alwaysOpen: false,
        weekly: [1, 2, 3, 4, 5].map((day) => ({ day, open: '09:00', close: '17:00' })),
        holidays: ['2026-12-07'],
      });

      // A policy on that calendar: 4 business hours to the first response, 16 to resolution.
      await page.getByTestId('sla-policy-add').click();
      const polForm = 'sla-policy-form';
      await page.getByTestId('sla-policy-name').fill(policyName);
      await page.getByTestId('sla-policy-order').fill('1');
      await choose(page, 'sla-policy-tiers', [tier]);
      await choose(page, 'sla-policy-channels', [tx.channel]);
      await choose(page, 'sla-policy-calendar', [calendarName]);
      await page.getByTestId('sla-policy-first-response').fill('240');
      await page.getByTestId('sla-policy-resolution').fill('120');
      await page.getByTestId('sla-policy-save').click();
      await fieldError(page, polForm, 'sla-policy-first-response').getByText(tx.targetError).waitFor();
      await settledScreenshot(page, `sla-admin-policy-error-${language}`);
      await page.getByTestId('sla-policy-resolution').fill('960');
      await fieldError(page, polForm, 'sla-policy-first-response').waitFor({ state: 'detached' });
      await page.getByTestId('sla-policy-save').click();
      await page.getByTestId('sla-policy-drawer').locator('.ant-drawer-content').waitFor({ state: 'hidden' });
      await page.getByTestId(`sla-policy-row-${policyName}`).getByText(calendarName).waitFor();
      const policy = await SlaPolicy.findOne({ name: policyName }).lean();
      expect(policy).toMatchObject({
        active: true,
        order: 1,
        match: { tiers: [tier], channels: ['email'] },
        targets: { firstResponseMinutes: 240, resolutionMinutes: 960 },
      });
      expect(String(policy?.calendarId)).toBe(String(calendar?._id));

      // Preview: filed Friday 4 December 2026 at 15:00 Shanghai time. Two hours run on Friday;
      // Saturday and Sunday are closed and Monday 7 December is the holiday; first response is due
      // after two more hours on Tuesday, resolution after a full Tuesday and six hours on Wednesday.
      await choose(page, 'sla-preview-channel', [tx.channel]);
      await choose(page, 'sla-preview-tier', [tier]);
      await page.getByTestId('sla-preview-filed-at').fill('2026-12-04T15:00');
      await page.getByTestId('sla-preview-run').click();
      const result = page.getByTestId('sla-preview-result');
      await result.getByTestId('sla-preview-policy').getByText(policyName, { exact: true }).waitFor();
      expect(await result.getByTestId('sla-preview-first-response').textContent()).toBe('2026-12-08 11:00 (Asia/Shanghai)');
      expect(await result.getByTestId('sla-preview-resolution').textContent()).toBe('2026-12-09 15:00 (Asia/Shanghai)');
      await settledScreenshot(page, `sla-admin-preview-${language}`);

      if (language === 'en') {
        // Deactivated, the policy no longer applies: the same complaint gets the built-in default.
        await page.getByTestId(`sla-policy-row-${policyName}`).getByTestId('sla-policy-toggle').click();
        await page.getByTestId(`sla-policy-row-${policyName}`).locator('.ant-switch:not(.ant-switch-checked)').waitFor();
        expect((await SlaPolicy.findOne({ name: policyName }).lean())?.active).toBe(false);
        await page.getByTestId('sla-preview-run').click();
        await result.getByTestId('sla-preview-policy').getByText(tx.builtIn, { exact: true }).waitFor();
        await page.getByTestId(`sla-policy-row-${policyName}`).getByTestId('sla-policy-toggle').click();
        await page.getByTestId(`sla-policy-row-${policyName}`).locator('.ant-switch-checked').waitFor();
        await page.getByTestId('sla-preview-run').click();
        await result.getByTestId('sla-preview-policy').getByText(policyName, { exact: true }).waitFor();
      }
      await page.close();
    });
  }
});
