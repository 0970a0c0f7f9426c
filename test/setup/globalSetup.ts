import os from 'node:os';
import path from 'node:path';
import { mkdtempSync } from 'node:fs';
import { startEmbeddedDb, type EmbeddedDb, type EmbeddedEngine } from '../../server/src/platform/db/embedded';

declare global {
  var __redressTestDb: EmbeddedDb | undefined;
}

/**
 * One real MongoDB-protocol server for the whole run (MONGODB_URI if given, else the embedded
 * engine); every test file then works in a database of its own, so files run in parallel.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.MONGODB_URI) {
    process.env.REDRESS_TEST_MONGODB_URI = process.env.MONGODB_URI;
    return;
  }
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'redress-test-db-'));
  const db = await startEmbeddedDb({ dataDir, durable: false, engine: (process.env.EMBEDDED_DB_ENGINE as EmbeddedEngine | undefined) ?? 'auto' });
  globalThis.__redressTestDb = db;
  process.env.REDRESS_TEST_MONGODB_URI = db.uri;
  process.env.REDRESS_TEST_DB_ENGINE = db.engine;
  // The engine's own files, for tests that look inside the store (sqliteIndexMirror.test.ts).
  process.env.REDRESS_TEST_DB_DIR = db.dataDir;
  console.log(`\ntest database: ${db.engine} at ${db.uri}`);
}
