import { compensationRuleSchema, defaultCompensationRules, type CompensationRule, type RuleVersionView } from '@redress/shared';
import { services } from '../../platform/context';
import { errors } from '../../platform/errors';
import { isDuplicateKey, RuleVersion, type RuleVersionFields } from './compensation.models';
import type { VersionedRule } from './ruleEvaluator';

/** Who stored a rule version. */
export interface RuleAuthor {
  id: string | null;
  name: string;
}

const systemAuthor: RuleAuthor = { id: null, name: 'Redress (default rules)' };

/**
 * Store the shipped default rules as version 1 of each key that has no version yet. Idempotent and
 * safe to race: the unique {key, version} index lets only one insert per key win.
 */
export async function ensureDefaultRules(): Promise<void> {
  const now = services().clock.now();
  for (const rule of defaultCompensationRules) {
    await RuleVersion.updateOne(
      { key: rule.key, version: 1 },
      {
        $setOnInsert: {
          key: rule.key,
          version: 1,
          rule,
          active: rule.active,
          createdBy: systemAuthor,
          createdAt: now,
        },
      },
      { upsert: true },
    ).catch((err: unknown) => {
      if (!isDuplicateKey(err)) throw err;
    });
  }
}

let ensured: Promise<void> | null = null;

/** Seed the defaults once per process, on first use (the very first start of a database). */
function ensureOnce(): Promise<void> {
  ensured ??= ensureDefaultRules().catch((err: unknown) => {
    ensured = null;
    throw err;
  });
  return ensured;
}

/** Forget that the defaults were ensured (a test switched databases). */
export function resetRuleStoreForTests(): void {
  ensured = null;
}

/** Every stored version, newest first per key. */
async function allVersions(): Promise<RuleVersionFields[]> {
  await ensureOnce();
  return RuleVersion.find({}).sort({ key: 1, version: -1 }).lean();
}

/** Highest version per key (FerretDB has no $max accumulator: the sort does it). */
function latestPerKey(all: RuleVersionFields[]): RuleVersionFields[] {
  const seen = new Map<string, RuleVersionFields>();
  for (const v of all) if (!seen.has(v.key)) seen.set(v.key, v);
  return [...seen.values()];
}

/** The current rule set: the latest version of every key, active or not. */
export async function currentRuleVersions(): Promise<RuleVersionFields[]> {
  return latestPerKey(await allVersions());
}

/** The current rules as the evaluator takes them. Stored rules are re-validated; a broken one is skipped and logged. */
export async function currentRules(): Promise<VersionedRule[]> {
  const out: VersionedRule[] = [];
  for (const v of await currentRuleVersions()) {
    const parsed = compensationRuleSchema.safeParse(v.rule);
    if (parsed.success) out.push({ rule: parsed.data, version: v.version });
    else services().logger.error({ key: v.key, version: v.version }, 'stored compensation rule is invalid; skipped');
  }
  return out;
}

/** All versions of one key, newest first. */
export async function ruleHistory(key: string): Promise<RuleVersionFields[]> {
  await ensureOnce();
  return RuleVersion.find({ key }).sort({ version: -1 }).limit(100).lean();
}

/**
 * Save a rule as the next version of its key. Two editors saving at once both compute the same next
 * version; the unique index refuses the second, which is told to reload (409) rather than silently
 * overwriting what the first just saved.
 */
export async function saveRuleVersion(rule: CompensationRule, by: RuleAuthor): Promise<RuleVersionFields> {
  await ensureOnce();
  const latest = await RuleVersion.findOne({ key: rule.key }).sort({ version: -1 }).lean();
  const version = (latest?.version ?? 0) + 1;
  try {
    const doc = await RuleVersion.create({
      key: rule.key,
      version,
      rule,
      active: rule.active,
      createdBy: by,
      createdAt: services().clock.now(),
    });
    return doc.toObject();
  } catch (err) {
    if (isDuplicateKey(err)) throw errors.conflict(`Rule ${rule.key} was changed by someone else just now; reload and try again`);
    throw err;
  }
}

/** A stored version as the API sends it. */
export function presentRuleVersion(v: RuleVersionFields): RuleVersionView {
  return {
    key: v.key,
    version: v.version,
    active: v.active,
    rule: v.rule as CompensationRule,
    createdBy: { id: v.createdBy.id ?? null, name: v.createdBy.name },
    createdAt: v.createdAt.toISOString(),
  };
}
