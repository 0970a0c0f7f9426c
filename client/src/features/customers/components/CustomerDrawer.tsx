import { useEffect, useState } from 'react';
import { Alert, Descriptions, Drawer, Empty, Skeleton, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { CustomerComplaintView, CustomerView } from '@redress/shared';
import { ApiError } from '../../../lib/api';
import { StatusTag, TierTag } from '../../console/components/tags';
import { useCategories } from '../../portal/useCategories';
import { customersApi } from '../api';
import { formatValue, formatWhen } from '../format';
import '../i18n';

/** One customer: value figures, tier, stage, and past complaints (newest first). */
export function CustomerDrawer({ id, onClose }: { id: string | null; onClose(): void }) {
  const { t, i18n } = useTranslation();
  const { label: categoryLabel } = useCategories();
  const [customer, setCustomer] = useState<CustomerView | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!id) return;
    let live = true;
    setCustomer(null);
    setError(null);
    customersApi.get(id).then(
      (c) => live && setCustomer(c),
      (err: unknown) => live && setError(err instanceof ApiError ? err.message : t('common.unexpected')),
    );
    return () => {
      live = false;
    };
  }, [id, t]);

  const lang = i18n.language;
  const c = customer;
  return (
    <Drawer open={Boolean(id)} onClose={onClose} width={640} title={c ? `${c.name} · ${c.email}` : t('customers.detail.title')} data-testid="customer-drawer">
      {error && <Alert type="error" showIcon message={error} />}
      {!c && !error && <Skeleton active />}
      {c && (
        <>
          {c.highRisk && <Alert type="warning" showIcon message={t('customers.detail.highRisk')} style={{ marginBottom: 12 }} />}
          <Descriptions size="small" column={2} bordered>
            <Descriptions.Item label={t('customers.table.tier')}>
              <TierTag tier={c.tier} />
            </Descriptions.Item>
            <Descriptions.Item label={t('customers.table.ltv')}>{formatValue(c.lifetimeValue, lang)}</Descriptions.Item>
            <Descriptions.Item label={t('customers.detail.aov')}>{formatValue(c.averageOrderValue, lang)}</Descriptions.Item>
            <Descriptions.Item label={t('customers.detail.orders')}>{formatValue(c.ordersPerYear, lang)}</Descriptions.Item>
            <Descriptions.Item label={t('customers.detail.years')}>{formatValue(c.yearsAsCustomer, lang)}</Descriptions.Item>
            <Descriptions.Item label={t('customers.table.stage')}>
              {t(`console.stages.${c.lifecycleStage}`, { defaultValue: c.lifecycleStage })}
            </Descriptions.Item>
            <Descriptions.Item label={t('customers.table.complaints')}>{c.complaintCount}</Descriptions.Item>
            <Descriptions.Item label={t('customers.table.imported')}>{formatWhen(c.valueImportedAt, lang)}</Descriptions.Item>
          </Descriptions>
          <h4 style={{ margin: '16px 0 8px' }}>{t('customers.detail.complaints')}</h4>
          {c.complaints.length === 0 ? (
            <Empty description={t('customers.detail.none')} />
          ) : (
            <Table<CustomerComplaintView>
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={c.complaints}
              columns={[
                {
                  title: t('customers.detail.reference'),
                  dataIndex: 'reference',
                  render: (ref: string, k) => (k.canOpen ? <Link to={`/console?c=${encodeURIComponent(k.id)}`}>{ref}</Link> : ref),
                },
                { title: t('customers.detail.status'), dataIndex: 'status', render: (s: string) => <StatusTag status={s} /> },
                { title: t('customers.detail.category'), dataIndex: 'category', render: (k: string) => categoryLabel(k) },
                { title: t('customers.detail.created'), dataIndex: 'createdAt', render: (v: string) => formatWhen(v, lang) },
                { title: t('customers.detail.resolved'), dataIndex: 'resolvedAt', render: (v: string | null) => formatWhen(v, lang) },
              ]}
            />
          )}
        </>
      )}
    </Drawer>
  );
}
