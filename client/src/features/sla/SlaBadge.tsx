import { Tag, Tooltip } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { ComplaintSummaryPayload } from '@redress/shared';
import { formatDuration } from './format';
import './i18n';
import { useNow } from './useNow';

type Summary = NonNullable<ComplaintSummaryPayload['sla']>;

const colors: Record<Summary['state'], string> = { ok: 'green', at_risk: 'orange', breached: 'red', paused: 'default', met: 'green', none: 'default' };

/**
 * The list row's SLA clock with a live countdown (ticking every second) to the due time of the
 * clock that matters now: green on track, orange at risk, red breached (counting the overrun),
 * grey while paused. Renders nothing when no SLA applies.
 */
export function SlaBadge({ sla }: { sla?: ComplaintSummaryPayload['sla'] }) {
  const { t } = useTranslation();
  const now = useNow();
  if (!sla || sla.state === 'none') return null;
  const due = sla.dueAt ? new Date(sla.dueAt).getTime() : null;
  let text: string;
  if (sla.state === 'paused') text = t('sla.badge.paused');
  else if (sla.state === 'met') text = t('sla.badge.met');
  else if (due === null) text = t(`sla.state.${sla.state}`);
  else if (due >= now) text = t('sla.badge.left', { time: formatDuration(due - now) });
  else text = t('sla.badge.over', { time: formatDuration(now - due) });
  // Past due but the sweep has not said so yet (up to a second): show it as breached already.
  const state = sla.state !== 'paused' && sla.state !== 'met' && due !== null && due < now ? 'breached' : sla.state;
  const label = state === 'ok' || state === 'paused' || state === 'met' ? text : `${t(`sla.state.${state}`)} · ${text}`;
  return (
    <Tooltip title={due !== null ? t('sla.badge.hint', { date: dayjs(due).format('YYYY-MM-DD HH:mm') }) : undefined}>
      <Tag color={colors[state]} data-testid="sla-badge" data-state={state} style={{ fontVariantNumeric: 'tabular-nums' }}>
        {label}
      </Tag>
    </Tooltip>
  );
}
