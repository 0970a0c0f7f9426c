import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

/** The one "not found" page (also used for unknown complaint references and bad tracking links). */
export function NotFoundPage({ subTitle }: { subTitle?: string }) {
  const { t } = useTranslation();
  return (
    <div data-testid="not-found">
      <Result
        status="404"
        title={t('common.notFound.title')}
        subTitle={subTitle ?? t('common.notFound.text')}
        extra={
          <Link to="/">
            <Button type="primary">{t('common.notFound.home')}</Button>
          </Link>
        }
      />
    </div>
  );
}
