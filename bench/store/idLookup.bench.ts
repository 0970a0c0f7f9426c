/**
 * Finds and updates by _id on the embedded FerretDB/SQLite store, with and without the index that
 * server/src/platform/db/sqliteIndexMirror.ts adds on FerretDB's _id expression: loads a collection
 * of 20,000 and then 100,000 complaint-sized documents, times `findById` and `updateOne({_id})` with
 * the index, then drops it (the store as FerretDB leaves it) and times them again on the same data.
 * Prints p50 and mean per operation and the ratio. BENCH_STORE_SIZES (default 20000,100000).
 * `BENCH_ONLY=store npm run bench`
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose, { Schema, Types } from 'mongoose';
import { startEmbeddedDb } from '../../server/src/platform/db/embedded';
import { queryStoreFile, sqliteIndexToolPath } from '../../server/src/platform/db/sqliteIndexMirror';
import { percentile } from '../support/load';

const SIZES = (process.env.BENCH_STORE_SIZES ?? '20000,100000').split(',').map(Number);
const WITH_SAMPLES = 300;
const WITHOUT_SAMPLES = 30;
const tool = sqliteIndexToolPath(path.resolve(__dirname, '../..'));

interface Timing {
  p50: number;
  mean: number;
}
interface Row {
  size: number;
  find: [Timing, Timing];
  update: [Timing, Timing];
}

const ItemSchema = new Schema({
  reference: String,
  status: String,
  teamId: Types.ObjectId,
  customer: { name: String, email: String },
  description: String,
  n: Number,
  filedAt: Date,
});

function doc(i: number) {
  return {
    _id: new Types.ObjectId(),
    reference: `RD-${String(i).padStart(7, '0')}`,
    status: ['new', 'open', 'waiting', 'resolved', 'closed'][i % 5],
    teamId: new Types.ObjectId(),
    customer: { name: `Customer ${i}`, email: `customer${i}@example.com` },
    description: `Order ${i} arrived late and the box was damaged; I would like a refund or a replacement. `.repeat(3),
    n: i,
    filedAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000),
  };
}

async function time(samples: number, op: (i: number) => Promise<unknown>): Promise<Timing> {
  const ms: number[] = [];
  for (let i = 0; i < samples; i++) {
    const t0 = performance.now();
    await op(i);
    ms.push(performance.now() - t0);
  }
  return { p50: percentile(ms, 50), mean: ms.reduce((a, b) => a + b, 0) / ms.length };
}

async function planOf(file: string, table: string, id: string): Promise<string> {
  const sql = `EXPLAIN QUERY PLAN SELECT _ferretdb_sjson FROM "${table}" WHERE _ferretdb_sjson->'$._id' = ?`;
  return (await queryStoreFile(tool, file, sql, `"${id}"`)).map((r) => String(r[3])).join('; ');
}

async function measure(uri: string, storeDir: string, size: number, syncIndexes: () => Promise<number>): Promise<Row> {
  const dbName = `bench_store_${size}`;
  const conn = await mongoose.createConnection(uri, { dbName }).asPromise();
  try {
    const Item = conn.model('Item', ItemSchema, 'items');
    const t0 = performance.now();
    const ids: Types.ObjectId[] = [];
    for (let i = 0; i < size; i += 2_000) {
      const batch = Array.from({ length: Math.min(2_000, size - i) }, (_, k) => doc(i + k));
      ids.push(...batch.map((d) => d._id));
      await Item.collection.insertMany(batch, { ordered: false });
    }
    console.log(`store bench: loaded ${size.toLocaleString('en')} documents in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    await syncIndexes();

    const file = path.join(storeDir, `${dbName}.sqlite`);
    const [row] = await queryStoreFile(tool, file, 'SELECT table_name FROM _ferretdb_collections WHERE name = ?', 'items');
    const table = String(row?.[0]);
    const pick = (i: number) => ids[(i * 7919) % ids.length]!;
    const run = async (samples: number): Promise<[Timing, Timing]> => [
      await time(samples, (i) => Item.findById(pick(i)).lean()),
      await time(samples, (i) => Item.updateOne({ _id: pick(i + 1) }, { $set: { status: 'open', n: i } })),
    ];

    const withPlan = await planOf(file, table, pick(0).toHexString());
    if (!/USING INDEX rdx_sjson_id_/.test(withPlan)) throw new Error(`the mirror's index is not used: ${withPlan}`);
    await run(20); // warm up
    const [findWith, updateWith] = await run(WITH_SAMPLES);

    // Without it: exactly the store FerretDB builds (its own `->"_id"` index only).
    const [[index]] = (await queryStoreFile(
      tool,
      file,
      "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND name LIKE 'rdx_sjson_id_%'",
      table,
    )) as [[string]];
    await queryStoreFile(tool, file, `DROP INDEX "${index}"`);
    const withoutPlan = await planOf(file, table, pick(0).toHexString());
    if (!/^SCAN /.test(withoutPlan)) throw new Error(`expected a scan without the index: ${withoutPlan}`);
    console.log(`store bench: plan with the index "${withPlan}", without "${withoutPlan}"`);
    const [findWithout, updateWithout] = await run(WITHOUT_SAMPLES);
    return { size, find: [findWith, findWithout], update: [updateWith, updateWithout] };
  } finally {
    await conn.dropDatabase().catch(() => undefined);
    await conn.close();
  }
}

function printTable(rows: Row[]): void {
  const head = ['documents', 'op', 'with index p50 / mean ms', 'without p50 / mean ms', 'ratio (p50)'];
  const cell = (t: Timing) => `${t.p50.toFixed(2)} / ${t.mean.toFixed(2)}`;
  const lines = rows.flatMap((r) =>
    (
      [
        ['findById', r.find],
        ['updateOne({_id})', r.update],
      ] as const
    ).map(([op, [w, wo]]) => [r.size.toLocaleString('en'), op, cell(w), cell(wo), `${(wo.p50 / w.p50).toFixed(0)}x`]),
  );
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (cells: string[]) => `| ${cells.map((c, i) => c.padStart(widths[i]!)).join(' | ')} |`;
  console.log(['', fmt(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...lines.map(fmt)].join('\n'));
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'redress-bench-store-'));
  const db = await startEmbeddedDb({ dataDir: dir, engine: 'ferretdb-sqlite', log: (l) => console.log(`store bench: ${l}`) });
  try {
    if (!db.syncIndexes) throw new Error(`no index tool at ${tool}: run 'node scripts/ensure-tools.mjs --db'`);
    console.log(`store bench: FerretDB/SQLite at ${db.uri}`);
    const rows: Row[] = [];
    for (const size of SIZES) {
      rows.push(await measure(db.uri, db.dataDir, size, db.syncIndexes));
      printTable(rows);
    }
  } finally {
    await db.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
