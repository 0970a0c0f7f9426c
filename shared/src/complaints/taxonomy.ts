/**
 * The complaint taxonomy from the domain brief: every complaint carries a root cause
 * (customer orientation) and a kind of dissatisfaction, both derived from its category.
 */
export const rootCauses = ['value', 'system', 'people'] as const;
export type RootCause = (typeof rootCauses)[number];

export const dissatisfactionKinds = ['outcome', 'process'] as const;
export type DissatisfactionKind = (typeof dissatisfactionKinds)[number];

export const severities = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof severities)[number];

export const desiredResolutions = ['refund', 'replacement', 'repair', 'apology', 'other'] as const;
export type DesiredResolution = (typeof desiredResolutions)[number];

export const channels = ['web', 'email', 'api', 'outreach'] as const;
export type Channel = (typeof channels)[number];

/** A complaint category as configured by the business (stored in the database). */
export interface Category {
  key: string;
  label: { en: string; zh: string };
  rootCause: RootCause;
  kind: DissatisfactionKind;
  defaultSeverity: Severity;
  active: boolean;
}

/** Categories shipped on first start; admins may change them afterwards. */
export const defaultCategories: Category[] = [
  { key: 'product_defect', label: { en: 'Product defect', zh: '产品缺陷' }, rootCause: 'value', kind: 'outcome', defaultSeverity: 'high', active: true },
  {
    key: 'wrong_or_missing_item',
    label: { en: 'Wrong or missing item', zh: '错发或漏发' },
    rootCause: 'system',
    kind: 'outcome',
    defaultSeverity: 'high',
    active: true,
  },
  { key: 'delivery_delay', label: { en: 'Delivery delay', zh: '配送延误' }, rootCause: 'system', kind: 'outcome', defaultSeverity: 'medium', active: true },
  {
    key: 'damaged_in_transit',
    label: { en: 'Damaged in transit', zh: '运输损坏' },
    rootCause: 'system',
    kind: 'outcome',
    defaultSeverity: 'high',
    active: true,
  },
  {
    key: 'billing_overcharge',
    label: { en: 'Billing or overcharge', zh: '账单或多收费' },
    rootCause: 'value',
    kind: 'outcome',
    defaultSeverity: 'high',
    active: true,
  },
  {
    key: 'refund_not_received',
    label: { en: 'Refund not received', zh: '未收到退款' },
    rootCause: 'system',
    kind: 'outcome',
    defaultSeverity: 'high',
    active: true,
  },
  { key: 'staff_behaviour', label: { en: 'Staff behaviour', zh: '员工态度' }, rootCause: 'people', kind: 'process', defaultSeverity: 'medium', active: true },
  { key: 'waiting_time', label: { en: 'Waiting time', zh: '等待时间过长' }, rootCause: 'system', kind: 'process', defaultSeverity: 'medium', active: true },
  {
    key: 'complicated_procedure',
    label: { en: 'Complicated procedure', zh: '手续繁琐' },
    rootCause: 'system',
    kind: 'process',
    defaultSeverity: 'low',
    active: true,
  },
  { key: 'service_outage', label: { en: 'Service outage', zh: '服务中断' }, rootCause: 'system', kind: 'outcome', defaultSeverity: 'critical', active: true },
  { key: 'other', label: { en: 'Other', zh: '其他' }, rootCause: 'value', kind: 'process', defaultSeverity: 'low', active: true },
];
