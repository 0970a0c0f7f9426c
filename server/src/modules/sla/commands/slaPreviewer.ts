import type { SlaPreviewInput, SlaPreviewView } from '@redress/shared';
import { DateTime } from 'luxon';
import { errors } from '../../../platform/errors';
import { startClock } from '../clockMath';
import { targetsFor } from './slaTargets';

const MIN = 60_000;
const LOCAL = 'yyyy-MM-dd HH:mm';

/**
 * When an example complaint's clocks would fall due: the policy it would match (the same choice and
 * cached settings the `filed` listener uses) and the real business-time arithmetic of that policy's
 * calendar. Nothing is stored.
 */
export async function slaPreviewer(input: SlaPreviewInput): Promise<SlaPreviewView> {
  const targets = await targetsFor({ priority: input.priority, customer: { tier: input.tier }, category: input.category, channel: input.channel });
  const zone = input.timeZone ?? targets.calendar.timeZone;
  // An instant with an offset keeps its instant; a bare wall-clock time is read in `zone`.
  const filed = DateTime.fromISO(input.filedAt, { zone });
  if (!filed.isValid) throw errors.validation([{ path: 'filedAt', message: 'filing time must be YYYY-MM-DDTHH:mm' }]);
  const at = filed.toJSDate();
  const clock = (targetMs: number) => {
    const due = startClock(targets.calendar, at, targetMs, targets.warnAtPercent).dueAt;
    if (!due) throw new Error('a running clock has a due time');
    return { targetMinutes: targetMs / MIN, dueAt: due.toISOString(), dueLocal: DateTime.fromJSDate(due, { zone }).toFormat(LOCAL) };
  };
  return {
    policy: { id: targets.policyId, name: targets.policyName },
    calendar: { id: targets.calendarId, name: targets.calendarName, timeZone: targets.calendar.timeZone },
    timeZone: zone,
    filedAt: at.toISOString(),
    filedLocal: filed.toFormat(LOCAL),
    firstResponse: clock(targets.firstResponseMs),
    resolution: clock(targets.resolutionMs),
  };
}
