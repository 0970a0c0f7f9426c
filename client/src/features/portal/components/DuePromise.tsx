import { useTranslation } from 'react-i18next';
// The module, not the package index: the tracking page stays without zod (client size budget).
import { formatDueTime, type CustomerPromise } from '@redress/shared/src/complaints/duePromise';
import { useNow } from '../../sla/useNow';

/** The customer's own zone: the browser's. */
const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

/**
 * When to expect an answer, as the server computed it from the SLA clocks (pushed again whenever
 * they pause, resume or move), written in the customer's language and zone. A time already past is
 * not promised again: the page says we are late and sorry. Plain HTML: the tracking page has no antd.
 */
export function DuePromise({ promise }: { promise: CustomerPromise }) {
  const { t, i18n } = useTranslation();
  const now = useNow();
  if (promise.kind === 'none') return null;
  const lang = i18n.language === 'zh' ? 'zh' : 'en';
  let text: string;
  let overdue = false;
  if (promise.kind === 'paused') text = t('portal.track.promise.paused');
  else {
    const when = formatDueTime(promise.dueAt, lang, browserZone());
    overdue = new Date(promise.dueAt).getTime() < now;
    text = overdue ? t('portal.track.promise.overdue', { when }) : t(`portal.track.promise.${promise.kind}`, { when });
  }
  return (
    <div className={`rd-alert rd-alert-icon ${overdue ? 'rd-alert-warning' : 'rd-alert-info'}`} data-testid="tracking-promise" data-kind={promise.kind}>
      <svg className="rd-alert-glyph" viewBox="0 0 16 16" aria-hidden="true">
        <circle cx="8" cy="8" r="6.5" fill="none" stroke="currentColor" strokeWidth="1.5" />
        <path d="M8 4.5V8l2.5 1.5" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" />
      </svg>
      <div>
        <div className="rd-alert-title">{t('portal.track.promise.title')}</div>
        <div>{text}</div>
      </div>
    </div>
  );
}
