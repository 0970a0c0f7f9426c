import { i18n } from '../../i18n';

/**
 * The routing texts (keys "routing.*"), registered with i18next when this feature loads, so the
 * shared en.json/zh.json need no edits from this feature.
 */
const en = {
  actions: {
    claim: 'Take it',
    claimed: 'It is yours now',
    handBack: 'Hand back',
    handBackTitle: 'Hand back {{reference}}',
    handBackHint: 'Routing offers it to another agent and never back to you. Say why, for the next person.',
    handedBack: 'Handed back',
    reassign: 'Reassign',
    reassignTitle: 'Reassign {{reference}}',
    agent: 'Agent',
    reassigned: 'Reassigned to {{name}}',
    escalate: 'Escalate',
    escalateTitle: 'Escalate {{reference}} to the senior team',
    escalated: 'Escalated to the senior team',
    reason: 'Reason',
    reasonPlaceholder: 'e.g. needs a Mandarin speaker; customer asks for a manager',
    submit: 'Confirm',
    load: '{{open}}/{{capacity}} open',
  },
  availability: {
    label: 'Availability',
    online: 'Online',
    away: 'Away',
    offline: 'Offline',
    changed: 'You are now {{state}}',
  },
  canned: { pick: 'Insert a canned reply…' },
  queued: 'Waiting in the queue',
};

const zh: typeof en = {
  actions: {
    claim: '接手',
    claimed: '已由您负责',
    handBack: '退回',
    handBackTitle: '退回 {{reference}}',
    handBackHint: '系统会把它分给其他客服，不会再分给您。请写明原因，方便下一位同事。',
    handedBack: '已退回',
    reassign: '改派',
    reassignTitle: '改派 {{reference}}',
    agent: '客服',
    reassigned: '已改派给 {{name}}',
    escalate: '升级',
    escalateTitle: '将 {{reference}} 升级到高级团队',
    escalated: '已升级到高级团队',
    reason: '原因',
    reasonPlaceholder: '例如：需要会中文的同事；客户要求主管处理',
    submit: '确认',
    load: '{{open}}/{{capacity}} 处理中',
  },
  availability: {
    label: '在线状态',
    online: '在线',
    away: '离开',
    offline: '离线',
    changed: '您现在的状态：{{state}}',
  },
  canned: { pick: '插入常用回复…' },
  queued: '排队等待中',
};

i18n.addResourceBundle('en', 'translation', { routing: en }, true, false);
i18n.addResourceBundle('zh', 'translation', { routing: zh }, true, false);
