import { readFileSync } from 'node:fs';
import path from 'node:path';
import { builtinSlaCalendarNames, builtinSlaPolicyNames, defaultCompensationRules, serverTextCodes } from '@redress/shared';

const bundle = (lang: string): unknown => JSON.parse(readFileSync(path.resolve(__dirname, `../client/src/i18n/serverText.${lang}.json`), 'utf8'));
const en = bundle('en');
const zh = bundle('zh');

/** Every code the server can send has a text in both UI languages, and built-in names read the same in English. */
const at = (tree: unknown, path: string): unknown => path.split('.').reduce<unknown>((node, k) => (node as Record<string, unknown> | undefined)?.[k], tree);

describe.each([
  ['en', en],
  ['zh', zh],
])('serverText.%s.json', (_lang, bundle) => {
  it.each([...serverTextCodes])('has %s', (code) => {
    expect(at(bundle, `serverText.${code}`)).toBeTruthy();
  });

  it('names every built-in SLA policy, calendar and default rule', () => {
    for (const code of Object.keys(builtinSlaPolicyNames)) expect(at(bundle, `serverText.names.slaPolicy.${code}`)).toBeTruthy();
    for (const code of Object.keys(builtinSlaCalendarNames)) expect(at(bundle, `serverText.names.slaCalendar.${code}`)).toBeTruthy();
    for (const r of defaultCompensationRules) expect(at(bundle, `serverText.names.remedyRule.${r.key}`)).toBeTruthy();
  });
});

it('the English names are the stored ones', () => {
  for (const [code, name] of Object.entries(builtinSlaPolicyNames)) expect(at(en, `serverText.names.slaPolicy.${code}`)).toBe(name);
  for (const [code, name] of Object.entries(builtinSlaCalendarNames)) expect(at(en, `serverText.names.slaCalendar.${code}`)).toBe(name);
  for (const r of defaultCompensationRules) expect(at(en, `serverText.names.remedyRule.${r.key}`)).toBe(r.name);
});
