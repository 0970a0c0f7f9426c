import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { useStore } from '../../../store';
import { selectOtherViewers } from '../selectors';

/** Collision warning: colleagues who have the same complaint open, or are writing to it. */
export function ViewersBanner({ complaintId }: { complaintId: string }) {
  const { t } = useTranslation();
  const viewers = useStore(useShallow(selectOtherViewers(complaintId)));
  if (viewers.length === 0) return null;
  const replying = viewers.filter((v) => v.mode === 'replying');
  const viewing = viewers.filter((v) => v.mode === 'viewing');
  const names = (vs: typeof viewers) => vs.map((v) => v.name).join(', ');
  const parts = [
    replying.length > 0 ? t('console.viewers.replying', { names: names(replying), count: replying.length }) : null,
    viewing.length > 0 ? t('console.viewers.viewing', { names: names(viewing), count: viewing.length }) : null,
  ].filter(Boolean);
  return (
    <Alert
      type={replying.length > 0 ? 'warning' : 'info'}
      showIcon
      banner
      message={parts.join(' · ')}
      data-testid="viewers-banner"
      style={{ borderRadius: 6 }}
    />
  );
}
