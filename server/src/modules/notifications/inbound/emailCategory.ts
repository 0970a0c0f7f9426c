/**
 * A first guess at an emailed complaint's category from unambiguous phrases in its subject and
 * opening lines; anything unclear stays 'other' for an agent to recategorise. Order matters: the
 * more specific kinds come first ("arrived broken" is transit damage, not a product defect).
 */
const rules: ReadonlyArray<readonly [string, RegExp]> = [
  [
    'damaged_in_transit',
    /\b(arrived|came|delivered)\s+(damaged|broken|crushed|smashed)\b|\bdamaged\s+(in|during)\s+(transit|shipping|delivery)\b|运输.{0,4}损坏/i,
  ],
  [
    'wrong_or_missing_item',
    /\bwrong\s+(item|product|size|colou?r)\b|\bmissing\s+(item|part|product)s?\b|\bitems?\s+(is\s+|was\s+|are\s+)?missing\b|错发|漏发/i,
  ],
  ['refund_not_received', /\b(no|not|never|still|yet|where('s| is))\b[^.\n]{0,40}\brefund|\brefund\b[^.\n]{0,40}\b(not|never|yet)\b|未收到退款|退款.{0,6}没/i],
  ['billing_overcharge', /\b(overcharged?|charged\s+(me\s+)?twice|double[- ]charged|wrong\s+(amount|price)|billing\s+error)\b|多收费|重复扣款/i],
  [
    'delivery_delay',
    /\b(delayed|late\s+(delivery|order|parcel|package)|not\s+(yet\s+)?(arrived|delivered)|never\s+arrived|has\s*n[o']?t\s+arrived)\b|还没到|未送达|延误/i,
  ],
  ['product_defect', /\b(defective|faulty|stopped\s+working|does\s*n[o']?t\s+work|broke\s+after)\b|质量问题|坏了/i],
  ['staff_behaviour', /\b(rude|impolite|unfriendly|disrespectful)\b|态度/i],
  ['service_outage', /\b(outage|site\s+is\s+down|can('|no)?t\s+log\s*in)\b|服务中断|无法登录/i],
];

/** The category key suggested by the text, or 'other'. */
export function guessCategory(subject: string, body: string): string {
  const text = `${subject}\n${body.slice(0, 2000)}`;
  return rules.find(([, rx]) => rx.test(text))?.[0] ?? 'other';
}
