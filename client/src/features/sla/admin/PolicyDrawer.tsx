import { useEffect, useRef, useState } from 'react';
import { Alert, App, Button, Col, Divider, Drawer, Form, Input, InputNumber, Row, Select, Space, Switch, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { channels, customerTiers, priorityLevels, slaEscalationActions, slaPolicyInputSchema, type SlaPolicyInput } from '@redress/shared';
import { ApiError } from '../../../lib/api';
import { serverIssues } from '../../../lib/formErrors';
import { useCategories } from '../../portal/useCategories';
import { slaApi, type SlaCalendarView, type SlaPolicyView } from '../api';
import { applyIssues } from '../../../lib/formIssues';
import './i18n';

const prefix = 'sla.admin.policies.errors';
/** The calendar select's value for "no calendar" (the built-in one); the API's null. */
const BUILT_IN = '';

type PolicyForm = Omit<SlaPolicyInput, 'calendarId' | 'targets'> & {
  calendarId: string;
  targets: { firstResponseMinutes?: number | null; resolutionMinutes?: number | null; nextResponseMinutes?: number | null };
};

const blank: PolicyForm = {
  name: '',
  active: true,
  order: 100,
  match: { priorities: [], tiers: [], categories: [], channels: [] },
  calendarId: BUILT_IN,
  targets: { firstResponseMinutes: 480, resolutionMinutes: 2400, nextResponseMinutes: null },
  warnAtPercent: 75,
  escalation: { onAtRisk: [], onBreach: [] },
};

function toForm(p: SlaPolicyView): PolicyForm {
  return {
    name: p.name,
    active: p.active,
    order: p.order,
    match: { priorities: p.match.priorities ?? [], tiers: p.match.tiers ?? [], categories: p.match.categories ?? [], channels: p.match.channels ?? [] },
    calendarId: p.calendarId ?? BUILT_IN,
    targets: { ...p.targets, nextResponseMinutes: p.targets.nextResponseMinutes ?? null },
    warnAtPercent: p.warnAtPercent,
    escalation: { onAtRisk: [...p.escalation.onAtRisk], onBreach: [...p.escalation.onBreach] },
  };
}

/** The body for POST/PUT, before slaPolicyInputSchema checks it: empty conditions and an empty next-response target are left out. */
export function toPolicyInput(v: PolicyForm): Record<string, unknown> {
  const match: Record<string, string[]> = {};
  for (const k of ['priorities', 'tiers', 'categories', 'channels'] as const) if (v.match?.[k]?.length) match[k] = v.match[k];
  const { nextResponseMinutes, ...targets } = v.targets ?? {};
  return {
    name: v.name ?? '',
    active: Boolean(v.active),
    order: v.order,
    match,
    calendarId: v.calendarId ? v.calendarId : null,
    targets: nextResponseMinutes == null ? targets : { ...targets, nextResponseMinutes },
    warnAtPercent: v.warnAtPercent,
    escalation: { onAtRisk: v.escalation?.onAtRisk ?? [], onBreach: v.escalation?.onBreach ?? [] },
  };
}

export interface PolicyDrawerProps {
  /** The policy being edited, 'new' to add one, or null when closed. */
  editing: SlaPolicyView | 'new' | null;
  calendars: SlaCalendarView[];
  onClose(): void;
  onSaved(policy: SlaPolicyView): void;
}

/** Add or edit an SLA policy: which complaints it matches, its calendar, targets, warning point and escalations. */
export function PolicyDrawer({ editing, calendars, onClose, onSaved }: PolicyDrawerProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { categories, label } = useCategories();
  const [form] = Form.useForm<PolicyForm>();
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const triedOnce = useRef(false);
  const was = editing && editing !== 'new' ? editing : null;

  useEffect(() => {
    if (!editing) return;
    triedOnce.current = false;
    setFailure(null);
    form.resetFields();
    form.setFieldsValue(editing === 'new' ? blank : toForm(editing));
  }, [editing, form]);

  function validate(values: PolicyForm) {
    const parsed = slaPolicyInputSchema.safeParse(toPolicyInput(values));
    const rest = applyIssues(form, parsed.success ? [] : parsed.error.issues, prefix);
    setFailure(rest.length ? rest.join(' ') : null);
    return parsed;
  }

  async function save() {
    triedOnce.current = true;
    const parsed = validate(form.getFieldsValue(true) as PolicyForm);
    if (!parsed.success) return;
    setSaving(true);
    try {
      const { policy } = was ? await slaApi.updatePolicy(was.id, parsed.data) : await slaApi.createPolicy(parsed.data);
      message.success(t(was ? 'sla.admin.policies.saved' : 'sla.admin.policies.created', { name: policy.name }));
      onSaved(policy);
    } catch (err) {
      if (err instanceof ApiError && err.fields.length > 0) {
        const rest = applyIssues(form, serverIssues(err.fields), prefix);
        if (rest.length) setFailure(rest.join(' '));
      } else setFailure(err instanceof ApiError ? err.message : t('common.unexpected'));
    } finally {
      setSaving(false);
    }
  }

  const half = { xs: 24, sm: 12 };
  const third = { xs: 24, sm: 8 };
  const actionOptions = slaEscalationActions.map((a) => ({ value: a, label: t(`sla.admin.policies.actions.${a}`) }));
  return (
    <Drawer
      open={editing !== null}
      onClose={onClose}
      width={620}
      title={was ? t('sla.admin.policies.editTitle', { name: was.name }) : t('sla.admin.policies.addTitle')}
      forceRender
      data-testid="sla-policy-drawer"
      footer={
        <Space style={{ display: 'flex', justifyContent: 'flex-end' }}>
          <Button onClick={onClose}>{t('sla.admin.cancel')}</Button>
          <Button type="primary" loading={saving} onClick={() => form.submit()} data-testid="sla-policy-save">
            {was ? t('sla.admin.save') : t('sla.admin.create')}
          </Button>
        </Space>
      }
    >
      <Form<PolicyForm>
        form={form}
        layout="vertical"
        onFinish={() => void save()}
        onValuesChange={() => triedOnce.current && validate(form.getFieldsValue(true) as PolicyForm)}
        data-testid="sla-policy-form"
      >
        <Row gutter={16}>
          <Col xs={24} sm={14}>
            <Form.Item name="name" label={t('sla.admin.policies.name')} required>
              <Input maxLength={80} autoComplete="off" data-testid="sla-policy-name" />
            </Form.Item>
          </Col>
          <Col xs={12} sm={5}>
            <Form.Item name="order" label={t('sla.admin.policies.order')} extra={t('sla.admin.policies.orderHint')}>
              <InputNumber min={0} max={10_000} precision={0} style={{ width: '100%' }} data-testid="sla-policy-order" />
            </Form.Item>
          </Col>
          <Col xs={12} sm={5}>
            <Form.Item name="active" label={t('sla.admin.policies.active')} valuePropName="checked">
              <Switch data-testid="sla-policy-active" />
            </Form.Item>
          </Col>
        </Row>
        <Divider orientation="start" orientationMargin={0} plain style={{ marginTop: 0 }}>
          {t('sla.admin.policies.match')}
        </Divider>
        <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
          {t('sla.admin.policies.matchHint')}
        </Typography.Paragraph>
        <Row gutter={16}>
          <Col {...half}>
            <Form.Item name={['match', 'priorities']} label={t('sla.admin.policies.priorities')}>
              <Select
                mode="multiple"
                allowClear
                optionFilterProp="label"
                placeholder={t('sla.admin.policies.any')}
                options={priorityLevels.map((p) => ({ value: p, label: t(`console.priority.${p}`) }))}
                data-testid="sla-policy-priorities"
              />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item name={['match', 'tiers']} label={t('sla.admin.policies.tiers')}>
              <Select
                mode="multiple"
                allowClear
                optionFilterProp="label"
                placeholder={t('sla.admin.policies.any')}
                options={customerTiers.map((x) => ({ value: x, label: t(`console.tiers.${x}.label`) }))}
                data-testid="sla-policy-tiers"
              />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item name={['match', 'categories']} label={t('sla.admin.policies.categories')}>
              <Select
                mode="multiple"
                allowClear
                optionFilterProp="label"
                placeholder={t('sla.admin.policies.any')}
                options={categories.map((c) => ({ value: c.key, label: label(c.key) }))}
                data-testid="sla-policy-categories"
              />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item name={['match', 'channels']} label={t('sla.admin.policies.channels')}>
              <Select
                mode="multiple"
                allowClear
                optionFilterProp="label"
                placeholder={t('sla.admin.policies.any')}
                options={channels.map((c) => ({ value: c, label: t(`console.channels.${c}`) }))}
                data-testid="sla-policy-channels"
              />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="calendarId" label={t('sla.admin.policies.calendar')}>
          <Select
            showSearch
            optionFilterProp="label"
            options={[
              { value: BUILT_IN, label: t('sla.admin.policies.builtInCalendar') },
              ...calendars.map((c) => ({ value: c.id, label: `${c.name} (${c.calendar.timeZone})` })),
            ]}
            data-testid="sla-policy-calendar"
          />
        </Form.Item>
        <Divider orientation="start" orientationMargin={0} plain>
          {t('sla.admin.policies.targets')}
        </Divider>
        <Row gutter={16}>
          <Col {...third}>
            <Form.Item name={['targets', 'firstResponseMinutes']} label={t('sla.admin.policies.firstResponse')} required>
              <InputNumber min={1} precision={0} style={{ width: '100%' }} data-testid="sla-policy-first-response" />
            </Form.Item>
          </Col>
          <Col {...third}>
            <Form.Item name={['targets', 'resolutionMinutes']} label={t('sla.admin.policies.resolution')} required>
              <InputNumber min={1} precision={0} style={{ width: '100%' }} data-testid="sla-policy-resolution" />
            </Form.Item>
          </Col>
          <Col {...third}>
            <Form.Item name={['targets', 'nextResponseMinutes']} label={t('sla.admin.policies.nextResponse')}>
              <InputNumber min={1} precision={0} style={{ width: '100%' }} data-testid="sla-policy-next-response" />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col {...third}>
            <Form.Item name="warnAtPercent" label={t('sla.admin.policies.warnAtPercent')}>
              <InputNumber min={1} max={99} precision={0} style={{ width: '100%' }} data-testid="sla-policy-warn" />
            </Form.Item>
          </Col>
          <Col {...third}>
            <Form.Item name={['escalation', 'onAtRisk']} label={t('sla.admin.policies.onAtRisk')}>
              <Select mode="multiple" allowClear optionFilterProp="label" options={actionOptions} data-testid="sla-policy-on-risk" />
            </Form.Item>
          </Col>
          <Col {...third}>
            <Form.Item name={['escalation', 'onBreach']} label={t('sla.admin.policies.onBreach')}>
              <Select mode="multiple" allowClear optionFilterProp="label" options={actionOptions} data-testid="sla-policy-on-breach" />
            </Form.Item>
          </Col>
        </Row>
        {failure && <Alert type="error" showIcon message={failure} data-testid="sla-policy-error" />}
      </Form>
    </Drawer>
  );
}
