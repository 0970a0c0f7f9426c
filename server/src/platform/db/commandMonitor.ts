import type { MongoClient } from 'mongodb';

type Listener = (command: string) => void;
const listeners = new Set<Listener>();

export interface SlowCommand {
  command: string;
  collection: string | null;
  ms: number;
  /** The filter or pipeline, cut to 500 characters: enough to see which query it was. */
  detail: string;
}
let slow: { thresholdMs: number; report: (c: SlowCommand) => void } | null = null;

/** Report every command slower than `thresholdMs` (the server logs them when DB_SLOW_MS is set). */
export function reportSlowCommands(thresholdMs: number, report: (c: SlowCommand) => void): void {
  slow = { thresholdMs, report };
}

interface StartedEvent {
  commandName: string;
  requestId: number;
  command: Record<string, unknown>;
}

/**
 * Every MongoDB client the server opens (the models' and the session store's) reports each
 * command it sends here, so a test or benchmark can count a request's database round trips.
 * Command monitoring is on for those clients; with no listener the cost is an event per command.
 */
export function monitorClient(client: Pick<MongoClient, 'on'>): void {
  const started = new Map<number, SlowCommand>();
  client.on('commandStarted', (e: StartedEvent) => {
    for (const l of listeners) l(e.commandName);
    if (!slow) return;
    const c = e.command;
    const collection = typeof c[e.commandName] === 'string' ? (c[e.commandName] as string) : null;
    const detail = JSON.stringify(c.filter ?? c.query ?? c.pipeline ?? c.updates ?? c.q ?? '').slice(0, 500);
    started.set(e.requestId, { command: e.commandName, collection, ms: 0, detail });
  });
  const finished = (e: { requestId: number; duration: number }) => {
    const s = started.get(e.requestId);
    if (!s) return;
    started.delete(e.requestId);
    if (slow && e.duration >= slow.thresholdMs) slow.report({ ...s, ms: e.duration });
  };
  client.on('commandSucceeded', finished);
  client.on('commandFailed', finished);
}

/** Start counting commands; call the returned function to stop and read them (names in order). */
export function countCommands(): () => string[] {
  const seen: string[] = [];
  const l: Listener = (c) => void seen.push(c);
  listeners.add(l);
  return () => {
    listeners.delete(l);
    return seen;
  };
}
