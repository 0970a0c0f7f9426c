import { useEffect, useMemo, useRef, useState } from 'react';
import { Alert, App, Button, Col, Divider, Drawer, Form, Input, Row, Select, Space, Switch, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { defaultBusinessCalendar, slaCalendarInputSchema, type SlaCalendarInput } from '@redress/shared';
import { ApiError } from '../../../lib/api';
import { serverIssues } from '../../../lib/formErrors';
import { slaApi, type SlaCalendarView } from '../api';
import { applyIssues } from '../../../lib/formIssues';
import './i18n';
import { timeZoneOptions } from './timeZones';

const prefix = 'sla.admin.calendars.errors';
const blank: SlaCalendarInput = {
  name: '',
  calendar: { ...defaultBusinessCalendar, weekly: defaultBusinessCalendar.weekly.map((w) => ({ ...w })), holidays: [] },
};

function toForm(c: SlaCalendarView): SlaCalendarInput {
  return { name: c.name, calendar: { ...c.calendar, weekly: c.calendar.weekly.map((w) => ({ ...w })), holidays: [...c.calendar.holidays] } };
}

export interface CalendarDrawerProps {
  /** The calendar being edited, 'new' to add one, or null when closed. */
  editing: SlaCalendarView | 'new' | null;
  onClose(): void;
  onSaved(calendar: SlaCalendarView): void;
}

/** Add or edit a business calendar: time zone, weekly hours per day, holidays; validated by the API's schema. */
export function CalendarDrawer({ editing, onClose, onSaved }: CalendarDrawerProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<SlaCalendarInput>();
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const triedOnce = useRef(false);
  const zones = useMemo(timeZoneOptions, []);
  const alwaysOpen = Form.useWatch(['calendar', 'alwaysOpen'], form);
  const was = editing && editing !== 'new' ? editing : null;

  useEffect(() => {
    if (!editing) return;
    triedOnce.current = false;
    setFailure(null);
    form.resetFields();
    form.setFieldsValue(editing === 'new' ? blank : toForm(editing));
  }, [editing, form]);

  function validate(values: SlaCalendarInput) {
    const parsed = slaCalendarInputSchema.safeParse(values);
    const rest = applyIssues(form, parsed.success ? [] : parsed.error.issues, prefix);
    setFailure(rest.length ? rest.join(' ') : null);
    return parsed;
  }

  async function save() {
    triedOnce.current = true;
    const parsed = validate(form.getFieldsValue(true) as SlaCalendarInput);
    if (!parsed.success) return;
    setSaving(true);
    try {
      const { calendar } = was ? await slaApi.updateCalendar(was.id, parsed.data) : await slaApi.createCalendar(parsed.data);
      message.success(t(was ? 'sla.admin.calendars.saved' : 'sla.admin.calendars.created', { name: calendar.name }));
      onSaved(calendar);
    } catch (err) {
      if (err instanceof ApiError && err.fields.length > 0) {
        const rest = applyIssues(form, serverIssues(err.fields), prefix);
        if (rest.length) setFailure(rest.join(' '));
      } else setFailure(err instanceof ApiError ? err.message : t('common.unexpected'));
    } finally {
      setSaving(false);
    }
  }

  const dayOptions = ([1, 2, 3, 4, 5, 6, 7] as const).map((d) => ({ value: d, label: t(`sla.admin.calendars.days.${d}`) }));
  return (
    <Drawer
      open={editing !== null}
      onClose={onClose}
      width={600}
      title={was ? t('sla.admin.calendars.editTitle', { name: was.name }) : t('sla.admin.calendars.addTitle')}
      forceRender
      data-testid="sla-calendar-drawer"
      footer={
        <Space style={{ display: 'flex', justifyContent: 'flex-end' }}>
          <Button onClick={onClose}>{t('sla.admin.cancel')}</Button>
          <Button type="primary" loading={saving} onClick={() => form.submit()} data-testid="sla-calendar-save">
            {was ? t('sla.admin.save') : t('sla.admin.create')}
          </Button>
        </Space>
      }
    >
      <Form<SlaCalendarInput>
        form={form}
        layout="vertical"
        onFinish={() => void save()}
        onValuesChange={() => triedOnce.current && validate(form.getFieldsValue(true) as SlaCalendarInput)}
        data-testid="sla-calendar-form"
      >
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item name="name" label={t('sla.admin.calendars.name')} required>
              <Input maxLength={80} autoComplete="off" data-testid="sla-calendar-name" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name={['calendar', 'timeZone']} label={t('sla.admin.calendars.timeZone')} required>
              <Select showSearch options={zones} optionFilterProp="label" data-testid="sla-calendar-zone" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item
          name={['calendar', 'alwaysOpen']}
          label={t('sla.admin.calendars.alwaysOpen')}
          valuePropName="checked"
          extra={t('sla.admin.calendars.alwaysOpenHint')}
        >
          <Switch data-testid="sla-calendar-always-open" />
        </Form.Item>
        {!alwaysOpen && (
          <>
            <Divider orientation="start" orientationMargin={0} plain>
              {t('sla.admin.calendars.weekly')}
            </Divider>
            <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
              {t('sla.admin.calendars.weeklyHint')}
            </Typography.Paragraph>
            <Form.List name={['calendar', 'weekly']}>
              {(rows, { add, remove }) => (
                <>
                  {rows.map((row) => (
                    <Row key={row.key} gutter={8} align="top" data-testid={`sla-hours-row-${row.name}`}>
                      <Col span={9}>
                        <Form.Item name={[row.name, 'day']} aria-label={t('sla.admin.calendars.day')}>
                          <Select options={dayOptions} data-testid="sla-hours-day" />
                        </Form.Item>
                      </Col>
                      <Col span={6}>
                        <Form.Item name={[row.name, 'open']}>
                          <Input type="time" aria-label={t('sla.admin.calendars.open')} data-testid="sla-hours-open" />
                        </Form.Item>
                      </Col>
                      <Col span={6}>
                        <Form.Item name={[row.name, 'close']}>
                          <Input type="time" aria-label={t('sla.admin.calendars.close')} data-testid="sla-hours-close" />
                        </Form.Item>
                      </Col>
                      <Col span={3}>
                        <Button icon={<DeleteOutlined />} onClick={() => remove(row.name)} aria-label={t('sla.admin.delete')} data-testid="sla-hours-remove" />
                      </Col>
                    </Row>
                  ))}
                  <Button icon={<PlusOutlined />} onClick={() => add({ day: 6, open: '09:00', close: '13:00' })} data-testid="sla-hours-add">
                    {t('sla.admin.calendars.addHours')}
                  </Button>
                </>
              )}
            </Form.List>
            <Divider orientation="start" orientationMargin={0} plain>
              {t('sla.admin.calendars.holidays')}
            </Divider>
            <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
              {t('sla.admin.calendars.holidaysHint')}
            </Typography.Paragraph>
            <Form.List name={['calendar', 'holidays']}>
              {(rows, { add, remove }) => (
                <>
                  {rows.map((row) => (
                    <Space key={row.key} align="start" data-testid={`sla-holiday-row-${row.name}`}>
                      <Form.Item name={row.name}>
                        <Input type="date" aria-label={t('sla.admin.calendars.holidays')} data-testid="sla-holiday-date" />
                      </Form.Item>
                      <Button icon={<DeleteOutlined />} onClick={() => remove(row.name)} aria-label={t('sla.admin.delete')} />
                    </Space>
                  ))}
                  <div>
                    <Button icon={<PlusOutlined />} onClick={() => add('')} data-testid="sla-holiday-add">
                      {t('sla.admin.calendars.addHoliday')}
                    </Button>
                  </div>
                </>
              )}
            </Form.List>
          </>
        )}
        {failure && <Alert type="error" showIcon message={failure} style={{ marginTop: 16 }} data-testid="sla-calendar-error" />}
      </Form>
    </Drawer>
  );
}
