/**
 * Canned replies for agents: apology first, then what happens next (domain brief, "Service
 * recovery"). Placeholders in double braces are filled from the complaint and the agent; the
 * agent fills what is left (shown as `[name]`) before the reply can be sent.
 */
export interface CannedReply {
  key: string;
  title: { en: string; zh: string };
  body: { en: string; zh: string };
}

export const cannedReplies: CannedReply[] = [
  {
    key: 'apology_first',
    title: { en: 'Apology and next step', zh: '致歉并说明下一步' },
    body: {
      en: 'Dear {{customer.name}},\n\nI am truly sorry about this. You should not have had to deal with it, and I have taken your complaint {{reference}} personally. I will come back to you by {{dueDate}} with a solution.\n\nKind regards,\n{{agent.name}}',
      zh: '{{customer.name}}，您好：\n\n非常抱歉给您带来这样的困扰，这本不该发生。您的投诉 {{reference}} 由我亲自跟进，我会在 {{dueDate}} 之前给您答复和解决方案。\n\n此致\n{{agent.name}}',
    },
  },
  {
    key: 'need_details',
    title: { en: 'Apology and a question', zh: '致歉并询问细节' },
    body: {
      en: 'Dear {{customer.name}},\n\nI am sorry for the trouble with your order {{orderRef}}. So that I can put it right quickly, could you tell me {{question}}?\n\nThank you,\n{{agent.name}}',
      zh: '{{customer.name}}，您好：\n\n对于订单 {{orderRef}} 给您带来的不便，我深表歉意。为了尽快为您解决，能否告诉我{{question}}？\n\n谢谢！\n{{agent.name}}',
    },
  },
  {
    key: 'resolved_with_remedy',
    title: { en: 'Resolved, with what we did', zh: '已解决并说明补偿' },
    body: {
      en: 'Dear {{customer.name}},\n\nThank you for your patience. We have {{remedy}}. I am sorry again for the inconvenience; if anything is still not right, just reply to this message and I will pick it up.\n\nKind regards,\n{{agent.name}}',
      zh: '{{customer.name}}，您好：\n\n感谢您的耐心等待。我们已经{{remedy}}。再次为给您带来的不便致歉；如仍有任何问题，直接回复本邮件，我会继续跟进。\n\n此致\n{{agent.name}}',
    },
  },
];

export type PlaceholderValues = Record<string, string | null | undefined>;

const TEMPLATE_KEY = /\{\{\s*([\w.]+)\s*\}\}/g;

/** Every placeholder name the canned replies use (customer.name, dueDate, question, ...). */
export const placeholderNames: readonly string[] = [
  ...new Set(cannedReplies.flatMap((r) => [...`${r.body.en}\n${r.body.zh}`.matchAll(TEMPLATE_KEY)].map((m) => m[1]!))),
];

/** One placeholder still in a reply: its name, and where it sits (`[start, end)` in the text). */
export interface UnfilledPlaceholder {
  name: string;
  text: string;
  start: number;
  end: number;
}

/**
 * The placeholders a reply still contains: a template's `{{name}}`, or `[name]` as
 * fillPlaceholders leaves an unfilled one (only for the names canned replies use, so an ordinary
 * "[1]" or "[sic]" in a reply is not mistaken for one). The console highlights them and refuses to
 * send; the API refuses a public reply containing one (staffMessageSchema).
 */
export function findUnfilledPlaceholders(text: string): UnfilledPlaceholder[] {
  const out: UnfilledPlaceholder[] = [];
  for (const m of text.matchAll(/\{\{\s*([^{}\s]{1,60})\s*\}\}|\[\s*([\w.]{1,60})\s*\]/g)) {
    const name = m[1] ?? m[2]!;
    if (m[2] !== undefined && !placeholderNames.includes(name)) continue;
    out.push({ name, text: m[0], start: m.index, end: m.index + m[0].length });
  }
  return out;
}

/**
 * Fill `{{name}}` placeholders; unknown or empty ones stay visible as `[name]` so the agent sees
 * what is left to write before sending.
 */
export function fillPlaceholders(template: string, values: PlaceholderValues): string {
  return template.replace(TEMPLATE_KEY, (_m, key: string) => {
    const v = values[key];
    return v === undefined || v === null || v === '' ? `[${key}]` : v;
  });
}
