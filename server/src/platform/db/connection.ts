import { MongoClient } from 'mongodb';
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

/** DB_WAIT_MS when no setting was given (tests, tools). */
const DEFAULT_WAIT_MS = 1_000;
/** How long start-up waits for the database to answer at all (a server starting beside us). */
const START_WAIT_MS = 8_000;

/**
 * Driver options of every long-lived client of the server (mongoose, the session store). An
 * operation waits at most `waitMs` for a reachable server (the driver's default is 30 s): while the
 * database is away, requests fail fast with a server-selection error, which the error handler
 * answers 503 `service_unavailable` with a Retry-After; each failed selection makes the driver
 * check the server again (at most every 500 ms), so service resumes by itself once it is back.
 * The heartbeat (every 2 s instead of 10 s) notices a returned database when nothing is asking.
 */
export function clientOptions(waitMs = DEFAULT_WAIT_MS): { serverSelectionTimeoutMS: number; heartbeatFrequencyMS: number } {
  return { serverSelectionTimeoutMS: waitMs, heartbeatFrequencyMS: 2_000 };
}

/** Until the database answers a ping (start-up only: a database started beside us may still be coming up). */
async function waitForDatabase(uri: string, timeoutMs: number): Promise<void> {
  const probe = new MongoClient(uri, { serverSelectionTimeoutMS: timeoutMs });
  try {
    await probe.db('admin').command({ ping: 1 });
  } finally {
    await probe.close().catch(() => undefined);
  }
}

/**
 * Connect the default mongoose connection and build every model's indexes before serving.
 * `waitMs`: how long a request waits for an absent database (DB_WAIT_MS, see clientOptions).
 */
export async function connectDatabase(uri: string, dbName?: string, waitMs = DEFAULT_WAIT_MS): Promise<void> {
  mongoose.set('strictQuery', true);
  await waitForDatabase(uri, Math.max(START_WAIT_MS, waitMs));
  // No buffering: mongoose would otherwise hold operations for 10 s while it is disconnected.
  const options = { dbName, ...clientOptions(waitMs), bufferCommands: false, autoIndex: false, monitorCommands: true };
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

const unavailableErrors = new Set([
  'MongoServerSelectionError',
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoTopologyClosedError',
  'MongoNotConnectedError',
  'MongoPoolClearedError',
]);

/**
 * True for an error that means "the database cannot be reached right now" rather than "this
 * operation is wrong": the server answers those 503 with a Retry-After. By name, because mongoose
 * and connect-mongo bring their own copies of the driver (instanceof would miss one); the cause
 * chain is followed for errors wrapped by our own code.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e = err as { name?: string; message?: string; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (typeof e.name === 'string' && unavailableErrors.has(e.name)) return true;
    // mongoose's own wording when an operation runs on a connection that is not open.
    if (e.name === 'MongooseServerSelectionError' || /Client must be connected before running operations|buffering timed out/.test(e.message ?? ''))
      return true;
  }
  return false;
}
