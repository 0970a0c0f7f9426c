import { MongoClient, ObjectId, type AnyBulkWriteOperation } from 'mongodb';
import { testMongoUri, uniqueDbName } from '../../../../test/support/harness';
import { bulkWriteInChunks } from './bulk';

describe('bulkWriteInChunks', () => {
  const client = new MongoClient(testMongoUri(), { maxPoolSize: 1 });
  const db = client.db(uniqueDbName());
  afterAll(async () => {
    await db.dropDatabase();
    await client.close();
  });

  it('updates hundreds of existing documents (one 100-statement update never returns on FerretDB 1.24)', async () => {
    const docs = Array.from({ length: 260 }, (_, i) => ({ _id: new ObjectId(), email: `c${i}@example.com`, n: 0 }));
    const col = db.collection<(typeof docs)[number]>('customers');
    await col.insertMany(docs);
    const ops: AnyBulkWriteOperation<(typeof docs)[number]>[] = docs.map((d) => ({ updateOne: { filter: { email: d.email }, update: { $inc: { n: 1 } } } }));
    const sizes: number[] = [];
    const r = await bulkWriteInChunks(ops, (chunk) => {
      sizes.push(chunk.length);
      return col.bulkWrite(chunk, { ordered: false });
    });
    expect(sizes).toEqual([50, 50, 50, 50, 50, 10]);
    expect(r).toMatchObject({ matchedCount: 260, modifiedCount: 260, upsertedCount: 0 });
    expect(await col.countDocuments({ n: 1 })).toBe(260);
    expect(await bulkWriteInChunks([], () => Promise.reject(new Error('not called')))).toMatchObject({ matchedCount: 0 });
  });
});
