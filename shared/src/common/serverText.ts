import { z } from 'zod';

/**
 * Text the server makes (why routing chose an agent, why a rule suggested a remedy) stored as a
 * code with parameters, so each viewer reads it in their own language: the client renders
 * `serverText.<code>` from en.json / zh.json with the parameters (client/src/lib/serverText.ts).
 * The English sentence is still stored beside it for mail, CSV, logs and older clients, and is what
 * the client shows for data stored before codes existed.
 *
 * Parameters are plain values; a list is a list of values. Names people typed (agents, rules,
 * notes) are passed through as typed; enum values (category, tier, severity...) are translated by
 * the client.
 */
export const serverTextCodes = [
  // Routing: why this agent (modules/routing).
  'routing.skillsLoad',
  'routing.roundRobin',
  'routing.claimed',
  'routing.reassigned',
  // Staff notifications (the 'notification' socket event).
  'notify.assigned',
  'notify.remedyApproval',
  'notify.sla',
  // Compensation rules: what held, how the amount came about (modules/compensation/ruleEvaluator.ts).
  'rule.oneOf',
  'rule.notOneOf',
  'rule.atLeast',
  'rule.below',
  'rule.atMost',
  'rule.above',
  'rule.missingMin',
  'rule.missingMax',
  'rule.severityAtLeast',
  'rule.severityBelow',
  'rule.breached',
  'rule.notBreached',
  'rule.breachedOnTimeRule',
  'rule.noConditions',
  'rule.amountFixed',
  'rule.amountPercent',
  'rule.amountPercentNoOrder',
  'rule.amountOrder',
  'rule.amountOrderNone',
  'rule.amountNone',
  'rule.breachBonus',
  'rule.breachBonusPerHour',
  'rule.tierMultiplier',
  'rule.raisedToMin',
  'rule.limitedToMax',
  'rule.cappedAtOrder',
  'rule.refundCapped',
] as const;
export type ServerTextCode = (typeof serverTextCodes)[number];

const param = z.union([z.string().max(500), z.number(), z.boolean(), z.null(), z.array(z.string().max(200)).max(50)]);

/** One server-made sentence: a code and its parameters. */
export const serverTextSchema = z.strictObject({
  code: z.enum(serverTextCodes),
  params: z.record(z.string().max(40), param).default({}),
});
export type ServerText = z.infer<typeof serverTextSchema>;
export type ServerTextParams = ServerText['params'];

/** Build a ServerText (typed code, parameters without undefined). */
export function serverText(code: ServerTextCode, params: Record<string, z.infer<typeof param> | undefined> = {}): ServerText {
  const clean: ServerTextParams = {};
  for (const [k, v] of Object.entries(params)) if (v !== undefined) clean[k] = v;
  return { code, params: clean };
}

/**
 * Why a compensation rule suggested a remedy, as parts the client puts together in the viewer's
 * language: the rule (null for the built-in apology floor), the conditions that held, the amount's
 * steps, the outcome, and the suggestion it beat when two rules offered the same remedy.
 */
export const ruleExplanationSchema = z.strictObject({
  rule: z.strictObject({ name: z.string().max(200), key: z.string().max(80), version: z.number().int() }).nullable(),
  because: z.array(serverTextSchema).max(50),
  steps: z.array(serverTextSchema).max(20),
  outcome: z.strictObject({ type: z.string().max(40), amount: z.number(), unit: z.string().max(10).nullable() }),
  chosenOver: z.strictObject({ amount: z.number(), ruleKey: z.string().max(80), ruleVersion: z.number().int() }).optional(),
});
export type RuleExplanation = z.infer<typeof ruleExplanationSchema>;
