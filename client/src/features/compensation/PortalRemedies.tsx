import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PortalRemedyView } from '@redress/shared';
import { formatDate } from '../../lib/format';
import { compensationApi, formatAmount } from './api';
import './i18n';

/**
 * The customer's issued remedies on the tracking page (voucher code and expiry). Renders nothing
 * until something was issued. `version` lets the page refetch when it reloads its own view. Plain
 * HTML (classes from features/portal/portal.css): the tracking page does not load antd.
 */
export function PortalRemedies({ reference, token, version = 0 }: { reference: string; token: string; version?: number }) {
  const { t, i18n } = useTranslation();
  const [items, setItems] = useState<PortalRemedyView[]>([]);
  useEffect(() => {
    const ctl = new AbortController();
    compensationApi
      .portalRemedies(reference, token, ctl.signal)
      .then((r) => setItems(r.items))
      .catch(() => undefined); // the page itself shows access problems
    return () => ctl.abort();
  }, [reference, token, version]);
  if (items.length === 0) return null;
  return (
    <section className="rd-card rd-card-titled" data-testid="portal-remedies">
      <h3 className="rd-card-title">{t('compensation.portal.title')}</h3>
      <ul className="rd-list">
        {items.map((r) => (
          <li key={`${r.type}-${r.issuedAt}-${r.voucher?.code ?? ''}`}>
            <strong>{t(`compensation.types.${r.type}`)}</strong> {formatAmount(r, i18n.language)}
            {r.fulfilment && (
              <div data-testid={`portal-fulfilment-${r.fulfilment}`}>
                {r.fulfilment === 'failed' ? t('compensation.portal.fulfilment.failed') : t(`compensation.portal.fulfilment.${r.fulfilment}.${r.type}`)}
              </div>
            )}
            {r.voucher && (
              <div>
                {t('compensation.portal.code')}:{' '}
                <code className="rd-code" data-testid="portal-voucher-code">
                  {r.voucher.code}
                </code>{' '}
                <span className="rd-secondary">{t('compensation.portal.validUntil', { date: formatDate(r.voucher.expiresAt) })}</span>{' '}
                {r.voucher.redeemed && <span className="rd-tag">{t('compensation.portal.redeemed')}</span>}
              </div>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
