import type { MongoClient } from 'mongodb';

type Listener = (command: string) => void;
const listeners = new Set<Listener>();

/**
 * Every MongoDB client the server opens (the models' and the session store's) reports each
 * command it sends here, so a test or benchmark can count a request's database round trips.
 * Command monitoring is on for those clients; with no listener the cost is an event per command.
 */
export function monitorClient(client: Pick<MongoClient, 'on'>): void {
  client.on('commandStarted', (e: { commandName: string }) => {
    for (const l of listeners) l(e.commandName);
  });
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
