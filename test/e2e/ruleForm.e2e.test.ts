/**
 * The remedy rule form against a real server, in English and in Chinese: a supervisor creates a
 * rule through the form (a category condition and an order-amount condition; a voucher of 15% of
 * the order, 5 to 40, x1.5 for MVC customers, valid 60 days), is stopped by field errors from the
 * shared schema (a range set the wrong way round, a minimum above the maximum), previews it on the
 * recent complaints, sees the JSON tab follow the form (and the form follow the JSON), saves, and
 * the API returns exactly that rule. Screenshots: test/artifacts/rule-form-*.png.
 */
import request from 'supertest';
import type { Page } from 'playwright-core';
import type { RulePreviewResult, RuleVersionView } from '@redress/shared';
import { complaintBody, createUser, login } from '../support/factories';
import { browserSuite, loginThroughUi, newContext, screenshot } from '../support/browser';

const PASSWORD = 'test-password-1';
const suite = browserSuite();

/** Pick options of an antd select inside `scope` by typing each label and pressing Enter. */
async function choose(page: Page, scope: ReturnType<Page['getByTestId']>, labels: string[]): Promise<void> {
  await scope.click();
  for (const label of labels) {
    await scope.locator('input').fill(label);
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: label }).first().waitFor();
    await page.keyboard.press('Enter');
  }
  if ((await scope.getAttribute('class'))?.includes('ant-select-multiple')) await page.keyboard.press('Escape');
  await dropdownsClosed(page);
}

/** Wait until no select dropdown is open or still sliding away (several may be leaving at once). */
async function dropdownsClosed(page: Page): Promise<void> {
  const open = page.locator('.ant-select-dropdown:visible');
  for (const deadline = Date.now() + 10_000; (await open.count()) > 0; await page.waitForTimeout(50)) {
    if (Date.now() > deadline) throw new Error('a select dropdown stayed open');
  }
}

async function settledScreenshot(page: Page, name: string): Promise<void> {
  await page.waitForFunction(() => {
    const doc = (globalThis as unknown as { document: { getAnimations(): { effect: { getTiming(): { iterations?: number } } | null }[] } }).document;
    return doc.getAnimations().every((a) => a.effect?.getTiming().iterations === Infinity);
  });
  await screenshot(page, name);
}

/** The antd error text of the form item in `scope` (a condition row, a remedy card) that holds the control `testId`. */
function errorOf(page: Page, scope: ReturnType<Page['getByTestId']>, testId: string) {
  return scope.locator('.ant-form-item', { has: page.getByTestId(testId) }).locator('.ant-form-item-explain-error');
}

const texts = {
  en: {
    category: 'Delivery delay',
    fields: { category: 'Category', orderAmount: 'Order amount' },
    ops: { gte: '≥', lte: '≤' },
    voucher: 'Voucher',
    percentBase: 'A percent of the order',
    rangeError: 'orderAmountMin must not be greater than orderAmountMax',
    minError: 'min must not be greater than max',
    summary: /This rule would have applied to (\d+) of the last (\d+) complaints\./,
  },
  zh: {
    category: '配送延误',
    fields: { category: '类别', orderAmount: '订单金额' },
    ops: { gte: '≥', lte: '≤' },
    voucher: '代金券',
    percentBase: '订单金额的百分比',
    rangeError: '最小值不能大于最大值',
    minError: '最少金额不能大于最多金额',
    summary: /该规则会适用于最近 (\d+) 条投诉中的 (\d+) 条。/,
  },
} as const;

describe('compensation: remedy rule form (suite.browser)', () => {
  for (const language of ['en', 'zh'] as const) {
    it(`creates a rule through the form, previews it and saves it (${language})`, async () => {
      const tx = texts[language];
      const sup = await createUser('supervisor', { name: `Sam ${language}` });
      const api = await login(suite.t.url, sup.email);
      // Recent complaints for the preview: a late order of 120 EUR (the rule applies: 15% = 18 EUR),
      // a late order of 10 EUR (below the condition's 20) and one without an amount.
      for (const over of [{ amount: 120, currency: 'EUR' }, { amount: 10, currency: 'EUR' }, {}]) {
        expect((await request(suite.t.url).post('/api/complaints').send(complaintBody(over))).status).toBe(201);
      }
      const key = `late_voucher_${language}`;

      const page = await (await newContext(suite.browser, { baseURL: suite.t.url, language })).newPage();
      await loginThroughUi(page, sup.email, PASSWORD);
      await page.goto('/supervisor/rules');
      await page.getByTestId('rule-new').click();
      await page.getByTestId('rule-form').waitFor();
      await page.getByTestId('rule-field-key').fill(key);
      await page.getByTestId('rule-field-name').fill(`Voucher for late deliveries (${language})`);
      await page.getByTestId('rule-field-priority').fill('250');

      // Conditions: category is one of [delivery delay]; order amount ≥ 500 and ≤ 100 (wrong way round).
      await page.getByTestId('rule-cond-add').click();
      const c0 = page.getByTestId('rule-cond-0');
      await choose(page, c0.getByTestId('rule-cond-field'), [tx.fields.category]);
      await choose(page, c0.getByTestId('rule-cond-value'), [tx.category]);
      await page.getByTestId('rule-cond-add').click();
      const c1 = page.getByTestId('rule-cond-1');
      await choose(page, c1.getByTestId('rule-cond-field'), [tx.fields.orderAmount]);
      await c1.getByTestId('rule-cond-value').fill('500');
      await page.getByTestId('rule-cond-add').click();
      const c2 = page.getByTestId('rule-cond-2');
      await choose(page, c2.getByTestId('rule-cond-field'), [tx.fields.orderAmount]);
      await c2.getByTestId('rule-cond-op').click();
      await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: tx.ops.lte }).click();
      await dropdownsClosed(page);
      await c2.getByTestId('rule-cond-value').fill('100');

      // The remedy: the new rule's apology becomes a voucher of 15% of the order, min 50 > max 40 at first.
      const r0 = page.getByTestId('rule-remedy-0');
      await choose(page, r0.getByTestId('rule-remedy-type'), [tx.voucher]);
      await choose(page, r0.getByTestId('rule-remedy-base'), [tx.percentBase]);
      await r0.getByTestId('rule-remedy-percent').fill('15');
      await r0.getByTestId('rule-remedy-tier-MVC').fill('1.5');
      await r0.getByTestId('rule-remedy-min').fill('50');
      await r0.getByTestId('rule-remedy-max').fill('40');
      await r0.getByTestId('rule-remedy-valid-days').fill('60');

      await page.getByTestId('rule-save').click();
      await errorOf(page, c1, 'rule-cond-value').getByText(tx.rangeError).waitFor();
      await errorOf(page, r0, 'rule-remedy-min').getByText(tx.minError).waitFor();
      await settledScreenshot(page, `rule-form-errors-${language}`);

      // Fixed: order amount ≥ 20 only, min 5. The errors clear as the fields change.
      await c2.getByTestId('rule-cond-remove').click();
      await c1.getByTestId('rule-cond-value').fill('20');
      await r0.getByTestId('rule-remedy-min').fill('5');
      await errorOf(page, c1, 'rule-cond-value').waitFor({ state: 'detached' });
      await errorOf(page, r0, 'rule-remedy-min').waitFor({ state: 'detached' });

      const expected = {
        key,
        name: `Voucher for late deliveries (${language})`,
        description: '',
        priority: 250,
        active: true,
        conditions: { categories: ['delivery_delay'], orderAmountMin: 20 },
        remedies: [
          { type: 'voucher', amount: { base: { kind: 'percentOfOrder', percent: 15 }, tierMultipliers: { MVC: 1.5 }, min: 5, max: 40 }, voucherValidDays: 60 },
        ],
      };

      // Preview on the recent complaints: the page shows what the API computes for the same rule.
      await page.getByTestId('rule-preview-button').click();
      const preview = page.getByTestId('rule-preview');
      await preview.waitFor();
      const fromApi = (await api.post('/api/compensation/rules/preview', { rule: expected })).body as RulePreviewResult;
      expect(fromApi.considered).toBeGreaterThanOrEqual(3);
      expect(fromApi.matched).toBeGreaterThanOrEqual(1);
      const voucherTotal = fromApi.totals.find((x) => x.type === 'voucher');
      expect(voucherTotal).toMatchObject({ currency: 'EUR', amount: 18 * fromApi.matched });
      // Money in the viewer's language, as the console writes it (lib/format.ts formatMoney).
      const money = new Intl.NumberFormat(language === 'zh' ? 'zh-CN' : 'en', { style: 'currency', currency: 'EUR' }).format(voucherTotal!.amount);
      await preview.locator('td', { hasText: money }).waitFor();
      const shown = (await preview.innerText()).match(tx.summary);
      expect(shown).not.toBeNull();
      const [matched, considered] = language === 'en' ? [shown![1], shown![2]] : [shown![2], shown![1]];
      expect([Number(matched), Number(considered)]).toEqual([fromApi.matched, fromApi.considered]);
      await settledScreenshot(page, `rule-form-preview-${language}`);

      // The JSON tab holds the same rule; an expert's edit there shows up in the form.
      await page.getByTestId('rule-tab-json').click();
      expect(JSON.parse(await page.getByTestId('rule-json').inputValue())).toEqual(expected);
      if (language === 'en') {
        await page.getByTestId('rule-json').fill(JSON.stringify({ ...expected, description: 'Typed as JSON' }, null, 2));
        await page.getByTestId('rule-tab-form').click();
        expect(await page.getByTestId('rule-field-description').inputValue()).toBe('Typed as JSON');
        await page.getByTestId('rule-field-description').fill('');
        await page.getByTestId('rule-tab-json').click();
        expect(JSON.parse(await page.getByTestId('rule-json').inputValue())).toEqual(expected);
        await page.getByTestId('rule-tab-form').click();
      }

      await page.getByTestId('rule-save').click();
      await page.locator('tr', { hasText: expected.name }).waitFor();
      const rules = (await api.get('/api/compensation/rules')).body.items as RuleVersionView[];
      const saved = rules.find((r) => r.key === key);
      expect(saved?.version).toBe(1);
      expect(saved?.rule).toEqual(expected);
      await page.close();
    });
  }
});
