/**
 * In-process wake-up between the complaint writer and the feed dispatcher (kept apart so that the
 * writer does not import the dispatcher and its subscribers). Only a hint: the dispatcher's repair
 * scan finds every change without it.
 */
let listener: ((complaintId: string) => void) | null = null;

export function onChangeSignal(fn: ((complaintId: string) => void) | null): void {
  listener = fn;
}

export function signalChange(complaintId: string): void {
  listener?.(complaintId);
}
