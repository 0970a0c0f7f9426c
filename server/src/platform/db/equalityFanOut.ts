import type { Model } from 'mongoose';

/**
 * FerretDB 1.x hands only top-level equality conditions to its storage; `$in`, `$or`, `$and`,
 * ranges and dotted paths are evaluated in Go on every row the pushed-down equalities let through.
 * On the embedded store a query for "open complaints of team T" written with `$in` and `$or`
 * therefore reads the whole history. Asked instead as a few plain equality queries, one per
 * combination of the listed values, run in parallel and merged here, each reads only its rows,
 * from an index, on FerretDB and MongoDB alike.
 */

type Filter = Record<string, unknown>;

/** Every combination of the alternatives: `[[{a:1},{a:2}], [{b:3}]]` → `[{a:1,b:3}, {a:2,b:3}]`. */
export function combine(...alternatives: Filter[][]): Filter[] {
  return alternatives.reduce<Filter[]>((acc, options) => acc.flatMap((a) => options.map((o) => ({ ...a, ...o }))), [{}]);
}

/** One alternative per value: `eachOf('status', ['new', 'assigned'])` → `[{status:'new'}, {status:'assigned'}]`. */
export function eachOf(field: string, values: readonly unknown[]): Filter[] {
  return values.map((v) => ({ [field]: v }));
}

export interface MergedFindOptions {
  projection?: Record<string, 0 | 1>;
  /** Field and direction, applied to each query and to the merged result. */
  sort?: [string, 1 | -1][];
  limit?: number;
}

function compare(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return -1;
  if (b === null || b === undefined) return 1;
  const x = a instanceof Date ? a.getTime() : a;
  const y = b instanceof Date ? b.getTime() : b;
  return (x as number) < (y as number) ? -1 : (x as number) > (y as number) ? 1 : 0;
}

/** The documents matching any of `filters` (each a plain equality filter, plus any residual conditions), merged, sorted, limited. */
export async function findMerged<T extends { _id: unknown }>(model: Model<never>, filters: Filter[], opts: MergedFindOptions = {}): Promise<T[]> {
  const sort = opts.sort ?? [];
  const batches = await Promise.all(
    filters.map((f) => {
      let q = model.find(f as never, opts.projection);
      if (sort.length) q = q.sort(Object.fromEntries(sort));
      if (opts.limit) q = q.limit(opts.limit);
      return q.lean<T[]>().exec();
    }),
  );
  const seen = new Set<string>();
  const merged: T[] = [];
  for (const doc of batches.flat()) {
    const id = String(doc._id);
    if (seen.has(id)) continue;
    seen.add(id);
    merged.push(doc);
  }
  if (sort.length)
    merged.sort((a, b) => {
      for (const [field, dir] of sort) {
        const c = compare((a as Record<string, unknown>)[field], (b as Record<string, unknown>)[field]);
        if (c !== 0) return c * dir;
      }
      return 0;
    });
  return opts.limit ? merged.slice(0, opts.limit) : merged;
}
