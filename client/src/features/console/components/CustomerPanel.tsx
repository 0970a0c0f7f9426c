import { Alert, Card, Descriptions, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ComplaintDetail } from '../api';
import { TierTag } from './tags';

const stageColors: Record<string, string> = { acquisition: 'cyan', build_up: 'blue', climax: 'green', decline: 'volcano', exit: 'red' };

/** Everything about the customer on one screen: value, tier, lifecycle, history. */
export function CustomerPanel({ complaint }: { complaint: ComplaintDetail }) {
  const { t, i18n } = useTranslation();
  const c = complaint.customer;
  const money = new Intl.NumberFormat(i18n.language === 'zh' ? 'zh-CN' : 'en', { maximumFractionDigits: 0 });
  const atRisk = c.lifecycleStage === 'decline' || c.lifecycleStage === 'exit';
  return (
    <Card size="small" title={t('console.customer.title')} data-testid="customer-panel">
      {atRisk && <Alert type="warning" showIcon message={t('console.customer.atRisk')} style={{ marginBottom: 12 }} data-testid="customer-at-risk" />}
      <Typography.Text strong style={{ fontSize: 16 }} data-testid="customer-name">
        {c.name}
      </Typography.Text>
      <div>
        <Typography.Text type="secondary" copyable>
          {c.email}
        </Typography.Text>
      </div>
      {c.phone && (
        <div>
          <Typography.Text type="secondary">{c.phone}</Typography.Text>
        </div>
      )}
      <Descriptions size="small" column={1} style={{ marginTop: 12 }}>
        <Descriptions.Item label={t('console.customer.tier')}>
          <TierTag tier={c.tier} />
        </Descriptions.Item>
        <Descriptions.Item label={t('console.customer.lifetimeValue')}>
          <span data-testid="customer-ltv">{money.format(c.lifetimeValue)}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('console.customer.stage')}>
          <Tag color={stageColors[c.lifecycleStage] ?? 'default'} data-testid="customer-stage">
            {t(`console.stages.${c.lifecycleStage}`, { defaultValue: c.lifecycleStage })}
          </Tag>
        </Descriptions.Item>
        <Descriptions.Item label={t('console.customer.prior')}>
          <span data-testid="customer-prior">{c.priorComplaints}</span>
        </Descriptions.Item>
      </Descriptions>
    </Card>
  );
}
