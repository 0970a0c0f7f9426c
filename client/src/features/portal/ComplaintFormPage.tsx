import { useRef, useState } from 'react';
import { Alert, Button, Card, Col, Form, Input, InputNumber, Radio, Row, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { desiredResolutions, fileComplaintSchema, isTimeZone, type FileComplaintInput, type FileComplaintResponse } from '@redress/shared';
import { currentLanguage } from '../../i18n';
import { ApiError } from '../../lib/api';
import { serverIssues, toFieldErrors } from '../../lib/formErrors';
import { portalApi } from './api';
import { FiledResult } from './components/FiledResult';
import { useCategories } from './useCategories';
import { usePageTitle } from '../shell/usePageTitle';

/** What the antd form holds (before it becomes a FileComplaintInput). */
interface FormValues {
  customer?: { name?: string; email?: string; phone?: string };
  orderRef?: string;
  amount?: number | null;
  currency?: string;
  category?: string;
  description?: string;
  desiredResolution?: FileComplaintInput['desiredResolution'];
}

const fields = ['customer.name', 'customer.email', 'customer.phone', 'orderRef', 'amount', 'currency', 'category', 'description', 'desiredResolution'];
const currencies = ['EUR', 'USD', 'GBP', 'CNY', 'HKD', 'JPY', 'AUD', 'CAD', 'CHF', 'SGD'];
const blank = (s?: string) => (s && s.trim() ? s.trim() : undefined);

/** The browser's IANA zone: the customer's, so our due times can be written in it. */
function browserTimeZone(): string | undefined {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return zone && isTimeZone(zone) ? zone : undefined;
}

function toInput(v: FormValues): FileComplaintInput {
  const amount = typeof v.amount === 'number' ? v.amount : undefined;
  return {
    customer: { name: v.customer?.name ?? '', email: (v.customer?.email ?? '').trim(), phone: blank(v.customer?.phone) },
    category: v.category ?? '',
    description: v.description ?? '',
    orderRef: blank(v.orderRef),
    amount,
    currency: amount === undefined ? undefined : v.currency,
    desiredResolution: v.desiredResolution,
    language: currentLanguage(),
    timeZone: browserTimeZone(),
  };
}

/** The public complaint form: no account, one minute, validated by the API's own schema. */
export function ComplaintFormPage() {
  const { t } = useTranslation();
  const [form] = Form.useForm<FormValues>();
  usePageTitle(t('portal.form.title'));
  const { categories, label, error: categoriesError } = useCategories();
  const [submitting, setSubmitting] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [filed, setFiled] = useState<FileComplaintResponse | null>(null);
  const triedOnce = useRef(false);
  const inFlight = useRef(false);
  // One Idempotency-Key per submission attempt: a retry of the same content reuses it, so a lost
  // response never files the complaint twice; edited content is a new attempt with a new key.
  const attempt = useRef<{ key: string; payload: string } | null>(null);

  function validate(values: FormValues) {
    const parsed = fileComplaintSchema.safeParse(toInput(values));
    form.setFields(toFieldErrors(parsed.success ? [] : parsed.error.issues, 'portal.form.errors', fields));
    return parsed;
  }

  async function submit() {
    // A ref, not state: a double click fires twice before React re-renders the disabled button.
    if (inFlight.current) return;
    triedOnce.current = true;
    setFailure(null);
    const parsed = validate(form.getFieldsValue(true) as FormValues);
    if (!parsed.success) return;
    const payload = JSON.stringify(parsed.data);
    if (attempt.current?.payload !== payload) attempt.current = { key: crypto.randomUUID(), payload };
    inFlight.current = true;
    setSubmitting(true);
    try {
      setFiled(await portalApi.file(parsed.data, attempt.current.key));
    } catch (err) {
      if (err instanceof ApiError && err.fields.length > 0) form.setFields(toFieldErrors(serverIssues(err.fields), 'portal.form.errors'));
      if (err instanceof ApiError && err.id === 'rate_limited') setFailure(t('portal.form.rateLimited'));
      else if (err instanceof ApiError && err.retryable) setFailure(t('portal.form.retry'));
      else if (err instanceof ApiError && err.id !== 'validation_error') setFailure(err.message);
      else if (!(err instanceof ApiError)) setFailure(t('common.unexpected'));
    } finally {
      inFlight.current = false;
      setSubmitting(false);
    }
  }

  if (filed) {
    return (
      <FiledResult
        filed={filed}
        onAnother={() => {
          form.resetFields();
          attempt.current = null;
          triedOnce.current = false;
          setFiled(null);
        }}
      />
    );
  }

  return (
    <Card data-testid="complaint-form-card" styles={{ body: { padding: 'clamp(16px, 4vw, 32px)' } }}>
      <Typography.Title level={2} style={{ marginTop: 0 }}>
        {t('portal.form.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('portal.form.intro')}</Typography.Paragraph>
      {categoriesError && <Alert type="warning" showIcon message={t('portal.form.categoriesFailed')} style={{ marginBottom: 16 }} />}
      <Form<FormValues>
        form={form}
        layout="vertical"
        initialValues={{ currency: currentLanguage() === 'zh' ? 'CNY' : 'EUR' }}
        onFinish={() => void submit()}
        onValuesChange={(_, all) => triedOnce.current && validate(all)}
        data-testid="complaint-form"
        scrollToFirstError
      >
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name={['customer', 'name']} label={t('portal.form.name')} required>
              <Input autoComplete="name" maxLength={120} data-testid="field-name" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name={['customer', 'email']} label={t('portal.form.email')} required extra={t('portal.form.emailHint')}>
              <Input type="email" autoComplete="email" inputMode="email" data-testid="field-email" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name={['customer', 'phone']} label={t('portal.form.phone')}>
              <Input type="tel" autoComplete="tel" inputMode="tel" data-testid="field-phone" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="orderRef" label={t('portal.form.orderRef')}>
              <Input maxLength={60} data-testid="field-order-ref" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Row gutter={8} wrap={false}>
              <Col flex="auto" style={{ minWidth: 0 }}>
                <Form.Item name="amount" label={t('portal.form.amount')} extra={t('portal.form.amountHint')}>
                  <InputNumber min={0} max={1_000_000} precision={2} style={{ width: '100%' }} inputMode="decimal" data-testid="field-amount" />
                </Form.Item>
              </Col>
              <Col flex="104px">
                <Form.Item name="currency" label={t('portal.form.currency')}>
                  <Select options={currencies.map((c) => ({ value: c, label: c }))} data-testid="field-currency" />
                </Form.Item>
              </Col>
            </Row>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="category" label={t('portal.form.category')} required>
              <Select
                placeholder={t('portal.form.categoryPlaceholder')}
                options={categories.map((c) => ({ value: c.key, label: label(c.key) }))}
                data-testid="field-category"
                showSearch
                optionFilterProp="label"
              />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="description" label={t('portal.form.description')} required>
          <Input.TextArea rows={5} maxLength={5000} showCount placeholder={t('portal.form.descriptionPlaceholder')} data-testid="field-description" />
        </Form.Item>
        <Form.Item name="desiredResolution" label={t('portal.form.desiredResolution')}>
          <Radio.Group data-testid="field-desired-resolution" optionType="button" buttonStyle="solid">
            {desiredResolutions.map((r) => (
              <Radio.Button key={r} value={r} style={{ marginBottom: 4 }}>
                {t(`portal.resolutions.${r}`)}
              </Radio.Button>
            ))}
          </Radio.Group>
        </Form.Item>
        {/* SLOT (attachments): files are uploaded right after filing, on the confirmation screen
            (they need the complaint's tracking token); see components/AttachmentUpload.tsx. */}
        <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
          {t('portal.form.attachmentsLater')}
        </Typography.Paragraph>
        {failure && <Alert type="error" showIcon message={failure} style={{ marginBottom: 16 }} data-testid="form-error" />}
        <Button type="primary" htmlType="submit" size="large" loading={submitting} disabled={submitting} block data-testid="submit-complaint">
          {t('portal.form.submit')}
        </Button>
      </Form>
    </Card>
  );
}
