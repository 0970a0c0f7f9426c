import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Form, InputNumber, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { tierThresholdsSchema, type TierSettingsView, type TierThresholds } from '@redress/shared';
import { ApiError } from '../../../lib/api';
import { serverIssues, toFieldErrors } from '../../../lib/formErrors';
import { customersApi } from '../api';
import { formatWhen } from '../format';
import '../i18n';

const fields = ['mvcMinLifetimeValue', 'stcMinLifetimeValue', 'bzMaxLifetimeValue'] as const;
type Values = Partial<Record<(typeof fields)[number], number | null>>;

/** The tier thresholds, validated with the API's own schema; saving recomputes every customer's tier. */
export function TierThresholdsForm({ canEdit, onSaved }: { canEdit: boolean; onSaved(): void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [settings, setSettings] = useState<TierSettingsView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    let live = true;
    customersApi.tiers().then(
      (s) => {
        if (!live) return;
        setSettings(s);
        form.setFieldsValue(s.thresholds);
      },
      (err: unknown) => live && setError(err instanceof ApiError ? err.message : t('common.unexpected')),
    );
    return () => {
      live = false;
    };
  }, [form, t]);

  async function save(values: Values) {
    const parsed = tierThresholdsSchema.safeParse({
      mvcMinLifetimeValue: values.mvcMinLifetimeValue ?? undefined,
      stcMinLifetimeValue: values.stcMinLifetimeValue ?? undefined,
      bzMaxLifetimeValue: values.bzMaxLifetimeValue ?? undefined,
    });
    form.setFields(toFieldErrors<Values>(parsed.success ? [] : parsed.error.issues, 'customers.errors', fields));
    if (!parsed.success) return;
    setSaving(true);
    try {
      const saved = await customersApi.saveTiers(parsed.data satisfies TierThresholds);
      setSettings(saved);
      message.success(t('customers.tiers.saved', { customers: saved.recomputed.customers, complaints: saved.recomputed.openComplaints }));
      onSaved();
    } catch (err) {
      if (err instanceof ApiError && err.fields.length) form.setFields(toFieldErrors<Values>(serverIssues(err.fields), 'customers.errors'));
      else message.error(err instanceof ApiError ? err.message : t('common.unexpected'));
    } finally {
      setSaving(false);
    }
  }

  const lang = i18n.language;
  return (
    <Card title={t('customers.tiers.title')} data-testid="tier-thresholds" size="small" style={{ height: '100%' }}>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      <Form<Values> form={form} layout="vertical" disabled={!canEdit || !settings} onFinish={(v) => void save(v)}>
        <Form.Item name="mvcMinLifetimeValue" label={t('customers.tiers.mvc')} required>
          <InputNumber min={0} style={{ width: '100%' }} data-testid="tier-mvc" />
        </Form.Item>
        <Form.Item name="stcMinLifetimeValue" label={t('customers.tiers.stc')} required>
          <InputNumber min={0} style={{ width: '100%' }} data-testid="tier-stc" />
        </Form.Item>
        <Form.Item name="bzMaxLifetimeValue" label={t('customers.tiers.bz')} required>
          <InputNumber min={0} style={{ width: '100%' }} data-testid="tier-bz" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={saving} data-testid="tier-save">
          {t('customers.tiers.save')}
        </Button>
      </Form>
      <Typography.Paragraph type="secondary" style={{ margin: '12px 0 0', fontSize: 12 }}>
        {!canEdit
          ? t('customers.tiers.readOnly')
          : settings?.updatedAt
            ? t('customers.tiers.updated', { at: formatWhen(settings.updatedAt, lang), by: settings.updatedBy ?? '–' })
            : t('customers.tiers.never')}
      </Typography.Paragraph>
    </Card>
  );
}
