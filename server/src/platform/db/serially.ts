const chains = new Map<string, Promise<unknown>>();

/**
 * Run `fn` after every earlier call with the same key in this process has finished. For the few
 * read-modify-write updates (`$inc`, `$push` on shared documents) that FerretDB 1.x does not apply
 * atomically when two connections hit one document at once; MongoDB needs no such care, and
 * across processes the embedded engine is not used (see README, several instances).
 */
export function serially<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const previous = chains.get(key) ?? Promise.resolve();
  const run = previous.then(fn, fn);
  const settled = run.then(
    () => undefined,
    () => undefined,
  );
  chains.set(key, settled);
  void settled.then(() => {
    if (chains.get(key) === settled) chains.delete(key);
  });
  return run;
}
