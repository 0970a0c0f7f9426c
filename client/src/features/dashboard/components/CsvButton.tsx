import { DownloadOutlined } from '@ant-design/icons';
import { Button, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';

/** A small CSV download link for one table (same-origin GET, the session cookie goes along). */
export function CsvButton({ href, testId }: { href: string; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Tooltip title={t('dashboard.csv.hint')}>
      <Button size="small" type="text" icon={<DownloadOutlined />} href={href} download data-testid={testId}>
        CSV
      </Button>
    </Tooltip>
  );
}
