import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { startEmbeddedDb, type EmbeddedDb } from './embedded';

const engine = process.env.REDRESS_TEST_DB_ENGINE;

// Starts a second embedded server of the same engine the run uses (skipped under MONGODB_URI).
(engine === 'ferretdb' || engine === 'mongod' ? describe : describe.skip)('embedded database launcher', () => {
  let dir: string;
  let db: EmbeddedDb;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'redress-embedded-test-'));
    db = await startEmbeddedDb({ dataDir: dir });
  });
  afterAll(async () => {
    await db?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps data in the data folder and writes its own log file there', async () => {
    expect(db.engine).toBe(engine);
    expect(db.logFile && db.logFile.startsWith(db.dataDir)).toBe(true);
    const client = await MongoClient.connect(db.uri, { directConnection: true });
    try {
      await client.db('t').collection('c').insertOne({ a: 1 });
      await expect(client.db('t').command({ noSuchCommand: 1 })).rejects.toThrow();
    } finally {
      await client.close();
    }
    expect(existsSync(db.logFile!)).toBe(true);
    // FerretDB logs failed commands at warn level; mongod logs start-up at least.
    expect(readFileSync(db.logFile!, 'utf8').length).toBeGreaterThan(0);
  });

  it('keeps one older generation of a log that grew past 20 MB', async () => {
    const other = mkdtempSync(path.join(os.tmpdir(), 'redress-embedded-test-'));
    const engineDir = path.join(other, engine!);
    mkdirSync(engineDir, { recursive: true });
    writeFileSync(path.join(engineDir, `${engine}.log`), Buffer.alloc(21 * 1024 * 1024, 'x'));
    const second = await startEmbeddedDb({ dataDir: other });
    try {
      expect(statSync(`${second.logFile}.1`).size).toBe(21 * 1024 * 1024);
      expect(statSync(second.logFile!).size).toBeLessThan(1024 * 1024);
    } finally {
      await second.stop();
      rmSync(other, { recursive: true, force: true });
    }
  });
});
