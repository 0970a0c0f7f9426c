import { defaultCompensationRules } from '../compensation/rules';
import { builtinNameCode, builtinRemedyRuleNames } from './builtinNames';

describe('builtin names', () => {
  it('knows every default compensation rule by its key and default name', () => {
    expect(builtinRemedyRuleNames).toEqual(Object.fromEntries(defaultCompensationRules.map((r) => [r.key, r.name])));
    for (const r of defaultCompensationRules) expect(builtinNameCode('remedyRule', r.name, r.key)).toBe(r.key);
    expect(builtinNameCode('remedyRule', 'Renamed by someone', 'apology_floor')).toBeNull();
  });
});
