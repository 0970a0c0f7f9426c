import { App, Badge } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Availability } from '@redress/shared';
import { ApiError } from '../../lib/api';
import { MenuSelect } from '../../lib/MenuSelect';
import { useStore } from '../../store';
import { onRealtime } from '../../store/realtime';
import { routingApi } from './api';
import './i18n';

const badge: Record<Availability, 'success' | 'warning' | 'default'> = { online: 'success', away: 'warning', offline: 'default' };

// Presence moves availability on the server too (connect -> online, gone -> offline): follow it.
onRealtime('agent:presence', (p) =>
  useStore.setState((s) =>
    s.auth.me && s.auth.me.user.id === p.userId
      ? {
          auth: {
            ...s.auth,
            me: { ...s.auth.me, user: { ...s.auth.me.user, availability: p.availability as Availability, openCount: p.openCount, capacity: p.capacity } },
          },
        }
      : {},
  ),
);

/** The agent's own availability in the header; routing only assigns to online agents. */
export function AvailabilitySwitch() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useStore((s) => s.auth.me);
  if (!me || me.user.role !== 'agent') return null;

  async function change(availability: Availability) {
    try {
      const { user } = await routingApi.setAvailability(availability);
      useStore.setState((s) => (s.auth.me ? { auth: { ...s.auth, me: { ...s.auth.me, user } } } : {}));
      message.success(t('routing.availability.changed', { state: t(`routing.availability.${availability}`) }));
    } catch (err) {
      message.error(err instanceof ApiError ? err.message : t('common.unexpected'));
    }
  }

  return (
    <MenuSelect<Availability>
      size="small"
      value={me.user.availability}
      onChange={(v) => v && void change(v)}
      aria-label={t('routing.availability.label')}
      data-testid="availability"
      style={{ width: 112 }}
      options={(['online', 'away', 'offline'] as const).map((a) => ({ value: a, label: <Badge status={badge[a]} text={t(`routing.availability.${a}`)} /> }))}
    />
  );
}
