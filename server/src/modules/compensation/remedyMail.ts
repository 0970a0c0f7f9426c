import type { RemedyFields } from './compensation.models';

/** Customer-facing texts for an issued remedy, apology first, in the complaint's language. */
interface Rendered {
  subject: string;
  text: string;
}

const fmt = (n: number): string => (Number.isInteger(n) ? String(n) : n.toFixed(2));
const day = (d: Date): string => d.toISOString().slice(0, 10);

type IssuedRemedy = Pick<RemedyFields, 'type' | 'amount' | 'currency' | 'voucherCode' | 'voucherExpiresAt'> & Partial<Pick<RemedyFields, 'fulfilment'>>;

const moneyOf = (r: Pick<RemedyFields, 'amount' | 'currency'>): string => `${fmt(r.amount)}${r.currency ? ` ${r.currency}` : ''}`;

/** Issued but not yet carried out: say what we asked for, not that it is done. */
function askedEn(r: IssuedRemedy): string {
  const money = moneyOf(r);
  switch (r.type) {
    case 'refund':
      return `We have asked our payments team to refund ${money} to your original payment method. We will write to you again as soon as the refund has been made.`;
    case 'replacement':
      return 'We have asked our shop to send you a replacement at no cost. We will write to you again once it has been sent.';
    case 'repair':
      return 'We have asked our service team to repair the item for you at no cost; they will contact you to arrange it.';
    case 'points':
      return `We have asked for ${fmt(r.amount)} loyalty points to be added to your account. We will let you know once they are there.`;
    case 'surprise_gift':
      return 'We have asked our shop to send you a small surprise, with our thanks for your patience.';
    default:
      return '';
  }
}

function askedZh(r: IssuedRemedy): string {
  const money = moneyOf(r);
  switch (r.type) {
    case 'refund':
      return `我们已请支付团队将 ${money} 退回您的原支付方式。退款完成后我们会再通知您。`;
    case 'replacement':
      return '我们已请商店为您免费寄送替换商品，发出后我们会再通知您。';
    case 'repair':
      return '我们已请服务团队为您免费维修，他们会与您联系安排。';
    case 'points':
      return `我们已申请为您的账户增加 ${fmt(r.amount)} 积分，到账后会通知您。`;
    case 'surprise_gift':
      return '我们已请商店为您寄送一份小惊喜，感谢您的耐心。';
    default:
      return '';
  }
}

function offerEn(r: IssuedRemedy): string {
  if (r.fulfilment) return askedEn(r);
  const money = `${fmt(r.amount)}${r.currency ? ` ${r.currency}` : ''}`;
  switch (r.type) {
    case 'apology':
      return '';
    case 'voucher':
      return `As a gesture of goodwill we have issued you a voucher worth ${money}.\n\nVoucher code: ${r.voucherCode}\nValid until: ${r.voucherExpiresAt ? day(r.voucherExpiresAt) : '-'}\n\nEnter the code at checkout on your next order.`;
    case 'refund':
      return `We have issued a refund of ${money} to your original payment method. It can take a few days to appear.`;
    case 'replacement':
      return 'We are sending you a replacement at no cost. You will get the shipping details separately.';
    case 'repair':
      return 'We will repair the item for you at no cost; we will contact you to arrange it.';
    case 'points':
      return `We have added ${fmt(r.amount)} loyalty points to your account.`;
    case 'surprise_gift':
      return 'We have also put a small surprise on its way to you, with our thanks for your patience.';
    default:
      return '';
  }
}

function offerZh(r: IssuedRemedy): string {
  if (r.fulfilment) return askedZh(r);
  const money = `${fmt(r.amount)}${r.currency ? ` ${r.currency}` : ''}`;
  switch (r.type) {
    case 'voucher':
      return `为表歉意，我们为您发放了价值 ${money} 的代金券。\n\n代金券码：${r.voucherCode}\n有效期至：${r.voucherExpiresAt ? day(r.voucherExpiresAt) : '-'}\n\n下次下单结账时输入即可使用。`;
    case 'refund':
      return `我们已将 ${money} 退回您的原支付方式，到账可能需要几天时间。`;
    case 'replacement':
      return '我们将免费为您寄送替换商品，物流信息将另行通知。';
    case 'repair':
      return '我们将免费为您维修，稍后会与您联系安排。';
    case 'points':
      return `我们已为您的账户增加 ${fmt(r.amount)} 积分。`;
    case 'surprise_gift':
      return '我们还为您准备了一份小惊喜，感谢您的耐心。';
    default:
      return '';
  }
}

/**
 * The email telling the customer what they have been given: one apology, then every remedy issued
 * with it (remedies issued together share one email; an apology alone is the whole message).
 */
export function remedyMail(p: { remedies: IssuedRemedy[]; reference: string; name: string; trackingUrl: string; language: string }): Rendered {
  const onlyApology = p.remedies.every((r) => r.type === 'apology');
  if (p.language === 'zh') {
    const offers = p.remedies.map(offerZh).filter(Boolean);
    return {
      subject: `[${p.reference}] ${onlyApology ? '我们向您致歉' : '我们为您准备的补偿'}`,
      text: `${p.name}，您好：\n\n对于这次给您带来的不便，我们深表歉意。${offers.map((o) => `\n\n${o}`).join('')}\n\n您可以随时在此查看投诉进度：\n${p.trackingUrl}\n\nRedress 客服团队`,
    };
  }
  const offers = p.remedies.map(offerEn).filter(Boolean);
  return {
    subject: `[${p.reference}] ${onlyApology ? 'Our apology' : 'Putting things right'}`,
    text: `Dear ${p.name},\n\nWe are sorry for what went wrong and for the trouble it caused you.${offers.map((o) => `\n\n${o}`).join('')}\n\nYou can follow your complaint here:\n${p.trackingUrl}\n\nThe Redress support team`,
  };
}

function doneEn(r: IssuedRemedy, reference: string | null): string {
  const money = moneyOf(r);
  const ref = reference ? ` (reference ${reference})` : '';
  switch (r.type) {
    case 'refund':
      return `We have refunded ${money} to your original payment method${ref}. It can take a few days to appear on your statement.`;
    case 'replacement':
      return `Your replacement has been sent${ref}.`;
    case 'repair':
      return `Your repair has been carried out${ref}.`;
    case 'points':
      return `We have added ${fmt(r.amount)} loyalty points to your account.`;
    case 'surprise_gift':
      return `Your surprise gift is on its way${ref}.`;
    default:
      return '';
  }
}

function doneZh(r: IssuedRemedy, reference: string | null): string {
  const money = moneyOf(r);
  const ref = reference ? `（参考号 ${reference}）` : '';
  switch (r.type) {
    case 'refund':
      return `我们已将 ${money} 退回您的原支付方式${ref}，到账可能需要几天时间。`;
    case 'replacement':
      return `替换商品已寄出${ref}。`;
    case 'repair':
      return `维修已完成${ref}。`;
    case 'points':
      return `我们已为您的账户增加 ${fmt(r.amount)} 积分。`;
    case 'surprise_gift':
      return `您的小惊喜已在路上${ref}。`;
    default:
      return '';
  }
}

const kindEn: Record<string, string> = { refund: 'refund', replacement: 'replacement', repair: 'repair', points: 'loyalty points', surprise_gift: 'gift' };
const kindZh: Record<string, string> = { refund: '退款', replacement: '替换商品', repair: '维修', points: '积分', surprise_gift: '礼物' };

/**
 * The email after the shop or payment system reported back: done ("We have refunded 89.90 EUR"),
 * or it failed and a person will be in touch.
 */
export function fulfilmentMail(p: {
  remedy: IssuedRemedy;
  outcome: 'fulfilled' | 'failed';
  reference: string | null;
  complaintReference: string;
  name: string;
  trackingUrl: string;
  language: string;
}): Rendered {
  const r = p.remedy;
  if (p.language === 'zh') {
    const body =
      p.outcome === 'fulfilled'
        ? doneZh(r, p.reference)
        : `很抱歉，我们未能完成为您安排的${kindZh[r.type] ?? ''}${r.type === 'refund' ? `（${moneyOf(r)}）` : ''}。我们的团队会尽快与您联系解决。`;
    return {
      subject: `[${p.complaintReference}] ${p.outcome === 'fulfilled' ? '已为您完成补偿' : '您的补偿尚未完成'}`,
      text: `${p.name}，您好：\n\n${body}\n\n您可以随时在此查看投诉进度：\n${p.trackingUrl}\n\nRedress 客服团队`,
    };
  }
  const body =
    p.outcome === 'fulfilled'
      ? doneEn(r, p.reference)
      : `We are sorry: the ${kindEn[r.type] ?? 'remedy'}${r.type === 'refund' ? ` of ${moneyOf(r)}` : ''} we promised you could not be completed. Our team will contact you shortly to put it right.`;
  return {
    subject: `[${p.complaintReference}] ${p.outcome === 'fulfilled' ? (r.type === 'refund' ? 'Your refund has been made' : 'Done: your remedy') : 'Your remedy could not be completed yet'}`,
    text: `Dear ${p.name},\n\n${body}\n\nYou can follow your complaint here:\n${p.trackingUrl}\n\nThe Redress support team`,
  };
}
