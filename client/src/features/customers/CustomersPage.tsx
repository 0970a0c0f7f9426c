import { useState } from 'react';
import { Col, Row, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useStore } from '../../store';
import { usePageTitle } from '../shell/usePageTitle';
import { CustomerDrawer } from './components/CustomerDrawer';
import { CustomerImport } from './components/CustomerImport';
import { CustomerTable } from './components/CustomerTable';
import { OrderImport } from './components/OrderImport';
import { TierThresholdsForm } from './components/TierThresholdsForm';
import './i18n';

/** Admin: tier thresholds, the value import (CSV) and the searchable customer table. */
export function CustomersPage() {
  const { t } = useTranslation();
  usePageTitle(t('customers.title'));
  const canEdit = useStore((s) => Boolean(s.auth.me?.abilities.administer));
  // Bumped after an import or a threshold change, so the table reloads.
  const [reloadKey, setReloadKey] = useState(0);
  const [openId, setOpenId] = useState<string | null>(null);
  const reload = () => setReloadKey((k) => k + 1);

  return (
    <div data-testid="customers-page" style={{ display: 'flex', flexDirection: 'column', gap: 12 }}>
      <div>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('customers.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('customers.subtitle')}</Typography.Text>
      </div>
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={8}>
          <TierThresholdsForm canEdit={canEdit} onSaved={reload} />
        </Col>
        <Col xs={24} lg={16}>
          <CustomerImport onImported={reload} />
        </Col>
      </Row>
      <OrderImport onImported={reload} />
      <CustomerTable reloadKey={reloadKey} onOpen={setOpenId} />
      <CustomerDrawer id={openId} onClose={() => setOpenId(null)} />
    </div>
  );
}
