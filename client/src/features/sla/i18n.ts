import { i18n } from '../../i18n';

/** The SLA texts (keys "sla.*"), registered with i18next when this feature loads. */
const en = {
  state: { ok: 'On track', at_risk: 'At risk', breached: 'Breached', paused: 'Paused', met: 'Met', none: 'No SLA', running: 'On track' },
  badge: {
    left: '{{time}} left',
    over: '{{time}} over',
    paused: 'Clock paused',
    met: 'Target met',
    hint: 'Due {{date}}',
  },
  panel: {
    title: 'Service level',
    policy: 'Policy: {{policy}} · {{calendar}}',
    firstResponse: 'First response',
    resolution: 'Resolution',
    target: 'Target {{time}}',
    due: 'Due {{date}}',
    metAt: 'Met {{date}}',
    breachedAt: 'Breached {{date}}, {{by}} over',
    used: '{{business}} business · {{calendar}} elapsed',
    requesterWait: 'Customer waiting',
    onHold: 'On hold',
    none: 'No SLA applies to this complaint yet.',
    error: 'The SLA could not be loaded.',
  },
  alert: { at_risk: '{{reference}}: {{clock}} at risk', breached: '{{reference}}: {{clock}} breached' },
};

const zh: typeof en = {
  state: { ok: '正常', at_risk: '即将超时', breached: '已超时', paused: '已暂停', met: '已达成', none: '无时限', running: '正常' },
  badge: { left: '剩余 {{time}}', over: '超时 {{time}}', paused: '计时暂停', met: '已达成', hint: '截止 {{date}}' },
  panel: {
    title: '服务时限',
    policy: '策略：{{policy}} · {{calendar}}',
    firstResponse: '首次回复',
    resolution: '解决',
    target: '目标 {{time}}',
    due: '截止 {{date}}',
    metAt: '达成于 {{date}}',
    breachedAt: '超时于 {{date}}，超出 {{by}}',
    used: '工作时间 {{business}} · 自然时间 {{calendar}}',
    requesterWait: '客户等待',
    onHold: '等待客户',
    none: '此投诉暂无适用的时限策略。',
    error: '无法加载时限信息。',
  },
  alert: { at_risk: '{{reference}}：{{clock}}即将超时', breached: '{{reference}}：{{clock}}已超时' },
};

i18n.addResourceBundle('en', 'translation', { sla: en }, true, false);
i18n.addResourceBundle('zh', 'translation', { sla: zh }, true, false);

/** Imported for its side effect by every SLA component. */
export const slaTexts = true;
