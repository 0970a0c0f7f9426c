import { useRef, useState, type ChangeEvent, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { FileComplaintInput, FileComplaintResponse, FieldIssue } from '@redress/shared';
// The module, not the package index: the index would bring every shared zod schema into this page.
import { desiredResolutions } from '@redress/shared/src/complaints/taxonomy';
import { isTimeZone } from '@redress/shared/src/complaints/duePromise';
import { currentLanguage, i18n } from '../../i18n';
import { ApiError } from '../../lib/api';
import { portalApi } from './api';
import { FiledResult } from './components/FiledResult';
import { useCategories } from './useCategories';
import { usePageTitle } from '../shell/usePageTitle';
import './portal.css';

interface FormValues {
  name: string;
  email: string;
  phone: string;
  orderRef: string;
  amount: string;
  currency: string;
  category: string;
  description: string;
  desiredResolution?: FileComplaintInput['desiredResolution'];
}
type Errors = Partial<Record<string, string>>;

const currencies = ['EUR', 'USD', 'GBP', 'CNY', 'HKD', 'JPY', 'AUD', 'CAD', 'CHF', 'SGD'];
const blank = (s?: string) => (s && s.trim() ? s.trim() : undefined);
const initial = (): FormValues => ({
  name: '',
  email: '',
  phone: '',
  orderRef: '',
  amount: '',
  currency: currentLanguage() === 'zh' ? 'CNY' : 'EUR',
  category: '',
  description: '',
});

/** The browser's IANA zone: the customer's, so our due times can be written in it. */
function browserTimeZone(): string | undefined {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return zone && isTimeZone(zone) ? zone : undefined;
}

function toInput(v: FormValues): FileComplaintInput {
  const amount = v.amount.trim() === '' ? undefined : Number(v.amount);
  return {
    customer: { name: v.name, email: v.email.trim(), phone: blank(v.phone) },
    category: v.category,
    description: v.description,
    orderRef: blank(v.orderRef),
    amount,
    currency: amount === undefined ? undefined : v.currency,
    desiredResolution: v.desiredResolution,
    language: currentLanguage(),
    timeZone: browserTimeZone(),
  };
}

/** Schema messages are English; in Chinese a per-field text from portal.form.errors.<path> when there is one. */
function toErrors(issues: readonly { path: readonly PropertyKey[] | string; message: string }[]): Errors {
  const out: Errors = {};
  for (const issue of issues) {
    const path = typeof issue.path === 'string' ? issue.path : issue.path.map(String).join('.');
    const key = `portal.form.errors.${path}`;
    out[path] ??= i18n.language !== 'en' && i18n.exists(key) ? i18n.t(key) : issue.message;
  }
  return out;
}

let schema: Promise<typeof import('@redress/shared').fileComplaintSchema> | null = null;
const loadSchema = () => (schema ??= import('@redress/shared').then((m) => m.fileComplaintSchema));

function Field({
  id,
  label,
  error,
  hint,
  required,
  children,
}: {
  id: string;
  label: string;
  error?: string;
  hint?: string;
  required?: boolean;
  children: ReactNode;
}) {
  return (
    <div className={`rd-field${error ? ' rd-field-invalid' : ''}`}>
      <label htmlFor={id} className={required ? 'rd-required' : undefined}>
        {label}
      </label>
      {children}
      {error ? (
        <div className="rd-field-error" role="alert" id={`${id}-error`}>
          {error}
        </div>
      ) : (
        hint && <div className="rd-field-hint">{hint}</div>
      )}
    </div>
  );
}

/**
 * The public complaint form: no account, one minute, validated by the API's own schema. Plain React
 * and HTML controls, no antd: customers open it on a phone, and it must be usable within seconds on
 * a slow connection (client size budget, test/e2e/clientSize.e2e.test.ts). The schema (zod) loads
 * on the first press of Send: it is not needed to show the form.
 */
export function ComplaintFormPage() {
  const { t } = useTranslation();
  usePageTitle(t('portal.form.title'));
  const { categories, label, error: categoriesError } = useCategories();
  const [values, setValues] = useState<FormValues>(initial);
  const [errors, setErrors] = useState<Errors>({});
  const [submitting, setSubmitting] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [filed, setFiled] = useState<FileComplaintResponse | null>(null);
  const triedOnce = useRef(false);
  const inFlight = useRef(false);
  // One Idempotency-Key per submission attempt: a retry of the same content reuses it, so a lost
  // response never files the complaint twice; edited content is a new attempt with a new key.
  const attempt = useRef<{ key: string; payload: string } | null>(null);

  async function validate(v: FormValues) {
    const parsed = (await loadSchema()).safeParse(toInput(v));
    setErrors(parsed.success ? {} : toErrors(parsed.error.issues));
    return parsed;
  }

  function set<K extends keyof FormValues>(key: K, value: FormValues[K]) {
    const next = { ...values, [key]: value };
    setValues(next);
    if (triedOnce.current) void validate(next);
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    // A ref, not state: a double click fires twice before React re-renders the disabled button.
    if (inFlight.current) return;
    inFlight.current = true;
    triedOnce.current = true;
    setFailure(null);
    try {
      const parsed = await validate(values);
      if (!parsed.success) {
        document.querySelector<HTMLElement>('.rd-field-invalid input, .rd-field-invalid select, .rd-field-invalid textarea')?.focus();
        return;
      }
      const payload = JSON.stringify(parsed.data);
      if (attempt.current?.payload !== payload) attempt.current = { key: crypto.randomUUID(), payload };
      setSubmitting(true);
      setFiled(await portalApi.file(parsed.data, attempt.current.key));
    } catch (err) {
      if (err instanceof ApiError && err.fields.length > 0) setErrors(toErrors(err.fields.map((f: FieldIssue) => ({ path: f.path, message: f.message }))));
      if (err instanceof ApiError && err.id === 'rate_limited') setFailure(t('portal.form.rateLimited'));
      else if (err instanceof ApiError && err.retryable) setFailure(t('portal.form.retry'));
      else if (err instanceof ApiError && err.id !== 'validation_error') setFailure(err.message);
      else if (!(err instanceof ApiError)) setFailure(t('common.unexpected'));
    } finally {
      inFlight.current = false;
      setSubmitting(false);
    }
  }

  if (filed) {
    return (
      <FiledResult
        filed={filed}
        onAnother={() => {
          setValues(initial());
          setErrors({});
          attempt.current = null;
          triedOnce.current = false;
          setFiled(null);
        }}
      />
    );
  }

  const input = (key: 'name' | 'email' | 'phone' | 'orderRef', path: string) => ({
    id: `field-${key}`,
    value: values[key],
    onChange: (e: ChangeEvent<HTMLInputElement>) => set(key, e.target.value),
    'aria-invalid': errors[path] ? true : undefined,
    'aria-describedby': errors[path] ? `field-${key}-error` : undefined,
  });

  return (
    <div className="rd-card rd-form-card" data-testid="complaint-form-card">
      <h2 className="rd-title">{t('portal.form.title')}</h2>
      <p className="rd-secondary">{t('portal.form.intro')}</p>
      {categoriesError && <div className="rd-alert rd-alert-warning">{t('portal.form.categoriesFailed')}</div>}
      <form onSubmit={(e) => void submit(e)} data-testid="complaint-form" noValidate>
        <div className="rd-grid">
          <Field id="field-name" label={t('portal.form.name')} error={errors['customer.name']} required>
            <input {...input('name', 'customer.name')} autoComplete="name" maxLength={120} data-testid="field-name" />
          </Field>
          <Field id="field-email" label={t('portal.form.email')} error={errors['customer.email']} hint={t('portal.form.emailHint')} required>
            <input {...input('email', 'customer.email')} type="email" autoComplete="email" inputMode="email" data-testid="field-email" />
          </Field>
          <Field id="field-phone" label={t('portal.form.phone')} error={errors['customer.phone']}>
            <input {...input('phone', 'customer.phone')} type="tel" autoComplete="tel" inputMode="tel" data-testid="field-phone" />
          </Field>
          <Field id="field-orderRef" label={t('portal.form.orderRef')} error={errors.orderRef}>
            <input {...input('orderRef', 'orderRef')} maxLength={60} data-testid="field-order-ref" />
          </Field>
          <div className="rd-amount">
            <Field id="field-amount" label={t('portal.form.amount')} error={errors.amount} hint={t('portal.form.amountHint')}>
              <input
                id="field-amount"
                type="number"
                min={0}
                max={1_000_000}
                step={0.01}
                inputMode="decimal"
                value={values.amount}
                onChange={(e) => set('amount', e.target.value)}
                data-testid="field-amount"
              />
            </Field>
            <Field id="field-currency" label={t('portal.form.currency')} error={errors.currency}>
              <select id="field-currency" value={values.currency} onChange={(e) => set('currency', e.target.value)} data-testid="field-currency">
                {currencies.map((c) => (
                  <option key={c} value={c}>
                    {c}
                  </option>
                ))}
              </select>
            </Field>
          </div>
          <Field id="field-category" label={t('portal.form.category')} error={errors.category} required>
            <select
              id="field-category"
              value={values.category}
              onChange={(e) => set('category', e.target.value)}
              aria-invalid={errors.category ? true : undefined}
              data-testid="field-category"
              className={values.category ? undefined : 'rd-placeholder'}
            >
              <option value="" disabled>
                {t('portal.form.categoryPlaceholder')}
              </option>
              {categories.map((c) => (
                <option key={c.key} value={c.key}>
                  {label(c.key)}
                </option>
              ))}
            </select>
          </Field>
        </div>
        <Field id="field-description" label={t('portal.form.description')} error={errors.description} required>
          <textarea
            id="field-description"
            rows={5}
            maxLength={5000}
            placeholder={t('portal.form.descriptionPlaceholder')}
            value={values.description}
            onChange={(e) => set('description', e.target.value)}
            aria-invalid={errors.description ? true : undefined}
            data-testid="field-description"
          />
          <div className="rd-count">{values.description.length} / 5000</div>
        </Field>
        <fieldset className="rd-field rd-choices" data-testid="field-desired-resolution">
          <legend>{t('portal.form.desiredResolution')}</legend>
          {desiredResolutions.map((r) => (
            <label key={r} className={values.desiredResolution === r ? 'rd-choice rd-choice-on' : 'rd-choice'}>
              <input type="radio" name="desiredResolution" value={r} checked={values.desiredResolution === r} onChange={() => set('desiredResolution', r)} />
              {t(`portal.resolutions.${r}`)}
            </label>
          ))}
        </fieldset>
        {/* SLOT (attachments): files are uploaded right after filing, on the confirmation screen
            (they need the complaint's tracking token); see components/AttachmentUpload.tsx. */}
        <p className="rd-secondary rd-small">{t('portal.form.attachmentsLater')}</p>
        {failure && (
          <div className="rd-alert rd-alert-error" role="alert" data-testid="form-error">
            {failure}
          </div>
        )}
        <button
          type="submit"
          className="rd-btn rd-btn-primary rd-btn-block rd-btn-large"
          disabled={submitting}
          aria-busy={submitting}
          data-testid="submit-complaint"
        >
          {submitting && <span className="rd-spinner" aria-hidden="true" />}
          {t('portal.form.submit')}
        </button>
      </form>
    </div>
  );
}
