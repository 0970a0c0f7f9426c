import { formatDueTime, type CustomerPromise } from '@redress/shared';

/** Customer-facing email texts, apology first, in the complaint's language. */
interface Rendered {
  subject: string;
  text: string;
}

const t = {
  en: {
    confirmSubject: (ref: string) => `[${ref}] We received your complaint`,
    promise: {
      first_response: (when: string) => `A person from our team will answer you by ${when}.`,
      resolution: (when: string) => `We aim to resolve it by ${when}.`,
    },
    confirmBody: (name: string, ref: string, url: string, promise: string) =>
      `Dear ${name},\n\nWe are sorry that something went wrong. Your complaint has reached our team under reference ${ref}, and a person will look at it shortly.${promise ? ` ${promise}` : ''}\n\nFollow it, reply, or add photos here:\n${url}\n\nYou can also reply to this email; keep ${ref} in the subject.\n\nThe Redress support team`,
    replySubject: (ref: string) => `[${ref}] Reply from our support team`,
    resolvedSubject: (ref: string) => `[${ref}] Your complaint is resolved`,
    resolvedBody: (name: string, ref: string, url: string) =>
      `Dear ${name},\n\nWe have resolved your complaint ${ref}. Thank you for telling us: it helps us put things right.\n\nHow did we do? Rate the outcome (1 to 5) here:\n${url}\n\nIf anything is still wrong, reply to this email and we will reopen it.\n\nThe Redress support team`,
  },
  zh: {
    confirmSubject: (ref: string) => `[${ref}] 我们已收到您的投诉`,
    promise: {
      first_response: (when: string) => `我们的工作人员将在 ${when} 之前答复您。`,
      resolution: (when: string) => `我们力争在 ${when} 之前解决。`,
    },
    confirmBody: (name: string, ref: string, url: string, promise: string) =>
      `${name}，您好：\n\n非常抱歉给您带来不便。您的投诉已提交给我们的团队，编号 ${ref}，我们会尽快处理。${promise}\n\n您可以在此查看进度、回复或补充照片：\n${url}\n\n您也可以直接回复本邮件，请在主题中保留 ${ref}。\n\nRedress 客服团队`,
    replySubject: (ref: string) => `[${ref}] 客服团队的回复`,
    resolvedSubject: (ref: string) => `[${ref}] 您的投诉已解决`,
    resolvedBody: (name: string, ref: string, url: string) =>
      `${name}，您好：\n\n您的投诉 ${ref} 已处理完毕。感谢您告诉我们，这帮助我们改进。\n\n请在此为处理结果评分（1–5）：\n${url}\n\n如仍有问题，请直接回复本邮件，我们会重新处理。\n\nRedress 客服团队`,
  },
};

function lang(language: string): 'en' | 'zh' {
  return language === 'zh' ? 'zh' : 'en';
}

/** The promise of the SLA clock as one sentence, in the customer's language and zone ('' when there is none). */
export function promiseSentence(promise: CustomerPromise, language: string, timeZone: string): string {
  if (promise.kind !== 'first_response' && promise.kind !== 'resolution') return '';
  return t[lang(language)].promise[promise.kind](formatDueTime(promise.dueAt, lang(language), timeZone));
}

export function confirmationMail(p: {
  reference: string;
  name: string;
  trackingUrl: string;
  language: string;
  promise: CustomerPromise;
  timeZone: string;
}): Rendered {
  const l = t[lang(p.language)];
  return {
    subject: l.confirmSubject(p.reference),
    text: l.confirmBody(p.name, p.reference, p.trackingUrl, promiseSentence(p.promise, p.language, p.timeZone)),
  };
}

export function replyMail(p: { reference: string; body: string; trackingUrl: string; language: string }): Rendered {
  const l = t[lang(p.language)];
  return { subject: l.replySubject(p.reference), text: `${p.body}\n\n—\n${p.trackingUrl}` };
}

export function resolvedMail(p: { reference: string; name: string; trackingUrl: string; language: string }): Rendered {
  const l = t[lang(p.language)];
  return { subject: l.resolvedSubject(p.reference), text: l.resolvedBody(p.name, p.reference, p.trackingUrl) };
}
