import { useMemo, useRef, useState, type ReactNode } from 'react';
import { App, Button, Input, Segmented, Select, Space } from 'antd';
import type { TextAreaRef } from 'antd/es/input/TextArea';
import { cannedReplies, fillPlaceholders, findUnfilledPlaceholders, type PlaceholderValues, type UnfilledPlaceholder } from '@redress/shared';
import { LockOutlined, SendOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../lib/api';
import { watchComplaint } from '../../../store/realtime';
import { consoleApi } from '../api';

type Visibility = 'public' | 'internal';

/**
 * The draft's lines that still hold a placeholder, each placeholder marked; clicking one selects it
 * in the editor so typing replaces it.
 */
function HighlightedLines({ body, left, onPick }: { body: string; left: UnfilledPlaceholder[]; onPick(p: UnfilledPlaceholder): void }) {
  const lines: { start: number; end: number; marks: UnfilledPlaceholder[] }[] = [];
  for (const p of left) {
    const start = body.lastIndexOf('\n', p.start - 1) + 1;
    const nl = body.indexOf('\n', p.end);
    const end = nl === -1 ? body.length : nl;
    const last = lines[lines.length - 1];
    if (last && last.start === start) last.marks.push(p);
    else lines.push({ start, end, marks: [p] });
  }
  return (
    <div className="rd-text rd-draft-preview" data-testid="placeholder-preview">
      {lines.map((l) => (
        <div key={l.start}>
          <HighlightedLine body={body} line={l} onPick={onPick} />
        </div>
      ))}
    </div>
  );
}

function HighlightedLine({
  body,
  line,
  onPick,
}: {
  body: string;
  line: { start: number; end: number; marks: UnfilledPlaceholder[] };
  onPick(p: UnfilledPlaceholder): void;
}) {
  const parts: ReactNode[] = [];
  let at = line.start;
  for (const p of line.marks) {
    if (p.start > at) parts.push(body.slice(at, p.start));
    parts.push(
      <mark
        key={p.start}
        className="rd-draft-placeholder"
        data-testid="placeholder-mark"
        data-name={p.name}
        role="button"
        tabIndex={0}
        onClick={() => onPick(p)}
        onKeyDown={(e) => e.key === 'Enter' && onPick(p)}
      >
        {p.text}
      </mark>,
    );
    at = p.end;
  }
  parts.push(body.slice(at, line.end));
  return <>{parts}</>;
}

/** Public reply to the customer or internal note; focusing it tells colleagues "replying". */
export function Composer({
  complaintId,
  disabled,
  onSent,
  placeholders,
  language,
}: {
  complaintId: string;
  disabled?: boolean;
  onSent(): void;
  /** Values for canned replies' {{placeholders}} (customer, reference, agent, due date). */
  placeholders: PlaceholderValues;
  /** The complaint's language: canned replies are offered in it. */
  language: string;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [visibility, setVisibility] = useState<Visibility>('public');
  const [body, setBody] = useState('');
  const [busy, setBusy] = useState(false);
  const editor = useRef<TextAreaRef>(null);
  // A public reply may not leave with a canned reply's placeholder in it (the API refuses it too).
  const left = useMemo(() => (visibility === 'public' ? findUnfilledPlaceholders(body) : []), [body, visibility]);

  function select(p: UnfilledPlaceholder) {
    const el = editor.current?.resizableTextArea?.textArea;
    if (!el) return;
    el.focus();
    el.setSelectionRange(p.start, p.end);
  }

  async function send() {
    if (!body.trim() || busy) return;
    if (left.length) {
      message.error(t('console.composer.placeholdersRefused', { list: [...new Set(left.map((p) => p.text))].join(', ') }));
      select(left[0]!);
      return;
    }
    const sent = body.trim();
    setBusy(true);
    try {
      await consoleApi.postMessage(complaintId, sent, visibility);
      // Keep anything typed while the request was in flight.
      setBody((current) => (current.trim() === sent ? '' : current));
      watchComplaint(complaintId, 'viewing');
      message.success(t(visibility === 'public' ? 'console.composer.sentPublic' : 'console.composer.sentInternal'));
      onSent();
    } catch (err) {
      message.error(err instanceof ApiError ? err.message : t('common.unexpected'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div
      data-testid="composer"
      style={{ background: visibility === 'internal' ? '#fffbe6' : '#fff', border: '1px solid #e5e7eb', borderRadius: 8, padding: 12 }}
    >
      <Space style={{ marginBottom: 8, width: '100%', justifyContent: 'space-between' }} wrap>
        <Segmented<Visibility>
          value={visibility}
          onChange={setVisibility}
          options={[
            { value: 'public', label: <span data-testid="composer-public">{t('console.composer.public')}</span> },
            {
              value: 'internal',
              label: (
                <span data-testid="composer-internal">
                  <LockOutlined /> {t('console.composer.internal')}
                </span>
              ),
            },
          ]}
        />
        <Select<string>
          size="small"
          style={{ minWidth: 220 }}
          placeholder={t('routing.canned.pick')}
          value={null as unknown as string}
          disabled={disabled}
          data-testid="canned-reply"
          options={cannedReplies.map((r) => ({ value: r.key, label: language === 'zh' ? r.title.zh : r.title.en }))}
          onChange={(key) => {
            const r = cannedReplies.find((x) => x.key === key);
            if (!r) return;
            // Replace an empty draft; append to one already started.
            const text = fillPlaceholders(language === 'zh' ? r.body.zh : r.body.en, placeholders);
            setBody((cur) => (cur.trim() ? `${cur.trimEnd()}\n\n${text}` : text));
            setVisibility('public');
            watchComplaint(complaintId, 'replying');
          }}
        />
      </Space>
      <Input.TextArea
        ref={editor}
        status={left.length ? 'error' : undefined}
        rows={4}
        value={body}
        maxLength={10_000}
        disabled={disabled}
        onChange={(e) => setBody(e.target.value)}
        onFocus={() => watchComplaint(complaintId, 'replying')}
        onBlur={() => !body.trim() && watchComplaint(complaintId, 'viewing')}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void send();
        }}
        placeholder={t(visibility === 'public' ? 'console.composer.publicPlaceholder' : 'console.composer.internalPlaceholder')}
        data-testid="composer-input"
      />
      {left.length > 0 && (
        <div style={{ marginTop: 8 }} data-testid="placeholders-left">
          <div style={{ color: '#cf1322', fontSize: 12, marginBottom: 4 }}>{t('console.composer.placeholdersLeft')}</div>
          <HighlightedLines body={body} left={left} onPick={select} />
        </div>
      )}
      <Space style={{ marginTop: 8, width: '100%', justifyContent: 'space-between' }}>
        <span style={{ color: '#8c8c8c', fontSize: 12 }}>{t('console.composer.shortcut')}</span>
        <Button
          type="primary"
          icon={<SendOutlined />}
          loading={busy}
          disabled={disabled || !body.trim() || left.length > 0}
          onClick={() => void send()}
          data-testid="composer-send"
        >
          {t(visibility === 'public' ? 'console.composer.sendPublic' : 'console.composer.sendInternal')}
        </Button>
      </Space>
    </div>
  );
}
