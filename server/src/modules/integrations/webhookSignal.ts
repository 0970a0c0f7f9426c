/**
 * In-process nudge: a recorded event asks the deliverer to run soon instead of at its next tick.
 * Other processes find the work at their own tick (deliveries are in the database).
 */
let listener: (() => void) | null = null;

export function onWebhookKick(fn: (() => void) | null): void {
  listener = fn;
}

export function kickWebhookDelivery(): void {
  listener?.();
}
