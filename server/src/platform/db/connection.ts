import mongoose from 'mongoose';
import { monitorClient } from './commandMonitor';

let ferret = false;

/**
 * True when the server is FerretDB. FerretDB 1.x (SQLite) evaluates a conditional update's filter
 * and applies its change in two steps, and `$inc`/`$push` are read-modify-writes, so concurrent
 * operations on one document can interleave. The code never relies on that atomicity: claims use
 * unique inserts (lock.ts, the complaint writer's revisions, sequences), and the few shared
 * counters and lists are updated one at a time per process (serially.ts).
 */
export function isFerretDb(): boolean {
  return ferret;
}

async function detectFerret(): Promise<boolean> {
  const info = await mongoose.connection.db!.admin().command({ buildInfo: 1 });
  return JSON.stringify(info).toLowerCase().includes('ferretdb');
}

/** Connect the default mongoose connection and build every model's indexes before serving. */
export async function connectDatabase(uri: string, dbName?: string): Promise<void> {
  mongoose.set('strictQuery', true);
  const options = { dbName, serverSelectionTimeoutMS: 8_000, autoIndex: false, monitorCommands: true };
  await mongoose.connect(uri, options);
  ferret = await detectFerret();
  monitorClient(mongoose.connection.getClient());
  await Promise.all(mongoose.modelNames().map((n) => mongoose.model(n).createIndexes()));
}

/** True when the database answers a ping (readiness). */
export async function databaseAnswers(): Promise<boolean> {
  try {
    const db = mongoose.connection.db;
    if (!db) return false;
    await db.command({ ping: 1 });
    return true;
  } catch {
    return false;
  }
}
