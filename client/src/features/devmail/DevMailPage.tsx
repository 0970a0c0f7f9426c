import { Fragment, useCallback, useEffect, useState } from 'react';
import { Alert, Button, Card, Collapse, Empty, Space, Tag, Typography } from 'antd';
import { MailOutlined, ReloadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api';
import { usePageTitle } from '../shell/usePageTitle';

interface CaughtMail {
  id: string;
  from?: string | null;
  to: string[];
  subject: string;
  text: string;
  receivedAt: string;
}

const urlPattern = /(https?:\/\/[^\s<>"')]+)/g;

/** Plain text with its URLs as links; everything stays text (no HTML is ever interpreted). */
export function LinkifiedText({ text }: { text: string }) {
  const parts = text.split(urlPattern);
  return (
    <div className="rd-text" style={{ fontFamily: 'ui-monospace, SFMono-Regular, Menlo, monospace', fontSize: 13 }}>
      {parts.map((p, i) =>
        i % 2 === 1 ? (
          <a key={i} href={p} data-testid="mail-link">
            {p}
          </a>
        ) : (
          <Fragment key={i}>{p}</Fragment>
        ),
      )}
    </div>
  );
}

/** The dev mail catcher's inbox: every email the product sent, newest first. */
export function DevMailPage() {
  const { t } = useTranslation();
  const [items, setItems] = useState<CaughtMail[] | null>(null);
  usePageTitle(t('devmail.title'));
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      const res = await api<{ items: CaughtMail[] }>('/api/dev/mail');
      setItems([...res.items].sort((a, b) => Date.parse(b.receivedAt) - Date.parse(a.receivedAt)));
      setError(null);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  return (
    <Card
      data-testid="dev-mail"
      title={
        <Space>
          <MailOutlined />
          {t('devmail.title')}
        </Space>
      }
      extra={
        <Button icon={<ReloadOutlined />} onClick={() => void load()} data-testid="dev-mail-refresh">
          {t('common.refresh')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">{t('devmail.intro')}</Typography.Paragraph>
      {error && <Alert type="warning" showIcon message={t('devmail.unavailable')} description={error} />}
      {items && items.length === 0 && <Empty description={t('devmail.empty')} />}
      {items && items.length > 0 && (
        <Collapse
          data-testid="dev-mail-list"
          items={items.map((m) => ({
            key: m.id,
            label: (
              <div data-testid="dev-mail-item">
                <Typography.Text strong>{m.subject}</Typography.Text>
                <div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('devmail.to')} {m.to.join(', ')} · {dayjs(m.receivedAt).format('YYYY-MM-DD HH:mm:ss')}
                  </Typography.Text>
                </div>
              </div>
            ),
            extra: <Tag>{dayjs(m.receivedAt).fromNow()}</Tag>,
            children: <LinkifiedText text={m.text} />,
          }))}
        />
      )}
    </Card>
  );
}
