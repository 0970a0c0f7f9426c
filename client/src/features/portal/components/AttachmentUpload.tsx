import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
// The module, not the package index (which would bring zod and every schema to the customer's pages).
import { attachmentLimits } from '@redress/shared/src/complaints/portalLimits';
import { ApiError } from '../../../lib/api';
import { portalApi } from '../api';
import '../portal.css';

/**
 * Photos or documents for a filed complaint (POST .../attachments, multipart field `files`,
 * authorised by the tracking token). The server checks types from the bytes; we pre-check size.
 */
export function AttachmentUpload({ reference, token, onUploaded }: { reference: string; token: string; onUploaded?(): void }) {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const [files, setFiles] = useState<File[]>([]);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(0);
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);
  const maxMb = Math.round(attachmentLimits.maxBytes / (1024 * 1024));

  function pick(list: FileList | null) {
    const picked = [...(list ?? [])];
    const tooBig = picked.find((f) => f.size > attachmentLimits.maxBytes);
    setNote(tooBig ? { ok: false, text: t('portal.attachments.tooBig', { name: tooBig.name, mb: maxMb }) } : null);
    setFiles((prev) => [...prev, ...picked.filter((f) => f.size <= attachmentLimits.maxBytes)].slice(0, attachmentLimits.maxFiles));
    if (input.current) input.current.value = '';
  }

  async function upload() {
    if (files.length === 0) return;
    setBusy(true);
    try {
      await portalApi.attach(reference, token, files);
      setDone((n) => n + files.length);
      setNote({ ok: true, text: t('portal.attachments.done', { count: files.length }) });
      setFiles([]);
      onUploaded?.();
    } catch (err) {
      setNote({ ok: false, text: err instanceof ApiError ? err.message : t('common.unexpected') });
    } finally {
      setBusy(false);
    }
  }

  return (
    <div data-testid="attachment-upload" className="rd-upload">
      <strong>
        <svg className="rd-icon" viewBox="0 0 24 24" aria-hidden="true">
          <path
            d="M16.5 6.5 8.4 14.6a2 2 0 0 0 2.8 2.8l8.5-8.5a4 4 0 0 0-5.7-5.7L5.5 11.7a6 6 0 0 0 8.5 8.5l6.4-6.4"
            fill="none"
            stroke="currentColor"
            strokeWidth="2"
            strokeLinecap="round"
          />
        </svg>{' '}
        {t('portal.attachments.title')}
      </strong>
      <p className="rd-secondary rd-small" style={{ margin: '4px 0 8px' }}>
        {t('portal.attachments.hint', { count: attachmentLimits.maxFiles, mb: maxMb })}
        {done > 0 && ` ${t('portal.attachments.sent', { count: done })}`}
      </p>
      <input
        ref={input}
        type="file"
        multiple
        hidden
        accept={attachmentLimits.contentTypes.join(',')}
        onChange={(e) => pick(e.target.files)}
        data-testid="attachment-input"
      />
      <div className="rd-stack">
        <button type="button" className="rd-btn" onClick={() => input.current?.click()} data-testid="attachment-pick">
          {t('portal.attachments.pick')}
        </button>
        {files.length > 0 && (
          <ul className="rd-file-list">
            {files.map((f, i) => (
              <li key={`${f.name}-${i}`}>
                {f.name}{' '}
                <button
                  type="button"
                  className="rd-link"
                  aria-label={`${t('common.remove')} ${f.name}`}
                  onClick={() => setFiles(files.filter((_, j) => j !== i))}
                >
                  ×
                </button>
              </li>
            ))}
          </ul>
        )}
        {files.length > 0 && (
          <button type="button" className="rd-btn rd-btn-primary" disabled={busy} aria-busy={busy} onClick={() => void upload()} data-testid="attachment-send">
            {busy && <span className="rd-spinner" aria-hidden="true" />}
            {t('portal.attachments.send', { count: files.length })}
          </button>
        )}
        {note && (
          <div className={note.ok ? 'rd-notice' : 'rd-field-error'} role={note.ok ? 'status' : 'alert'}>
            {note.text}
          </div>
        )}
      </div>
    </div>
  );
}
