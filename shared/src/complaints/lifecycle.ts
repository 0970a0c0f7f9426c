/** Named complaint statuses and the transitions the lifecycle allows. */
export const complaintStatuses = ['new', 'assigned', 'in_progress', 'waiting_on_customer', 'resolved', 'closed'] as const;
export type ComplaintStatus = (typeof complaintStatuses)[number];

export const openStatuses: readonly ComplaintStatus[] = ['new', 'assigned', 'in_progress', 'waiting_on_customer'];

const transitions: Record<ComplaintStatus, readonly ComplaintStatus[]> = {
  new: ['assigned', 'in_progress', 'resolved'],
  assigned: ['new', 'in_progress', 'waiting_on_customer', 'resolved'],
  in_progress: ['new', 'assigned', 'waiting_on_customer', 'resolved'],
  waiting_on_customer: ['in_progress', 'resolved'],
  resolved: ['in_progress', 'closed'],
  closed: [],
};

/** True when the lifecycle allows moving from `from` to `to`. */
export function canTransition(from: ComplaintStatus, to: ComplaintStatus): boolean {
  return transitions[from].includes(to);
}

export function isOpen(status: ComplaintStatus): boolean {
  return openStatuses.includes(status);
}

export const priorityLevels = ['low', 'normal', 'high', 'urgent'] as const;
export type PriorityLevel = (typeof priorityLevels)[number];
