import type { RemedyFields } from './compensation.models';

/** Customer-facing texts for an issued remedy, apology first, in the complaint's language. */
interface Rendered {
  subject: string;
  text: string;
}

const fmt = (n: number): string => (Number.isInteger(n) ? String(n) : n.toFixed(2));
const day = (d: Date): string => d.toISOString().slice(0, 10);

type IssuedRemedy = Pick<RemedyFields, 'type' | 'amount' | 'currency' | 'voucherCode' | 'voucherExpiresAt'>;

function offerEn(r: IssuedRemedy): string {
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
