/**
 * The admin's staff and teams screens against a real server: create a team, create an agent in
 * it with a skill and capacity 3, edit the capacity, and see field errors from the client's schema
 * check (short password) and from the server (a public demo password). Screenshots in English and
 * Chinese: test/artifacts/admin-*.png.
 */
import type { Page } from 'playwright-core';
import { Team } from '../../server/src/modules/auth/team.model';
import { User } from '../../server/src/modules/auth/user.model';
import { createUser } from '../support/factories';
import { browserSuite, loginThroughUi, newContext, screenshot } from '../support/browser';

const PASSWORD = 'test-password-1';
const suite = browserSuite();

/** Pick options of an antd (multi-)select by typing each label and pressing Enter. */
async function choose(page: Page, testId: string, labels: string[]): Promise<void> {
  const select = page.getByTestId(testId);
  await select.click();
  for (const label of labels) {
    await select.locator('input').fill(label);
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: label }).first().waitFor();
    await page.keyboard.press('Enter');
  }
  await page.keyboard.press('Escape');
  await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').waitFor({ state: 'detached' });
}

/** Wait for antd's transitions (drawer slide, dropdowns) to finish, then take the screenshot. */
async function settledScreenshot(page: Page, name: string): Promise<void> {
  // Runs in the page (this file is compiled without DOM types); endless pulses (the live badge) do not count.
  await page.waitForFunction(() => {
    const doc = (globalThis as unknown as { document: { getAnimations(): { effect: { getTiming(): { iterations?: number } } | null }[] } }).document;
    return doc.getAnimations().every((a) => a.effect?.getTiming().iterations === Infinity);
  });
  await screenshot(page, name);
}

/** Wait until a drawer has slid closed. */
async function drawerClosed(page: Page, testId: string): Promise<void> {
  await page.getByTestId(testId).locator('.ant-drawer-content').waitFor({ state: 'hidden' });
}

/** The antd error text under a form field, once shown. */
function fieldError(page: Page, formTestId: string, fieldTestId: string) {
  return page
    .getByTestId(formTestId)
    .locator('.ant-form-item', { has: page.getByTestId(fieldTestId) })
    .locator('.ant-form-item-explain-error');
}

describe('admin: staff and teams (suite.browser)', () => {
  it('creates a team and an agent in it, edits capacity, and shows client and server field errors', async () => {
    const admin = await createUser('admin', { name: 'Ada Admin' });
    const suffix = Date.now().toString(36);
    const teamKey = `returns-${suffix}`;
    const teamName = `Returns ${suffix}`;
    const agentEmail = `wei.${suffix}@test.example`;

    const page = await (await newContext(suite.browser, { baseURL: suite.t.url, language: 'en' })).newPage();
    await loginThroughUi(page, admin.email, PASSWORD);
    await page.goto('/admin');
    await page.getByTestId('admin-page').waitFor();
    await page.getByText('Staff & teams').first().waitFor();
    await page.getByTestId(`user-row-${admin.email}`).waitFor();

    // A team for damaged goods, round robin.
    await page.getByTestId('tab-teams').click();
    await page.getByTestId('team-add').click();
    const teamForm = page.getByTestId('team-form');
    await teamForm.waitFor();
    await page.getByTestId('team-field-key').fill('X'); // too short and upper case: the schema's message
    await page.getByTestId('team-field-name').fill(teamName);
    await page.getByTestId('team-save').click();
    await fieldError(page, 'team-form', 'team-field-key').getByText('Use 2-40 lower-case letters, digits and dashes').waitFor();
    await page.getByTestId('team-field-key').fill(teamKey);
    await fieldError(page, 'team-form', 'team-field-key').waitFor({ state: 'detached' });
    await choose(page, 'team-field-categories', ['Damaged in transit']);
    await page.getByTestId('team-field-strategy-round_robin').click();
    await settledScreenshot(page, 'admin-team-form');
    await page.getByTestId('team-save').click();
    const teamRow = page.getByTestId(`team-row-${teamKey}`);
    await teamRow.waitFor();
    await drawerClosed(page, 'team-drawer');
    expect(await teamRow.innerText()).toMatch(/Damaged in transit[\s\S]*Round robin/);
    const team = await Team.findOne({ key: teamKey }).lean();
    expect(team).toMatchObject({ name: teamName, categories: ['damaged_in_transit'], senior: false, routingStrategy: 'round_robin' });
    await settledScreenshot(page, 'admin-teams');

    // An agent in that team: a short password is refused on the form, before any request.
    await page.getByTestId('tab-users').click();
    await page.getByTestId('user-add').click();
    await page.getByTestId('user-form').waitFor();
    await page.getByTestId('user-field-name').fill('Wei Zhang');
    await page.getByTestId('user-field-email').fill(agentEmail);
    await page.getByTestId('user-field-password').fill('short');
    await choose(page, 'user-field-teams', [teamName]);
    await choose(page, 'user-field-categories', ['Damaged in transit']);
    await choose(page, 'user-field-languages', ['Chinese']);
    await page.getByTestId('user-field-capacity').fill('3');
    await page.getByTestId('user-save').click();
    const passwordError = fieldError(page, 'user-form', 'user-field-password');
    await passwordError.getByText('Password must be at least 10 characters').waitFor();
    expect(await User.countDocuments({ email: agentEmail })).toBe(0);
    await settledScreenshot(page, 'admin-user-form-error');

    // A long enough password that is public demo data: the server's field error lands on the field.
    await page.getByTestId('user-field-password').fill('redress-demo');
    await passwordError.waitFor({ state: 'detached' });
    await page.getByTestId('user-save').click();
    await passwordError.getByText('This password is public demo data; choose another').waitFor();
    expect(await User.countDocuments({ email: agentEmail })).toBe(0);

    await page.getByTestId('user-field-password').fill('a-strong-password-42');
    await page.getByTestId('user-save').click();
    const row = page.getByTestId(`user-row-${agentEmail}`);
    await row.waitFor();
    await drawerClosed(page, 'user-drawer');
    expect(await page.getByTestId(`capacity-${agentEmail}`).innerText()).toBe('0/3');
    const rowText = await row.innerText();
    for (const s of ['Wei Zhang', 'Agent', teamName, 'Damaged in transit', 'Chinese', 'Offline']) expect(rowText).toContain(s);
    const created = await User.findOne({ email: agentEmail }).lean();
    expect(created).toMatchObject({ role: 'agent', capacity: 3, active: true, skills: { categories: ['damaged_in_transit'], languages: ['zh'] } });
    expect(created!.teamIds.map(String)).toEqual([String(team!._id)]);

    // The search narrows the table to the new agent.
    await page.getByTestId('users-search').fill('wei zh');
    await page.getByTestId(`user-row-${admin.email}`).waitFor({ state: 'detached' });
    await row.waitFor();
    await settledScreenshot(page, 'admin-users');
    await page.getByTestId('users-search').fill('');

    // Edit: capacity 3 -> 4. Only the changed field is sent, so the agent is not signed out.
    await page.getByTestId(`user-edit-${agentEmail}`).click();
    await page.getByTestId('user-form').waitFor();
    expect(await page.getByTestId('user-field-email').isDisabled()).toBe(true);
    expect(await page.getByTestId('user-field-capacity').inputValue()).toBe('3');
    await page.getByTestId('user-field-capacity').fill('4');
    await settledScreenshot(page, 'admin-user-edit');
    await page.getByTestId('user-field-active').scrollIntoViewIfNeeded();
    await settledScreenshot(page, 'admin-user-edit-limits');
    await page.getByTestId('user-save').click();
    await page.getByTestId(`capacity-${agentEmail}`).getByText('0/4').waitFor();
    await drawerClosed(page, 'user-drawer');
    const edited = await User.findOne({ email: agentEmail }).lean();
    expect(edited).toMatchObject({ capacity: 4, sessionVersion: 0 });

    // The same screens in Chinese.
    const zhCtx = await newContext(suite.browser, { baseURL: suite.t.url, language: 'zh' });
    const zh = await zhCtx.newPage();
    await loginThroughUi(zh, admin.email, PASSWORD);
    await zh.goto('/admin');
    await zh.getByText('员工与团队').first().waitFor();
    await zh.getByTestId(`user-row-${agentEmail}`).waitFor();
    expect(await zh.getByTestId(`user-row-${agentEmail}`).innerText()).toContain('运输损坏');
    await settledScreenshot(zh, 'admin-users-zh');
    await zh.getByTestId(`user-edit-${agentEmail}`).click();
    await zh.getByTestId('user-form').waitFor();
    await zh.getByTestId('user-field-password').fill('short');
    await zh.getByTestId('user-save').click();
    await fieldError(zh, 'user-form', 'user-field-password').getByText('密码至少 10 个字符').waitFor();
    await settledScreenshot(zh, 'admin-user-edit-zh');
    await zh.keyboard.press('Escape');
    await drawerClosed(zh, 'user-drawer');
    await zh.getByTestId('tab-teams').click();
    await zh.getByTestId(`team-row-${teamKey}`).getByText('轮流分配').waitFor();
    await settledScreenshot(zh, 'admin-teams-zh');
    await zhCtx.close();
  });
});
