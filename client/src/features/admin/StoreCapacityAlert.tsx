import { useEffect, useState } from 'react';
import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import type { StoreStatusView } from '@redress/shared';
import { adminApi } from './api';

/** Warns admins when the embedded database holds more complaints than it was tested with (README, "Capacity"). */
export function StoreCapacityAlert() {
  const { t, i18n } = useTranslation();
  const [status, setStatus] = useState<StoreStatusView | null>(null);
  useEffect(() => {
    adminApi
      .store()
      .then(setStatus)
      .catch(() => setStatus(null));
  }, []);
  if (!status?.overTested) return null;
  const n = (v: number) => v.toLocaleString(i18n.language);
  return (
    <Alert
      type="warning"
      showIcon
      data-testid="store-capacity-alert"
      style={{ marginBottom: 12 }}
      message={t('admin.store.overTitle')}
      description={t('admin.store.overBody', { engine: status.engine, complaints: n(status.complaints), tested: n(status.testedUpTo ?? 0) })}
    />
  );
}
