import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import '../portal/portal.css';

/** The one "not found" page (also used for unknown complaint references and bad tracking links). Plain HTML, no antd. */
export function NotFoundPage({ subTitle }: { subTitle?: string }) {
  const { t } = useTranslation();
  return (
    <div className="rd-result" data-testid="not-found">
      <div className="rd-result-code" aria-hidden="true">
        404
      </div>
      <h2 className="rd-title">{t('common.notFound.title')}</h2>
      <p className="rd-secondary">{subTitle ?? t('common.notFound.text')}</p>
      <Link to="/" className="rd-btn rd-btn-primary">
        {t('common.notFound.home')}
      </Link>
    </div>
  );
}
