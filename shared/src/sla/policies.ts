/**
 * SLA policies and calendars as admins edit them, plus the SLA shapes the API sends. Pure: the
 * server validates requests with these schemas and the admin form validates with the same ones.
 */
import { IANAZone } from 'luxon';
import { z } from 'zod';
import { channels, type Channel } from '../complaints/taxonomy';
import { priorityLevels, type PriorityLevel } from '../complaints/lifecycle';
import { customerTiers, type CustomerTier } from '../customers/value';
import { businessCalendarSchema } from './businessTime';

/** The two clocks every complaint carries (next response is a policy target shown on the detail only). */
export const slaClockNames = ['firstResponse', 'resolution'] as const;
export type SlaClockName = (typeof slaClockNames)[number];

/** What a warning or a breach may trigger, in the order the policy lists them. */
export const slaEscalationActions = ['raise_priority', 'reassign_senior', 'email_supervisor', 'notify'] as const;
export type SlaEscalationAction = (typeof slaEscalationActions)[number];

/** Stored state of one clock: running, paused (waiting on the customer), warned, met or breached. */
export const slaClockStates = ['running', 'paused', 'at_risk', 'met', 'breached'] as const;
export type SlaClockState = (typeof slaClockStates)[number];

export type SlaOutcome = 'achieved' | 'breached' | null;

const MAX_TARGET_MINUTES = 365 * 24 * 60;
const minutes = z.number().int('whole minutes').positive('must be at least 1 minute').max(MAX_TARGET_MINUTES, 'at most one year');

/** A named business calendar (create/replace body). */
export const slaCalendarInputSchema = z.strictObject({
  name: z.string().trim().min(1, 'name is required').max(80),
  calendar: businessCalendarSchema,
});
export type SlaCalendarInput = z.infer<typeof slaCalendarInputSchema>;

/** Which complaints a policy applies to; an absent or empty list matches everything. */
export const slaMatchSchema = z.strictObject({
  priorities: z.array(z.enum(priorityLevels)).optional(),
  tiers: z.array(z.enum(customerTiers)).optional(),
  categories: z.array(z.string().min(1).max(60)).optional(),
  channels: z.array(z.enum(channels)).optional(),
});
export type SlaMatch = z.infer<typeof slaMatchSchema>;

/** An SLA policy (create/replace body). */
export const slaPolicyInputSchema = z
  .strictObject({
    name: z.string().trim().min(1, 'name is required').max(80),
    active: z.boolean().default(true),
    /** Lower runs first; the first active policy that matches a complaint wins. */
    order: z.number().int().min(0).max(10_000).default(100),
    match: slaMatchSchema.default({}),
    calendarId: z
      .string()
      .regex(/^[a-f0-9]{24}$/, 'must be a calendar id')
      .nullable()
      .default(null),
    targets: z.strictObject({
      firstResponseMinutes: minutes,
      resolutionMinutes: minutes,
      nextResponseMinutes: minutes.optional(),
    }),
    warnAtPercent: z.number().int().min(1, 'between 1 and 99').max(99, 'between 1 and 99').default(75),
    escalation: z
      .strictObject({
        onAtRisk: z.array(z.enum(slaEscalationActions)).max(4).default([]),
        onBreach: z.array(z.enum(slaEscalationActions)).max(4).default([]),
      })
      .default({ onAtRisk: [], onBreach: [] }),
  })
  .refine((p) => p.targets.firstResponseMinutes <= p.targets.resolutionMinutes, {
    message: 'first response target must not exceed the resolution target',
    path: ['targets', 'firstResponseMinutes'],
  });
export type SlaPolicyInput = z.infer<typeof slaPolicyInputSchema>;

/** The complaint attributes a policy is matched on. */
export interface SlaSubject {
  priority: PriorityLevel;
  tier: CustomerTier;
  category: string;
  channel: Channel;
}

/** The policy fields that matching needs. */
export interface MatchablePolicy {
  active: boolean;
  order: number;
  match: SlaMatch;
}

function allows<T>(list: readonly T[] | undefined, value: T): boolean {
  return !list || list.length === 0 || list.includes(value);
}

/** True when every non-empty condition of `match` holds for the complaint. */
export function policyMatches(match: SlaMatch, s: SlaSubject): boolean {
  return allows(match.priorities, s.priority) && allows(match.tiers, s.tier) && allows(match.categories, s.category) && allows(match.channels, s.channel);
}

/** The first active policy by `order` (ties keep list order) whose conditions hold, or null. */
export function choosePolicy<P extends MatchablePolicy>(policies: readonly P[], s: SlaSubject): P | null {
  const ordered = policies.map((p, i) => ({ p, i })).sort((a, b) => a.p.order - b.p.order || a.i - b.i);
  return ordered.find(({ p }) => p.active && policyMatches(p.match, s))?.p ?? null;
}

/** One clock as the API presents it (ISO strings; elapsed values are as of `asOf`). */
export interface SlaClockView {
  state: SlaClockState;
  targetMs: number;
  startedAt: string;
  dueAt: string | null;
  warnAt: string | null;
  metAt: string | null;
  breachedAt: string | null;
  elapsedBusinessMs: number;
  elapsedCalendarMs: number;
  remainingBusinessMs: number;
  breachedByMs: number;
  paused: boolean;
}

/** GET /api/complaints/:id/sla and the detail's `sla` field. */
export interface ComplaintSlaView {
  policyId: string | null;
  policyName: string;
  calendarName: string;
  asOf: string;
  firstResponse: SlaClockView;
  resolution: SlaClockView;
  nextResponseTargetMs: number | null;
  requesterWait: { businessMs: number; calendarMs: number };
  onHold: { businessMs: number; calendarMs: number };
  outcome: { firstResponse: SlaOutcome; resolution: SlaOutcome; firstResponseBreachedByMs: number; resolutionBreachedByMs: number };
}

/**
 * Body of POST /api/sla/preview: an example complaint and when it is filed. `filedAt` is either an
 * instant with an offset ('2026-12-04T15:00:00Z') or a wall-clock time 'YYYY-MM-DDTHH:mm' read in
 * `timeZone` (by default the zone of the calendar the chosen policy uses).
 */
export const slaPreviewInputSchema = z.strictObject({
  channel: z.enum(channels),
  category: z.string().trim().min(1, 'category is required').max(60),
  priority: z.enum(priorityLevels),
  tier: z.enum(customerTiers),
  filedAt: z.union([
    z.iso.datetime({ offset: true, message: 'filing time must be YYYY-MM-DDTHH:mm' }),
    z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, 'filing time must be YYYY-MM-DDTHH:mm'),
  ]),
  timeZone: z
    .string()
    .refine((zone) => IANAZone.isValidZone(zone), 'Unknown IANA time zone')
    .optional(),
});
export type SlaPreviewInput = z.infer<typeof slaPreviewInputSchema>;

/** One clock of an SLA preview: its target and when it falls due. */
export interface SlaPreviewClock {
  targetMinutes: number;
  dueAt: string;
  /** The due time as 'YYYY-MM-DD HH:mm' in the preview's time zone. */
  dueLocal: string;
}

/** Response of POST /api/sla/preview: which policy and calendar apply and when both clocks fall due. */
export interface SlaPreviewView {
  policy: { id: string | null; name: string };
  calendar: { id: string | null; name: string; timeZone: string };
  /** The zone `filedLocal` and the `dueLocal` times are in. */
  timeZone: string;
  filedAt: string;
  filedLocal: string;
  firstResponse: SlaPreviewClock;
  resolution: SlaPreviewClock;
}
