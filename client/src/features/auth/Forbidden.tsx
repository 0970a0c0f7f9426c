import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

/** The 403 page of a staff route the user may not open (antd's Result, with its illustrations). */
export function Forbidden() {
  const { t } = useTranslation();
  return (
    <Result
      status="403"
      title={t('auth.forbidden.title')}
      subTitle={t('auth.forbidden.text')}
      extra={
        <Link to="/console">
          <Button type="primary">{t('nav.console')}</Button>
        </Link>
      }
    />
  );
}
