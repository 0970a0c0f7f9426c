import { useCallback, useEffect, useState } from 'react';
import { Alert, Card, Descriptions, Progress, Space, Tag, Typography } from 'antd';
import { ClockCircleOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { ComplaintSlaView, SlaClockView } from '@redress/shared';
import { useStore } from '../../store';
import { onRealtime } from '../../store/realtime';
import { notificationUpdates } from '../notifications/slice';
import { slaApi } from './api';
import { formatDuration } from './format';
import { i18n } from '../../i18n';
import './i18n';
import { useNow } from './useNow';
import { builtinName } from '../../lib/serverText';

// Every alert also lands in the bell (and its toast), wherever the staff member is in the console.
onRealtime('sla:alert', (p) => {
  const clock = i18n.t(`sla.panel.${p.clock}`, { defaultValue: p.clock });
  useStore.setState(
    notificationUpdates.received({
      kind: `sla_${p.state}`,
      text: i18n.t(`sla.alert.${p.state}`, { reference: p.reference, clock }),
      complaintId: p.complaintId,
      reference: p.reference,
      at: p.at,
    }),
  );
});

const stateColor: Record<SlaClockView['state'], string> = { running: 'green', at_risk: 'orange', breached: 'red', paused: 'default', met: 'green' };
const fmt = (iso: string) => dayjs(iso).format('YYYY-MM-DD HH:mm');

/** One clock: state, live countdown (business time is approximated by wall time between refreshes), progress. */
function ClockRow({ name, c, asOf }: { name: 'firstResponse' | 'resolution'; c: SlaClockView; asOf: number }) {
  const { t } = useTranslation();
  const now = useNow();
  const stopped = Boolean(c.metAt) || c.paused;
  // The server's figures are as of `asOf`; while the clock runs, count down from there.
  const drift = stopped ? 0 : Math.max(0, now - asOf);
  const remaining = c.remainingBusinessMs - drift;
  const due = c.dueAt ? new Date(c.dueAt).getTime() : null;
  const left = due !== null && !stopped ? due - now : remaining;
  const used = Math.min(100, Math.round(((c.elapsedBusinessMs + drift) / c.targetMs) * 100));
  const state = !stopped && c.state !== 'breached' && due !== null && due < now ? 'breached' : c.state;
  return (
    <div data-testid={`sla-clock-${name}`} data-state={state} style={{ marginBottom: 12 }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Text strong>{t(`sla.panel.${name}`)}</Typography.Text>
        <Tag color={stateColor[state]} data-testid={`sla-state-${name}`}>
          {t(`sla.state.${state}`)}
        </Tag>
      </Space>
      {!c.metAt && !c.paused && (
        <Typography.Title
          level={4}
          style={{ margin: '4px 0', fontVariantNumeric: 'tabular-nums' }}
          type={left < 0 || state === 'breached' ? 'danger' : state === 'at_risk' ? 'warning' : undefined}
          data-testid={`sla-countdown-${name}`}
        >
          {left >= 0 ? t('sla.badge.left', { time: formatDuration(left) }) : t('sla.badge.over', { time: formatDuration(-left) })}
        </Typography.Title>
      )}
      <Progress
        percent={used}
        showInfo={false}
        size="small"
        status={state === 'breached' ? 'exception' : state === 'met' ? 'success' : 'active'}
        strokeColor={state === 'at_risk' ? '#fa8c16' : undefined}
      />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('sla.panel.target', { time: formatDuration(c.targetMs) })}
        {c.dueAt && !c.metAt ? ` · ${t('sla.panel.due', { date: fmt(c.dueAt) })}` : ''}
        {c.paused ? ` · ${t('sla.badge.paused')}` : ''}
        {c.metAt ? ` · ${t('sla.panel.metAt', { date: fmt(c.metAt) })}` : ''}
        {c.breachedAt ? ` · ${t('sla.panel.breachedAt', { date: fmt(c.breachedAt), by: formatDuration(c.breachedByMs) })}` : ''}
      </Typography.Text>
    </div>
  );
}

/**
 * The console's SLA panel for one complaint: both clocks with live countdowns and states, the
 * policy and calendar, customer wait and hold time. Refetches when the complaint's row changes
 * (every SLA transition re-broadcasts it).
 */
export function SlaPanel({ complaintId }: { complaintId: string }) {
  const { t } = useTranslation();
  const [sla, setSla] = useState<ComplaintSlaView | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [failed, setFailed] = useState(false);
  const rowState = useStore((s) => s.console.byId[complaintId]?.sla?.state);
  const rowDue = useStore((s) => s.console.byId[complaintId]?.sla?.dueAt);
  const rowUpdated = useStore((s) => s.console.byId[complaintId]?.updatedAt);

  const load = useCallback(async () => {
    try {
      setSla((await slaApi.complaint(complaintId)).sla);
      setFailed(false);
    } catch {
      setFailed(true);
    } finally {
      setLoaded(true);
    }
  }, [complaintId]);

  useEffect(() => {
    void load();
  }, [load, rowState, rowDue, rowUpdated]);

  if (failed) return <Alert type="warning" showIcon message={t('sla.panel.error')} />;
  if (!loaded) return null;
  return (
    <Card
      size="small"
      title={
        <Space>
          <ClockCircleOutlined />
          {t('sla.panel.title')}
        </Space>
      }
      data-testid="sla-panel"
    >
      {!sla ? (
        <Typography.Text type="secondary">{t('sla.panel.none')}</Typography.Text>
      ) : (
        <>
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 8 }} data-testid="sla-policy">
            {t('sla.panel.policy', { policy: builtinName(t, 'slaPolicy', sla.policyName), calendar: builtinName(t, 'slaCalendar', sla.calendarName) })}
          </Typography.Paragraph>
          <ClockRow name="firstResponse" c={sla.firstResponse} asOf={new Date(sla.asOf).getTime()} />
          <ClockRow name="resolution" c={sla.resolution} asOf={new Date(sla.asOf).getTime()} />
          <Descriptions size="small" column={1}>
            <Descriptions.Item label={t('sla.panel.requesterWait')}>
              {t('sla.panel.used', { business: formatDuration(sla.requesterWait.businessMs), calendar: formatDuration(sla.requesterWait.calendarMs) })}
            </Descriptions.Item>
            <Descriptions.Item label={t('sla.panel.onHold')}>
              {t('sla.panel.used', { business: formatDuration(sla.onHold.businessMs), calendar: formatDuration(sla.onHold.calendarMs) })}
            </Descriptions.Item>
          </Descriptions>
        </>
      )}
    </Card>
  );
}
