import { useMemo, useState } from 'react';
import { Alert, Button, Card, Col, Descriptions, Form, Input, Row, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { channels, customerTiers, priorityLevels, slaPreviewInputSchema, type SlaPreviewInput, type SlaPreviewView } from '@redress/shared';
import { ApiError } from '../../../lib/api';
import { serverIssues } from '../../../lib/formErrors';
import { useCategories } from '../../portal/useCategories';
import { slaApi } from '../api';
import { applyIssues } from '../../../lib/formIssues';
import './i18n';
import { timeZoneOptions } from './timeZones';

const prefix = 'sla.admin.preview.errors';
/** The zone select's value for "the calendar's own zone" (sent as no timeZone). */
const CALENDAR_ZONE = '';

type PreviewForm = Omit<SlaPreviewInput, 'timeZone'> & { timeZone: string };

function duration(t: (k: string, o?: Record<string, unknown>) => string, minutes: number): string {
  return minutes % 60 === 0 ? t('sla.admin.hours', { hours: minutes / 60 }) : t('sla.admin.minutes', { count: minutes });
}

/** An example complaint and a filing time, and when its two clocks would fall due (computed by the server). */
export function PreviewCard() {
  const { t } = useTranslation();
  const { categories, label } = useCategories();
  const [form] = Form.useForm<PreviewForm>();
  const zones = useMemo(timeZoneOptions, []);
  const [result, setResult] = useState<SlaPreviewView | null>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  async function run() {
    const v = form.getFieldsValue(true) as PreviewForm;
    const body = {
      channel: v.channel,
      category: v.category,
      priority: v.priority,
      tier: v.tier,
      filedAt: v.filedAt,
      ...(v.timeZone ? { timeZone: v.timeZone } : {}),
    };
    const parsed = slaPreviewInputSchema.safeParse(body);
    const rest = applyIssues(form, parsed.success ? [] : parsed.error.issues, prefix);
    setFailure(rest.length ? rest.join(' ') : null);
    if (!parsed.success) return;
    setBusy(true);
    try {
      setResult((await slaApi.preview(parsed.data)).preview);
    } catch (err) {
      setResult(null);
      if (err instanceof ApiError && err.fields.length > 0) {
        const left = applyIssues(form, serverIssues(err.fields), prefix);
        if (left.length) setFailure(left.join(' '));
      } else setFailure(err instanceof ApiError ? err.message : t('common.unexpected'));
    } finally {
      setBusy(false);
    }
  }

  const quarter = { xs: 24, sm: 12, lg: 6 };
  return (
    <Card size="small" title={t('sla.admin.preview.title')} data-testid="sla-preview-card">
      <Typography.Paragraph type="secondary">{t('sla.admin.preview.hint')}</Typography.Paragraph>
      <Form<PreviewForm>
        form={form}
        layout="vertical"
        initialValues={{ channel: 'web', category: 'delivery_delay', priority: 'normal', tier: 'standard', filedAt: '', timeZone: CALENDAR_ZONE }}
        onFinish={() => void run()}
        data-testid="sla-preview-form"
      >
        <Row gutter={16}>
          <Col {...quarter}>
            <Form.Item name="channel" label={t('sla.admin.preview.channel')}>
              <Select
                showSearch
                optionFilterProp="label"
                options={channels.map((c) => ({ value: c, label: t(`console.channels.${c}`) }))}
                data-testid="sla-preview-channel"
              />
            </Form.Item>
          </Col>
          <Col {...quarter}>
            <Form.Item name="category" label={t('sla.admin.preview.category')}>
              <Select
                showSearch
                optionFilterProp="label"
                options={categories.map((c) => ({ value: c.key, label: label(c.key) }))}
                data-testid="sla-preview-category"
              />
            </Form.Item>
          </Col>
          <Col {...quarter}>
            <Form.Item name="priority" label={t('sla.admin.preview.priority')}>
              <Select
                showSearch
                optionFilterProp="label"
                options={priorityLevels.map((p) => ({ value: p, label: t(`console.priority.${p}`) }))}
                data-testid="sla-preview-priority"
              />
            </Form.Item>
          </Col>
          <Col {...quarter}>
            <Form.Item name="tier" label={t('sla.admin.preview.tier')}>
              <Select
                showSearch
                optionFilterProp="label"
                options={customerTiers.map((x) => ({ value: x, label: t(`console.tiers.${x}.label`) }))}
                data-testid="sla-preview-tier"
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12} lg={8}>
            <Form.Item name="filedAt" label={t('sla.admin.preview.filedAt')} required>
              <Input type="datetime-local" data-testid="sla-preview-filed-at" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12} lg={8}>
            <Form.Item name="timeZone" label={t('sla.admin.preview.timeZone')}>
              <Select
                showSearch
                optionFilterProp="label"
                options={[{ value: CALENDAR_ZONE, label: t('sla.admin.preview.calendarZone') }, ...zones]}
                data-testid="sla-preview-zone"
              />
            </Form.Item>
          </Col>
          <Col xs={24} lg={8} style={{ display: 'flex', alignItems: 'center' }}>
            <Button type="primary" htmlType="submit" loading={busy} data-testid="sla-preview-run">
              {t('sla.admin.preview.run')}
            </Button>
          </Col>
        </Row>
      </Form>
      {failure && <Alert type="error" showIcon message={failure} data-testid="sla-preview-error" />}
      {result && (
        <Descriptions size="small" bordered column={1} data-testid="sla-preview-result">
          <Descriptions.Item label={t('sla.admin.preview.policy')}>
            <span data-testid="sla-preview-policy">{result.policy.name}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('sla.admin.preview.calendar')}>
            {result.calendar.name} ({result.calendar.timeZone})
          </Descriptions.Item>
          <Descriptions.Item label={t('sla.admin.preview.filed')}>
            {result.filedLocal} ({result.timeZone})
          </Descriptions.Item>
          <Descriptions.Item label={t('sla.admin.preview.firstResponseDue')}>
            <Typography.Text strong data-testid="sla-preview-first-response">
              {result.firstResponse.dueLocal} ({result.timeZone})
            </Typography.Text>{' '}
            <Typography.Text type="secondary">{t('sla.admin.preview.target', { time: duration(t, result.firstResponse.targetMinutes) })}</Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('sla.admin.preview.resolutionDue')}>
            <Typography.Text strong data-testid="sla-preview-resolution">
              {result.resolution.dueLocal} ({result.timeZone})
            </Typography.Text>{' '}
            <Typography.Text type="secondary">{t('sla.admin.preview.target', { time: duration(t, result.resolution.targetMinutes) })}</Typography.Text>
          </Descriptions.Item>
        </Descriptions>
      )}
    </Card>
  );
}
