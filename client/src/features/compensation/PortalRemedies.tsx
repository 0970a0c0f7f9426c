import { useEffect, useState } from 'react';
import { Card, List, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PortalRemedyView } from '@redress/shared';
import { formatDate } from '../../lib/format';
import { compensationApi, formatAmount } from './api';
import './i18n';

/**
 * The customer's issued remedies on the tracking page (voucher code and expiry). Renders nothing
 * until something was issued. `version` lets the page refetch when it reloads its own view.
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
    <Card size="small" title={t('compensation.portal.title')} data-testid="portal-remedies">
      <List
        size="small"
        dataSource={items}
        renderItem={(r) => (
          <List.Item>
            <div>
              <Typography.Text strong>{t(`compensation.types.${r.type}`)}</Typography.Text> {formatAmount(r, i18n.language)}
              {r.voucher && (
                <div>
                  {t('compensation.portal.code')}:{' '}
                  <Typography.Text code copyable data-testid="portal-voucher-code">
                    {r.voucher.code}
                  </Typography.Text>{' '}
                  <Typography.Text type="secondary">
                    {t('compensation.portal.validUntil', {
                      date: formatDate(r.voucher.expiresAt),
                    })}
                  </Typography.Text>{' '}
                  {r.voucher.redeemed && <Tag>{t('compensation.portal.redeemed')}</Tag>}
                </div>
              )}
            </div>
          </List.Item>
        )}
      />
    </Card>
  );
}
