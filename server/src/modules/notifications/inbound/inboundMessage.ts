import { createHash } from 'node:crypto';
import { simpleParser, type AddressObject, type HeaderValue, type ParsedMail } from 'mailparser';

/** A file that came with an email (not yet content-checked). */
export interface InboundAttachment {
  filename: string;
  content: Buffer;
}

/** An inbound email reduced to what intake needs; built by parseInboundMail. */
export interface InboundMessage {
  /** The sender's Message-ID, with angle brackets; synthesised from the content when missing. */
  messageId: string;
  from: { address: string; name: string } | null;
  /** SMTP envelope recipients and To/Cc addresses, lower-cased, without duplicates. */
  recipients: string[];
  subject: string;
  /** The plain-text body (mailparser derives it from HTML when there is no text part). */
  text: string;
  /** Message-IDs this one answers: In-Reply-To first, then References newest first. */
  inReplyTo: string[];
  /** Auto-replies and bounces: never opened as complaints (they would loop with our confirmations). */
  automated: boolean;
  attachments: InboundAttachment[];
  /** What the receiving MTA's Authentication-Results header says of the sender (see authenticationOf). */
  authentication: SenderAuthentication;
}

/**
 * The sender checks of the receiving MTA (RFC 8601 Authentication-Results): `fail` when they show
 * the From address is not the sender's (DMARC failed; without a DMARC result: DKIM or SPF failed
 * and neither passed), `pass` when they show it is, `none` without a usable header.
 */
export interface SenderAuthentication {
  verdict: 'pass' | 'fail' | 'none';
  /** The results it was read from, e.g. "dkim=fail spf=softfail dmarc=fail" ('' for none). */
  results: string;
}

export interface SmtpEnvelope {
  /** MAIL FROM, '' for a bounce (null sender). */
  mailFrom: string;
  rcptTo: string[];
}

const MAX_ID_LENGTH = 250;

function messageIds(value: string | string[] | undefined): string[] {
  const joined = Array.isArray(value) ? value.join(' ') : (value ?? '');
  return [...joined.matchAll(/<[^<>\s]{1,248}>/g)].map((m) => m[0]);
}

function addresses(a: AddressObject | AddressObject[] | undefined): string[] {
  const list = Array.isArray(a) ? a : a ? [a] : [];
  return list.flatMap((x) => x.value.map((v) => (v.address ?? '').toLowerCase())).filter(Boolean);
}

function headerText(value: HeaderValue | undefined): string {
  if (typeof value === 'string') return value.toLowerCase();
  if (value && typeof value === 'object' && 'value' in value && typeof value.value === 'string') return value.value.toLowerCase();
  return '';
}

/** RFC 3834 Auto-Submitted, the older Precedence/X-Autoreply conventions, and delivery reports. */
function isAutomated(parsed: ParsedMail, envelope: SmtpEnvelope): boolean {
  const h = parsed.headers;
  const autoSubmitted = headerText(h.get('auto-submitted'));
  if (autoSubmitted && autoSubmitted !== 'no') return true;
  // Not "list": a support address that is a group (Google Groups) forwards customers' mail that way.
  if (['bulk', 'junk', 'auto_reply'].includes(headerText(h.get('precedence')))) return true;
  if (h.has('x-autoreply') || h.has('x-autorespond')) return true;
  if (headerText(h.get('content-type')) === 'multipart/report') return true;
  return envelope.mailFrom === '';
}

const failing = new Set(['fail', 'softfail', 'permerror']);

/** The authserv-id of an Authentication-Results value (before the first ';', without a version). */
function authservIdOf(value: string): string {
  return (value.split(';')[0] ?? '').trim().split(/\s+/)[0]!.toLowerCase();
}

/**
 * The verdict of the Authentication-Results headers we trust: those of `authservId` (our MTA's
 * name, INBOUND_AUTHSERV_ID) when given, else only the topmost one (the last hop, the MTA that
 * handed the message to us, prepends its own). A header a sender wrote can only make their message
 * look checked, never make anyone else's fail, and `pass` is treated like `none` by intake.
 */
export function authenticationOf(headerValues: string[], authservId?: string): SenderAuthentication {
  const trusted = authservId ? headerValues.filter((v) => authservIdOf(v) === authservId.toLowerCase()) : headerValues.slice(0, 1);
  const results = new Map<string, string[]>();
  for (const value of trusted) {
    const body = value
      .replace(/\([^()]*\)/g, ' ')
      .split(';')
      .slice(1)
      .join(';');
    for (const m of body.matchAll(/\b(dkim|spf|dmarc)\s*=\s*([a-z]+)/gi)) {
      const method = m[1]!.toLowerCase();
      results.set(method, [...(results.get(method) ?? []), m[2]!.toLowerCase()]);
    }
  }
  const text = [...results].flatMap(([method, rs]) => rs.map((r) => `${method}=${r}`)).join(' ');
  const passed = (method: string) => (results.get(method) ?? []).includes('pass');
  const failed = (method: string) => (results.get(method) ?? []).some((r) => failing.has(r));
  if (results.has('dmarc') && (passed('dmarc') || failed('dmarc'))) return { verdict: passed('dmarc') ? 'pass' : 'fail', results: text };
  if (passed('dkim') || passed('spf')) return { verdict: 'pass', results: text };
  if (failed('dkim') || failed('spf')) return { verdict: 'fail', results: text };
  return { verdict: 'none', results: text };
}

/** A stable stand-in for a missing Message-ID, so a re-delivery is still recognised. */
function syntheticMessageId(raw: Buffer): string {
  return `<${createHash('sha256').update(raw).digest('hex').slice(0, 40)}@inbound.invalid>`;
}

/** Parse a raw RFC 5322 message. Throws on input mailparser cannot read at all. */
export async function parseInboundMail(raw: Buffer, envelope: SmtpEnvelope, authservId?: string): Promise<InboundMessage> {
  const parsed = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true, maxHtmlLengthToParse: 2_000_000 });
  const ownId = messageIds(parsed.messageId)[0];
  const from = parsed.from?.value.find((v) => v.address);
  const refs = messageIds(parsed.references).reverse();
  return {
    messageId: ownId && ownId.length <= MAX_ID_LENGTH ? ownId : syntheticMessageId(raw),
    from: from?.address ? { address: from.address.toLowerCase(), name: (from.name ?? '').trim() } : null,
    recipients: [...new Set([...envelope.rcptTo.map((r) => r.toLowerCase()), ...addresses(parsed.to), ...addresses(parsed.cc)])],
    subject: (parsed.subject ?? '').replace(/\s+/g, ' ').trim(),
    text: (parsed.text ?? '').replace(/\r\n?/g, '\n'),
    inReplyTo: [...new Set([...messageIds(parsed.inReplyTo), ...refs])],
    automated: isAutomated(parsed, envelope),
    attachments: parsed.attachments.map((a) => ({ filename: a.filename ?? '', content: a.content })),
    authentication: authenticationOf(
      parsed.headerLines.filter((h) => h.key === 'authentication-results').map((h) => h.line.slice(h.line.indexOf(':') + 1).replace(/\r?\n[ \t]+/g, ' ')),
      authservId,
    ),
  };
}

/** Complaint references as the product writes them: C-2026-000123. */
const referencePattern = /\bC-\d{4}-\d{6,9}\b/i;

/** The complaint reference in a subject such as "Re: [C-2026-000123] We received your complaint". */
export function referenceInSubject(subject: string): string | null {
  return subject.match(referencePattern)?.[0].toUpperCase() ?? null;
}

/** The reference in a reply address on our domain: reply+C-2026-000123@<domain>. */
export function referenceInAddress(address: string, domain: string): string | null {
  const [local = '', host = ''] = address.toLowerCase().split('@');
  if (host !== domain.toLowerCase()) return null;
  const tag = local.split('+')[1] ?? '';
  return /^c-\d{4}-\d{6,9}$/.test(tag) ? tag.toUpperCase() : null;
}

/** True when a line opens the quoted earlier message ("On ... wrote:", Outlook's header block). */
function opensQuote(lines: string[], i: number): boolean {
  const t = lines[i]!.trim();
  if (/^-{2,}\s*(original message|forwarded message)/i.test(t) || /^_{10,}$/.test(t)) return true;
  if (/^在.{0,200}写道[:：]$/.test(t)) return true;
  if (/^(On|Am|Le|El)\s/.test(t)) {
    // Gmail and Apple Mail wrap a long attribution over up to three lines.
    for (let k = i; k < Math.min(lines.length, i + 3); k++) {
      if (/(wrote|schrieb|a écrit|escribió)\s*:$/i.test(lines[k]!.trim())) return true;
    }
  }
  return /^From:\s/i.test(t) && lines.slice(i + 1, i + 5).some((l) => /^(Sent|Date):\s/i.test(l.trim()));
}

/**
 * The new part of a reply: everything above the quoted earlier message or the signature ("-- "),
 * without ">" quoted lines (which also drops quotes the customer answered inline).
 */
export function stripQuotedReply(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const kept: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (opensQuote(lines, i) || line === '-- ' || line === '--') break;
    if (line.trimStart().startsWith('>')) continue;
    kept.push(line.trimEnd());
  }
  return kept
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
