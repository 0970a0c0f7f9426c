import type { Collection, Document, Filter } from 'mongodb';
import { isFerretDb } from './connection';

/** How many single-document reads run at once on FerretDB (more only queue inside it; 2 cores). */
const CONCURRENCY = 4;

/**
 * The documents with these exact `_id`s (missing ones are simply absent). FerretDB 1.x answers
 * `{_id: value}` from the table's key but evaluates `{_id: {$in: [...]}}` in Go over every row,
 * so there each id is asked alone (a few at a time): the cost follows the ids asked, not the size
 * of the collection. MongoDB answers one `$in` from its index.
 */
export async function findByIds<T extends Document & { _id: unknown }>(
  collection: Collection<T>,
  ids: readonly T['_id'][],
  projection?: Document,
): Promise<T[]> {
  if (ids.length === 0) return [];
  const unique = [...new Map(ids.map((id) => [String(id), id])).values()];
  if (!isFerretDb()) return (await collection.find({ _id: { $in: unique } } as Filter<T>, { projection }).toArray()) as T[];
  const out: T[] = [];
  let next = 0;
  const worker = async () => {
    while (next < unique.length) {
      const id = unique[next++];
      const doc = await collection.findOne({ _id: id } as Filter<T>, { projection });
      if (doc) out.push(doc as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, unique.length) }, worker));
  return out;
}
