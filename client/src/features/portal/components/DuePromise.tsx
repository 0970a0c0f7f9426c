import { Alert } from 'antd';
import { ClockCircleOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { formatDueTime, type CustomerPromise } from '@redress/shared';
import { useNow } from '../../sla/useNow';

/** The customer's own zone: the browser's. */
const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

/**
 * When to expect an answer, as the server computed it from the SLA clocks (pushed again whenever
 * they pause, resume or move), written in the customer's language and zone. A time already past is
 * not promised again: the page says we are late and sorry.
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
    <Alert
      type={overdue ? 'warning' : 'info'}
      showIcon
      icon={<ClockCircleOutlined />}
      message={t('portal.track.promise.title')}
      description={text}
      data-testid="tracking-promise"
      data-kind={promise.kind}
    />
  );
}
