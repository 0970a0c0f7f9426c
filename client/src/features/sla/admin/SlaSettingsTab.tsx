import { useCallback, useEffect, useState, type HTMLAttributes } from 'react';
import { Alert, App, Button, Card, Popconfirm, Space, Switch, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../lib/api';
import { useCategories } from '../../portal/useCategories';
import { slaApi, type SlaCalendarView, type SlaPolicyView } from '../api';
import { CalendarDrawer } from './CalendarDrawer';
import './i18n';
import { PolicyDrawer } from './PolicyDrawer';
import { PreviewCard } from './PreviewCard';

/** "Monday–Friday 09:00–17:00, Saturday 09:00–13:00": consecutive days with the same hours run together. */
function weeklySummary(c: SlaCalendarView, day: (d: number) => string): string {
  const hours = new Map<number, string>();
  for (const w of [...c.calendar.weekly].sort((a, b) => a.day - b.day || a.open.localeCompare(b.open))) {
    hours.set(w.day, [hours.get(w.day), `${w.open}–${w.close}`].filter(Boolean).join(' '));
  }
  const runs: { from: number; to: number; hours: string }[] = [];
  for (const [d, h] of [...hours].sort((a, b) => a[0] - b[0])) {
    const last = runs[runs.length - 1];
    if (last && last.to === d - 1 && last.hours === h) last.to = d;
    else runs.push({ from: d, to: d, hours: h });
  }
  return runs.map((r) => `${r.from === r.to ? day(r.from) : `${day(r.from)}–${day(r.to)}`} ${r.hours}`).join(', ');
}

const inputOf = ({ id: _id, updatedAt: _at, ...input }: SlaPolicyView) => input;

/** The admin's SLA settings: policies (match, targets, escalations, on/off), business calendars, and a due-time preview. */
export function SlaSettingsTab() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { label } = useCategories();
  const [policies, setPolicies] = useState<SlaPolicyView[]>([]);
  const [calendars, setCalendars] = useState<SlaCalendarView[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [editingPolicy, setEditingPolicy] = useState<SlaPolicyView | 'new' | null>(null);
  const [editingCalendar, setEditingCalendar] = useState<SlaCalendarView | 'new' | null>(null);

  const failed = useCallback((err: unknown) => setError(err instanceof ApiError ? err.message : t('common.unexpected')), [t]);
  const reload = useCallback(async () => {
    try {
      const [p, c] = await Promise.all([slaApi.policies(), slaApi.calendars()]);
      setPolicies(p.items);
      setCalendars(c.items);
      setError(null);
    } catch (err) {
      failed(err);
    } finally {
      setLoading(false);
    }
  }, [failed]);
  useEffect(() => void reload(), [reload]);

  async function toggle(p: SlaPolicyView, active: boolean) {
    try {
      await slaApi.updatePolicy(p.id, { ...inputOf(p), active });
      message.success(t(active ? 'sla.admin.policies.activated' : 'sla.admin.policies.deactivated', { name: p.name }));
      await reload();
    } catch (err) {
      failed(err);
    }
  }

  async function remove(what: 'policy' | 'calendar', id: string, name: string) {
    try {
      if (what === 'policy') await slaApi.deletePolicy(id);
      else await slaApi.deleteCalendar(id);
      message.success(t(what === 'policy' ? 'sla.admin.policies.deleted' : 'sla.admin.calendars.deleted', { name }));
      await reload();
    } catch (err) {
      if (err instanceof ApiError && err.id === 'conflict') message.error(t('sla.admin.calendars.inUse'));
      else failed(err);
    }
  }

  const calendarName = (id: string | null) => (id ? (calendars.find((c) => c.id === id)?.name ?? id) : t('sla.admin.policies.builtInCalendar'));
  const matchTags = (p: SlaPolicyView) => {
    const tags = [
      ...(p.match.priorities ?? []).map((x) => t(`console.priority.${x}`)),
      ...(p.match.tiers ?? []).map((x) => t(`console.tiers.${x}.label`)),
      ...(p.match.categories ?? []).map(label),
      ...(p.match.channels ?? []).map((x) => t(`console.channels.${x}`)),
    ];
    return tags.length ? (
      <Space size={[0, 4]} wrap>
        {tags.map((x) => (
          <Tag key={x} color="blue">
            {x}
          </Tag>
        ))}
      </Space>
    ) : (
      <Tag>{t('sla.admin.policies.any')}</Tag>
    );
  };
  const minutes = (m: number) => (m % 60 === 0 ? t('sla.admin.hours', { hours: m / 60 }) : t('sla.admin.minutes', { count: m }));

  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 16 }} data-testid="sla-settings">
      <Typography.Text type="secondary">{t('sla.admin.intro')}</Typography.Text>
      {error && <Alert type="error" showIcon message={error} />}
      <Card
        size="small"
        title={t('sla.admin.policies.title')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditingPolicy('new')} data-testid="sla-policy-add">
            {t('sla.admin.policies.add')}
          </Button>
        }
      >
        <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
          {t('sla.admin.policies.hint')}
        </Typography.Paragraph>
        <Table<SlaPolicyView>
          size="small"
          rowKey="id"
          loading={loading}
          dataSource={policies}
          pagination={false}
          scroll={{ x: 900 }}
          locale={{ emptyText: t('sla.admin.policies.empty') }}
          onRow={(p) => ({ 'data-testid': `sla-policy-row-${p.name}` }) as HTMLAttributes<HTMLElement>}
          columns={[
            { title: t('sla.admin.policies.order'), dataIndex: 'order', width: 70 },
            { title: t('sla.admin.policies.name'), dataIndex: 'name', render: (n: string) => <Typography.Text strong>{n}</Typography.Text> },
            { title: t('sla.admin.policies.match'), render: (_, p) => matchTags(p) },
            { title: t('sla.admin.policies.calendar'), render: (_, p) => calendarName(p.calendarId) },
            { title: t('sla.admin.policies.firstResponse'), width: 110, render: (_, p) => minutes(p.targets.firstResponseMinutes) },
            { title: t('sla.admin.policies.resolution'), width: 110, render: (_, p) => minutes(p.targets.resolutionMinutes) },
            {
              title: t('sla.admin.policies.active'),
              width: 80,
              render: (_, p) => <Switch size="small" checked={p.active} onChange={(on) => void toggle(p, on)} data-testid="sla-policy-toggle" />,
            },
            {
              title: '',
              width: 150,
              render: (_, p) => (
                <Space>
                  <Button size="small" onClick={() => setEditingPolicy(p)} data-testid="sla-policy-edit">
                    {t('sla.admin.edit')}
                  </Button>
                  <Popconfirm title={t('sla.admin.policies.deleteConfirm')} onConfirm={() => void remove('policy', p.id, p.name)}>
                    <Button size="small" danger data-testid="sla-policy-delete">
                      {t('sla.admin.delete')}
                    </Button>
                  </Popconfirm>
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <Card
        size="small"
        title={t('sla.admin.calendars.title')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditingCalendar('new')} data-testid="sla-calendar-add">
            {t('sla.admin.calendars.add')}
          </Button>
        }
      >
        <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
          {t('sla.admin.calendars.hint')}
        </Typography.Paragraph>
        <Table<SlaCalendarView>
          size="small"
          rowKey="id"
          loading={loading}
          dataSource={calendars}
          pagination={false}
          scroll={{ x: 800 }}
          locale={{ emptyText: t('sla.admin.calendars.empty') }}
          onRow={(c) => ({ 'data-testid': `sla-calendar-row-${c.name}` }) as HTMLAttributes<HTMLElement>}
          columns={[
            { title: t('sla.admin.calendars.name'), dataIndex: 'name', render: (n: string) => <Typography.Text strong>{n}</Typography.Text> },
            { title: t('sla.admin.calendars.timeZone'), render: (_, c) => c.calendar.timeZone },
            {
              title: t('sla.admin.calendars.weekly'),
              render: (_, c) =>
                c.calendar.alwaysOpen ? (
                  <Tag color="green">{t('sla.admin.calendars.alwaysOpen')}</Tag>
                ) : (
                  <span>{weeklySummary(c, (d) => t(`sla.admin.calendars.days.${d}`))}</span>
                ),
            },
            {
              title: t('sla.admin.calendars.holidays'),
              render: (_, c) =>
                c.calendar.holidays.length ? (
                  c.calendar.holidays.join(', ')
                ) : (
                  <Typography.Text type="secondary">{t('sla.admin.calendars.noHolidays')}</Typography.Text>
                ),
            },
            {
              title: t('sla.admin.calendars.usedBy'),
              render: (_, c) =>
                policies
                  .filter((p) => p.calendarId === c.id)
                  .map((p) => p.name)
                  .join(', ') || '—',
            },
            {
              title: '',
              width: 150,
              render: (_, c) => (
                <Space>
                  <Button size="small" onClick={() => setEditingCalendar(c)} data-testid="sla-calendar-edit">
                    {t('sla.admin.edit')}
                  </Button>
                  <Popconfirm title={t('sla.admin.calendars.deleteConfirm')} onConfirm={() => void remove('calendar', c.id, c.name)}>
                    <Button size="small" danger data-testid="sla-calendar-delete">
                      {t('sla.admin.delete')}
                    </Button>
                  </Popconfirm>
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <PreviewCard />
      <PolicyDrawer
        editing={editingPolicy}
        calendars={calendars}
        onClose={() => setEditingPolicy(null)}
        onSaved={() => {
          setEditingPolicy(null);
          void reload();
        }}
      />
      <CalendarDrawer
        editing={editingCalendar}
        onClose={() => setEditingCalendar(null)}
        onSaved={() => {
          setEditingCalendar(null);
          void reload();
        }}
      />
    </div>
  );
}
