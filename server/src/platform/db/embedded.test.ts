import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { ferretBinaryPath, startEmbeddedDb, type EmbeddedDb } from './embedded';
import { postgresBinDir } from './embeddedPostgres';

const engine = process.env.REDRESS_TEST_DB_ENGINE;

// Starts a second embedded server of the same engine the run uses (skipped under MONGODB_URI).
(engine === 'ferretdb-postgres' || engine === 'ferretdb-sqlite' || engine === 'mongod' ? describe : describe.skip)('embedded database launcher', () => {
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
    const logAt = path.join(other, path.relative(dir, db.logFile!));
    mkdirSync(path.dirname(logAt), { recursive: true });
    writeFileSync(logAt, Buffer.alloc(21 * 1024 * 1024, 'x'));
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

(postgresBinDir() && existsSync(ferretBinaryPath()) ? describe : describe.skip)('moving the SQLite store to PostgreSQL', () => {
  it('copies every collection, document and index once, keeps the old files, and starts on PostgreSQL after', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'redress-migrate-test-'));
    try {
      const old = await startEmbeddedDb({ dataDir: dir, engine: 'ferretdb-sqlite' });
      const filedAt = new Date('2026-01-02T03:04:05.678Z');
      let client = await MongoClient.connect(old.uri, { directConnection: true });
      try {
        const complaints = client.db('redress').collection('complaints');
        await complaints.createIndex({ reference: 1 }, { unique: true, name: 'reference_1' });
        await complaints.insertMany(Array.from({ length: 2500 }, (_, i) => ({ reference: `RD-${i}`, filedAt, amount: i / 4, tags: ['a', i] })));
        await client
          .db('other')
          .collection('things')
          .insertOne({ _id: 'x' as unknown as never, nested: { deep: [1, 2] } });
      } finally {
        await client.close();
      }
      await old.stop();

      const lines: string[] = [];
      const moved = await startEmbeddedDb({ dataDir: dir, engine: 'ferretdb-postgres', log: (l) => lines.push(l) });
      try {
        expect(moved.engine).toBe('ferretdb-postgres');
        expect(lines.join('\n')).toMatch(/moved 2501 documents in 2 collections/);
        client = await MongoClient.connect(moved.uri, { directConnection: true });
        try {
          const complaints = client.db('redress').collection('complaints');
          expect(await complaints.countDocuments()).toBe(2500);
          expect(await complaints.findOne({ reference: 'RD-7' }, { projection: { _id: 0 } })).toEqual({
            reference: 'RD-7',
            filedAt,
            amount: 1.75,
            tags: ['a', 7],
          });
          const indexes = await complaints.listIndexes().toArray();
          expect(indexes.find((i) => i.name === 'reference_1')).toMatchObject({ key: { reference: 1 }, unique: true });
          expect(
            await client
              .db('other')
              .collection('things')
              .findOne({ _id: 'x' as unknown as never }),
          ).toEqual({ _id: 'x', nested: { deep: [1, 2] } });
        } finally {
          await client.close();
        }
      } finally {
        await moved.stop();
      }
      // The old folder is kept under a new name, so the next start does not copy again.
      expect(readdirSync(dir).filter((f) => f.startsWith('ferretdb-sqlite-moved-'))).toHaveLength(1);
      expect(existsSync(path.join(dir, 'ferretdb'))).toBe(false);
      const again: string[] = [];
      const restarted = await startEmbeddedDb({ dataDir: dir, engine: 'ferretdb-postgres', log: (l) => again.push(l) });
      await restarted.stop();
      expect(again).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
