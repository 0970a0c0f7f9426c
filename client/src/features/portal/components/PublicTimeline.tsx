import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { PortalTimelineEvent } from '@redress/shared';
import { AttachmentLink } from './AttachmentLink';

/** What a non-message event means for the customer, in plain words. */
function describe(e: PortalTimelineEvent, t: (k: string, o?: Record<string, unknown>) => string): string {
  switch (e.type) {
    case 'created':
      return t('portal.track.events.created');
    case 'status_changed':
      return t(`portal.track.events.status.${e.data?.to ?? 'other'}`, { defaultValue: t('portal.track.events.statusOther') });
    case 'csat':
      return t('portal.track.events.csat', { score: e.data?.score ?? '' });
    case 'attachment':
      return t('portal.track.events.attachment');
    default:
      return e.body || t(`portal.track.events.types.${e.type}`, { defaultValue: t('portal.track.events.update') });
  }
}

/** The public history of a complaint: messages as bubbles, other events as one-line notes (plain HTML: a customer page). */
export function PublicTimeline({ reference, token, events }: { reference: string; token: string; events: PortalTimelineEvent[] }) {
  const { t } = useTranslation();
  if (events.length === 0) return <p className="rd-secondary rd-empty">{t('portal.track.noEvents')}</p>;
  return (
    <ol className="rd-timeline" data-testid="public-timeline">
      {events.map((e) => {
        const isMessage = e.type === 'message';
        // A rating's comment is the customer's own text: shown under the one-line summary.
        const note = e.type === 'csat' && e.body ? e.body : null;
        const fromCustomer = e.actor.kind === 'customer';
        const at = dayjs(e.at).format('YYYY-MM-DD HH:mm');
        return (
          <li key={e.id} className={`rd-timeline-item rd-dot-${fromCustomer ? 'customer' : e.actor.kind === 'staff' ? 'staff' : 'system'}`}>
            <div data-testid="public-event" data-type={e.type}>
              <div className="rd-event-head">
                <strong>{fromCustomer ? t('portal.track.you') : e.actor.name}</strong>
                <span className="rd-secondary rd-small" title={at}>
                  {at}
                </span>
              </div>
              {isMessage ? (
                <div className={`rd-bubble rd-text ${fromCustomer ? 'rd-bubble-customer' : ''}`} style={{ marginTop: 4 }}>
                  {e.body}
                </div>
              ) : (
                <div>
                  <span className="rd-secondary">{describe(e, t)}</span>
                  {note && (
                    <div className="rd-bubble rd-text rd-bubble-customer" style={{ marginTop: 4 }}>
                      {note}
                    </div>
                  )}
                </div>
              )}
              {e.attachments.length > 0 && (
                <div style={{ marginTop: 4 }}>
                  {e.attachments.map((a) => (
                    <AttachmentLink key={a.id} reference={reference} token={token} file={a} />
                  ))}
                </div>
              )}
            </div>
          </li>
        );
      })}
    </ol>
  );
}
