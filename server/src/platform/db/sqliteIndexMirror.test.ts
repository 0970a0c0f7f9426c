import path from 'node:path';
import mongoose, { Schema, Types } from 'mongoose';
import { testMongoUri, uniqueDbName } from '../../../../test/support/harness';
import { queryStoreFile, sqliteIndexToolPath } from './sqliteIndexMirror';

const engine = process.env.REDRESS_TEST_DB_ENGINE;
const storeDir = process.env.REDRESS_TEST_DB_DIR;
const repoRoot = path.resolve(__dirname, '../../../..');
const MIRROR_INDEX = /USING INDEX rdx_sjson_id_[0-9a-f]{20} \(<expr>=\?\)/;

// Looks into the files of the run's FerretDB/SQLite store (the embedded default).
(engine === 'ferretdb-sqlite' && storeDir ? describe : describe.skip)('SQLite _id index mirror', () => {
  const tool = sqliteIndexToolPath(repoRoot);
  const dbName = uniqueDbName();
  let conn: mongoose.Connection;

  beforeAll(async () => {
    conn = await mongoose.createConnection(testMongoUri(), { dbName }).asPromise();
  });
  afterAll(async () => {
    await conn?.dropDatabase().catch(() => undefined);
    await conn?.close();
  });

  /** The table of a collection and the plans SQLite makes for FerretDB 1.24's own statements by _id. */
  async function plansById(collection: string, id: string) {
    const file = path.join(storeDir!, `${dbName}.sqlite`);
    const [row] = await queryStoreFile(tool, file, 'SELECT table_name FROM _ferretdb_collections WHERE name = ?', collection);
    const table = String(row?.[0]);
    const plan = async (sql: string, ...args: string[]) =>
      (await queryStoreFile(tool, file, `EXPLAIN QUERY PLAN ${sql}`, ...args)).map((r) => String(r[3])).join('\n');
    // internal/backends/sqlite/collection.go: Query, UpdateAll, DeleteAll (metadata.IDColumn).
    return {
      find: () => plan(`SELECT _ferretdb_sjson FROM "${table}" WHERE _ferretdb_sjson->'$._id' = ?`, `"${id}"`),
      update: () => plan(`UPDATE "${table}" SET _ferretdb_sjson = ? WHERE _ferretdb_sjson->'$._id' = ?`, '{}', `"${id}"`),
      remove: () => plan(`DELETE FROM "${table}" WHERE _ferretdb_sjson->'$._id' IN (?)`, `"${id}"`),
    };
  }

  /** The mirror polls every 2 s; without it FerretDB's find plans `SCAN <table>` for ever. */
  async function findPlanOnceMirrored(find: () => Promise<string>): Promise<string> {
    const deadline = Date.now() + 20_000;
    let found = await find();
    while (!MIRROR_INDEX.test(found) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      found = await find();
    }
    return found;
  }

  it('indexes a new collection on the expression FerretDB finds, updates and deletes by _id with', async () => {
    const Item = conn.model('Item', new Schema({ n: Number }), 'items');
    const docs = await Item.insertMany(Array.from({ length: 50 }, (_, n) => ({ n })));
    const id = docs[7]!._id;
    const plans = await plansById('items', id.toHexString());

    const found = await findPlanOnceMirrored(plans.find);
    expect(found).toMatch(MIRROR_INDEX);
    expect(found).toMatch(/^SEARCH /);
    expect(await plans.update()).toMatch(MIRROR_INDEX);
    expect(await plans.remove()).toMatch(MIRROR_INDEX);

    // And FerretDB still answers through it.
    expect((await Item.findById(id).lean())?.n).toBe(7);
    expect((await Item.updateOne({ _id: id }, { $set: { n: 700 } })).modifiedCount).toBe(1);
    expect((await Item.findById(id).lean())?.n).toBe(700);
    expect(await Item.countDocuments()).toBe(50);
  });

  it('indexes a collection dropped and created again under the same name (a new table)', async () => {
    const Thing = conn.model('Thing', new Schema({ n: Number }), 'things');
    await Thing.insertMany([{ n: 1 }]);
    const first = await plansById('things', new Types.ObjectId().toHexString());
    expect(await findPlanOnceMirrored(first.find)).toMatch(MIRROR_INDEX);

    await Thing.collection.drop();
    const [again] = await Thing.insertMany([{ n: 2 }]);
    const plans = await plansById('things', again!._id.toHexString());
    expect(await findPlanOnceMirrored(plans.find)).toMatch(MIRROR_INDEX);
    expect((await Thing.findById(again!._id).lean())?.n).toBe(2);
  });
});
