import { MongoClient, type Document } from 'mongodb';

export interface CopyResult {
  databases: number;
  collections: number;
  documents: number;
}

const SYSTEM_DATABASES = new Set(['admin', 'local', 'config']);
const BATCH = 1000;

/**
 * Copies every database, collection, index and document from one MongoDB-protocol server to
 * another, documents as raw BSON values (types kept). `replace` drops a target collection first,
 * so an interrupted copy can simply be run again. Used to move the embedded store between engines.
 */
export async function copyAllDatabases(sourceUri: string, targetUri: string, opts: { replace: boolean; databases?: string[] }): Promise<CopyResult> {
  const source = new MongoClient(sourceUri, { directConnection: true });
  const target = new MongoClient(targetUri, { directConnection: true });
  const result: CopyResult = { databases: 0, collections: 0, documents: 0 };
  try {
    await Promise.all([source.connect(), target.connect()]);
    const { databases } = await source.db('admin').admin().listDatabases({ nameOnly: true });
    const names = databases.map((d) => d.name).filter((n) => !SYSTEM_DATABASES.has(n) && (!opts.databases || opts.databases.includes(n)));
    for (const name of names) {
      result.databases++;
      const from = source.db(name);
      const to = target.db(name);
      const collections = await from.listCollections({}, { nameOnly: true }).toArray();
      for (const { name: collName } of collections) {
        if (collName.startsWith('system.')) continue;
        result.collections++;
        if (opts.replace) await to.dropCollection(collName).catch(() => false);
        await to.createCollection(collName).catch(() => undefined);
        const indexes = await from.collection(collName).listIndexes().toArray();
        for (const { key, name: indexName, v: _v, ns: _ns, ...options } of indexes as Document[]) {
          if (indexName === '_id_') continue;
          await to.collection(collName).createIndex(key as Document, { name: indexName as string, ...options });
        }
        let batch: Document[] = [];
        const flush = async () => {
          if (batch.length === 0) return;
          await to.collection(collName).insertMany(batch, { ordered: false });
          result.documents += batch.length;
          batch = [];
        };
        for await (const doc of from.collection(collName).find({}, { batchSize: BATCH, promoteValues: false, promoteLongs: false })) {
          batch.push(doc);
          if (batch.length >= BATCH) await flush();
        }
        await flush();
        const [had, has] = await Promise.all([from.collection(collName).countDocuments(), to.collection(collName).countDocuments()]);
        if (had !== has) throw new Error(`${name}.${collName}: ${had} documents in the source, ${has} after copying`);
      }
    }
    return result;
  } finally {
    await Promise.all([source.close(), target.close()]);
  }
}
