import { Card, Space, Typography } from 'antd';
import { PaperClipOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { TimelineItem } from '../api';

/** Files the customer attached to the complaint itself (with the filing, or added on the tracking page). */
function customerFiles(items: TimelineItem[]): TimelineItem['attachments'] {
  return items.filter((e) => e.actor.kind === 'customer' && (e.type === 'created' || e.type === 'attachment')).flatMap((e) => e.attachments);
}

/**
 * The complaint as the customer wrote it, at the top of the conversation: the full description
 * (up to 5,000 characters) as plain text with its line breaks, and the files they attached.
 * Rendered as a React text node, so markup in it is shown, never interpreted.
 */
export function ComplaintDescription({
  complaintId,
  description,
  customerName,
  createdAt,
  timeline,
}: {
  complaintId: string;
  description: string;
  customerName: string;
  createdAt: string;
  timeline: TimelineItem[];
}) {
  const { t } = useTranslation();
  const files = customerFiles(timeline);
  return (
    <Card size="small" title={t('console.view.complaintTitle')} data-testid="complaint-description-card">
      <Space size={8} wrap style={{ marginBottom: 6 }}>
        <Typography.Text strong>{customerName}</Typography.Text>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {dayjs(createdAt).format('YYYY-MM-DD HH:mm')}
        </Typography.Text>
      </Space>
      <div className="rd-bubble rd-text rd-bubble-customer" data-testid="complaint-description">
        {description}
      </div>
      {files.length > 0 && (
        <div style={{ marginTop: 8 }} data-testid="complaint-attachments">
          <Typography.Text type="secondary" style={{ marginRight: 8, fontSize: 13 }}>
            {t('console.view.attachments')}:
          </Typography.Text>
          {files.map((a) => (
            <a
              key={a.id}
              href={`/api/complaints/${encodeURIComponent(complaintId)}/attachments/${encodeURIComponent(a.id)}`}
              target="_blank"
              rel="noreferrer"
              style={{ marginRight: 12, fontSize: 13 }}
              data-testid="complaint-attachment"
            >
              <PaperClipOutlined /> {a.filename}
            </a>
          ))}
        </div>
      )}
    </Card>
  );
}
