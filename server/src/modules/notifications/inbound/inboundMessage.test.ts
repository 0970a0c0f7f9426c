import { guessCategory } from './emailCategory';
import { authenticationOf, parseInboundMail, referenceInAddress, referenceInSubject, stripQuotedReply } from './inboundMessage';

describe('stripQuotedReply', () => {
  it('keeps what the customer wrote above a Gmail attribution, even a wrapped one', () => {
    expect(stripQuotedReply('Thanks, that works.\n\nOn Mon, 2 Mar 2026 at 10:00, Redress <support@redress.local> wrote:\n> Dear Cleo')).toBe(
      'Thanks, that works.',
    );
    expect(stripQuotedReply('Yes.\nOn Mon, 2 Mar 2026 at 10:00, Redress Support\n<support@redress.local> wrote:\n> old')).toBe('Yes.');
  });

  it('drops ">" lines, Outlook header blocks, Chinese attributions and signatures', () => {
    expect(stripQuotedReply('> question?\nanswer\n> other?\nsecond answer')).toBe('answer\nsecond answer');
    expect(stripQuotedReply('New text\n\nFrom: Redress Support\nSent: Monday\nSubject: [C-2026-000001]\n\nold text')).toBe('New text');
    expect(stripQuotedReply('收到，谢谢。\n在 2026年3月2日 10:00，Redress 写道：\n> 旧内容')).toBe('收到，谢谢。');
    expect(stripQuotedReply('See photo.\n-- \nCleo, sent from my phone')).toBe('See photo.');
  });

  it('does not mistake a sentence starting with "On" for an attribution', () => {
    expect(stripQuotedReply('On Monday the courier came.\nHe left without the parcel.')).toBe('On Monday the courier came.\nHe left without the parcel.');
  });
});

describe('references', () => {
  it('finds a complaint reference in a subject and in a reply address on our domain only', () => {
    expect(referenceInSubject('Re: [c-2026-000123] We received your complaint')).toBe('C-2026-000123');
    expect(referenceInSubject('Order 2026-000123')).toBeNull();
    expect(referenceInAddress('reply+c-2026-000123@help.example', 'help.example')).toBe('C-2026-000123');
    expect(referenceInAddress('reply+c-2026-000123@other.example', 'help.example')).toBeNull();
    expect(referenceInAddress('support@help.example', 'help.example')).toBeNull();
  });
});

describe('guessCategory', () => {
  it('maps clear phrases and leaves everything else to "other"', () => {
    expect(guessCategory('Where is my refund?', '')).toBe('refund_not_received');
    expect(guessCategory('Order', 'You charged me twice for one order.')).toBe('billing_overcharge');
    expect(guessCategory('Parcel', 'It has not arrived yet, ordered two weeks ago.')).toBe('delivery_delay');
    expect(guessCategory('Hello', 'Can I change my address?')).toBe('other');
  });
});

describe('parseInboundMail', () => {
  it('reads ids, recipients and automation markers, and stands in for a missing Message-ID', async () => {
    const raw = Buffer.from(
      'From: Cleo <CLEO@Customer.example>\r\nTo: support@help.example\r\nSubject: Re: hi\r\nIn-Reply-To: <a@x>\r\nReferences: <root@x> <a@x>\r\nAuto-Submitted: auto-replied\r\n\r\nAway.\r\n',
    );
    const m = await parseInboundMail(raw, { mailFrom: 'cleo@customer.example', rcptTo: ['Reply+C-2026-000001@help.example'] });
    expect(m.from).toEqual({ address: 'cleo@customer.example', name: 'Cleo' });
    expect(m.inReplyTo).toEqual(['<a@x>', '<root@x>']);
    expect(m.recipients).toEqual(['reply+c-2026-000001@help.example', 'support@help.example']);
    expect(m.automated).toBe(true);
    expect(m.messageId).toMatch(/^<[a-f0-9]{40}@inbound\.invalid>$/);
    expect((await parseInboundMail(raw, { mailFrom: 'cleo@customer.example', rcptTo: [] })).messageId).toBe(m.messageId);
  });
});

describe('authenticationOf', () => {
  it('decides by DMARC when present, else by DKIM and SPF, and reads only trusted headers', () => {
    expect(authenticationOf(['mx.a; dkim=pass header.d=x; dmarc=fail header.from=x'])).toEqual({ verdict: 'fail', results: 'dkim=pass dmarc=fail' });
    expect(authenticationOf(['mx.a; spf=fail smtp.mailfrom=x; dkim=pass; dmarc=pass'])).toMatchObject({ verdict: 'pass' });
    expect(authenticationOf(['mx.a; spf=softfail smtp.mailfrom=x'])).toMatchObject({ verdict: 'fail' });
    expect(authenticationOf(['mx.a; spf=fail; dkim=pass'])).toMatchObject({ verdict: 'pass' });
    expect(authenticationOf(['mx.a; spf=none; dkim=none'])).toMatchObject({ verdict: 'none' });
    expect(authenticationOf(['mx.a 1; none'])).toEqual({ verdict: 'none', results: '' });
    expect(authenticationOf([])).toEqual({ verdict: 'none', results: '' });
    // Comments are not results; only the topmost header without an authserv-id, only ours with one.
    expect(authenticationOf(['mx.a; dkim=pass (dmarc=fail would be bad)'])).toMatchObject({ verdict: 'pass' });
    expect(authenticationOf(['mx.a; dkim=pass', 'evil; dmarc=fail'])).toMatchObject({ verdict: 'pass' });
    expect(authenticationOf(['evil; dmarc=pass', 'MX.A; dmarc=fail'], 'mx.a')).toMatchObject({ verdict: 'fail' });
    expect(authenticationOf(['evil; dmarc=fail'], 'mx.a')).toMatchObject({ verdict: 'none' });
  });

  it('is read from a parsed message', async () => {
    const raw = Buffer.from(
      'Authentication-Results: mx.a;\r\n\tdkim=fail header.d=x;\r\n\tdmarc=fail\r\nAuthentication-Results: relay; dmarc=pass\r\nFrom: a@x.example\r\nSubject: s\r\n\r\nbody\r\n',
    );
    expect((await parseInboundMail(raw, { mailFrom: 'a@x.example', rcptTo: [] })).authentication).toEqual({ verdict: 'fail', results: 'dkim=fail dmarc=fail' });
  });
});
