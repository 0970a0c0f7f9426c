import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
// Modules, not the package index: the staff frame (notification bell) must not download zod.
import { builtinNameCode, type BuiltinNameKind } from '@redress/shared/src/common/builtinNames';
import type { RuleExplanation, ServerText } from '@redress/shared';
import { useCategories } from '../features/portal/useCategories';
import { i18n } from '../i18n';
import en from '../i18n/serverText.en.json';
import zh from '../i18n/serverText.zh.json';

// The `serverText` texts (i18n/serverText.en.json / .zh.json), registered when a staff page loads:
// staff pages only, so kept out of en.json / zh.json, which the customer's pages download (client
// size budget, test/e2e/clientSize.e2e.test.ts).
i18n.addResourceBundle('en', 'translation', en, true, false);
i18n.addResourceBundle('zh', 'translation', zh, true, false);

/**
 * Server-made text in the viewer's language: codes with parameters (shared/src/common/serverText.ts)
 * rendered from the `serverText` block of en.json / zh.json. Text stored before codes existed has
 * none: then the stored English is shown as it is.
 */

const num = (v: unknown) => (typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toFixed(2)) : String(v ?? ''));

/** The console's translation of an enum value of a rule condition's field (category labels come from the API). */
function valueOf(t: TFunction, category: (key: string) => string, what: string, v: string): string {
  switch (what) {
    case 'category':
      return category(v);
    case 'rootCause':
      return t(`console.rootCause.${v}`, { defaultValue: v });
    case 'kind':
      return t(`console.kind.${v}`, { defaultValue: v });
    case 'severity':
      return t(`console.severity.${v}`, { defaultValue: v });
    case 'customerTier':
      return t(`console.tiers.${v}.label`, { defaultValue: v });
    case 'lifecycleStage':
      return t(`console.stages.${v}`, { defaultValue: v });
    default:
      return v;
  }
}

function render(t: TFunction, category: (key: string) => string, text: ServerText): string {
  const p = text.params;
  const what = typeof p.what === 'string' ? p.what : '';
  const value = (v: unknown) => (typeof v === 'number' ? num(v) : valueOf(t, category, what, String(v ?? '')));
  switch (text.code) {
    case 'routing.skillsLoad': {
      const skill = p.specialistIn ? t('serverText.routing.specialist', { category: category(String(p.specialistIn)) }) : t('serverText.routing.generalist');
      const reason = t('serverText.routing.skillsLoad', { agent: p.agent, skill, open: p.open, capacity: p.capacity, eligible: p.eligible });
      return p.fromQueue ? t('serverText.routing.fromQueue', { reason }) : reason;
    }
    case 'routing.roundRobin': {
      const reason = t('serverText.routing.roundRobin', { agent: p.agent, eligible: p.eligible });
      return p.fromQueue ? t('serverText.routing.fromQueue', { reason }) : reason;
    }
    case 'routing.claimed':
      return t('serverText.routing.claimed', { agent: p.agent });
    case 'routing.reassigned':
      return p.note ? t('serverText.routing.reassignedNote', { by: p.by, note: p.note }) : t('serverText.routing.reassigned', { by: p.by });
    case 'notify.assigned':
      return t('serverText.notify.assigned', { reference: p.reference, subject: p.subject });
    case 'notify.remedyApproval': {
      const type = t(`compensation.types.${String(p.type)}`, { defaultValue: String(p.type) });
      const remedy = p.type === 'apology' ? type : `${type} ${num(p.amount)}${p.currency ? ` ${String(p.currency)}` : ''}`;
      const why = t(`compensation.approvalReason.${String(p.why)}`, { defaultValue: String(p.why) });
      return t('serverText.notify.remedyApproval', { reference: p.reference, remedy, why });
    }
    case 'notify.sla':
      return t(`serverText.notify.sla.${p.state === 'breached' ? 'breached' : 'at_risk'}`, {
        reference: p.reference,
        clock: t(`sla.panel.${String(p.clock)}`, { defaultValue: String(p.clock) }),
      });
    case 'rule.severityAtLeast':
    case 'rule.severityBelow':
      return t(`serverText.${text.code}`, { value: valueOf(t, category, 'severity', String(p.value)), min: valueOf(t, category, 'severity', String(p.min)) });
    case 'rule.tierMultiplier':
      return t('serverText.rule.tierMultiplier', {
        tier: valueOf(t, category, 'customerTier', String(p.tier)),
        multiplier: num(p.multiplier),
        amount: num(p.amount),
      });
    default: {
      const params: Record<string, string> = {};
      for (const [k, v] of Object.entries(p)) {
        if (k === 'what') params.what = t(`serverText.rule.what.${what}`, { defaultValue: what });
        else if (k === 'value') params.value = value(v);
        else if (k === 'allowed' && Array.isArray(v)) params.allowed = v.map((x) => value(x)).join(', ');
        else params[k] = num(v);
      }
      return t(`serverText.${text.code}`, { ...params, defaultValue: text.code });
    }
  }
}

/** A built-in name in the viewer's language; any other name as entered. */
export function builtinName(t: TFunction, kind: BuiltinNameKind, name: string, key?: string): string {
  const code = builtinNameCode(kind, name, key);
  return code ? t(`serverText.names.${kind}.${code}`, { defaultValue: name }) : name;
}

/** Renderers for server-made text, in the current UI language. */
export function useServerText() {
  const { t } = useTranslation();
  const { label: category } = useCategories();
  const sep = () => t('serverText.rule.separator');
  return {
    /** A coded text, or the stored English when there is no code. */
    text: (coded: ServerText | null | undefined, fallback: string): string => (coded ? render(t, category, coded) : fallback),
    /** Why a rule suggested a remedy; the stored English when there is no explanation. */
    explanation: (e: RuleExplanation | null | undefined, fallback: string): string => {
      if (!e) return fallback;
      if (!e.rule) return t('serverText.rule.floor');
      const type = t(`compensation.types.${e.outcome.type}`, { defaultValue: e.outcome.type.replace('_', ' ') });
      const amount = `${num(e.outcome.amount)}${e.outcome.unit === 'points' ? ` ${t('serverText.rule.points')}` : e.outcome.unit ? ` ${e.outcome.unit}` : ''}`;
      const outcome = e.outcome.type === 'apology' ? t('serverText.rule.outcomeApology') : t('serverText.rule.outcome', { type, amount });
      const sentence = t('serverText.rule.sentence', {
        name: builtinName(t, 'remedyRule', e.rule.name, e.rule.key),
        key: e.rule.key,
        version: e.rule.version,
        because: e.because.map((b) => render(t, category, b)).join(sep()),
        steps: e.steps.map((s) => render(t, category, s)).join(sep()),
        outcome,
      });
      if (!e.chosenOver) return sentence;
      return `${sentence} ${t('serverText.rule.chosenOver', { amount: num(e.chosenOver.amount), key: e.chosenOver.ruleKey, version: e.chosenOver.ruleVersion })}`;
    },
    /** A built-in policy, calendar or rule name in the viewer's language; others as entered. */
    name: (kind: BuiltinNameKind, name: string, key?: string): string => builtinName(t, kind, name, key),
  };
}
