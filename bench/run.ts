/**
 * `npm run bench`: runs every benchmark file found under bench/<area>/ (*.bench.ts), one after the
 * other, each in its own process (each starts its own database). Arguments after `--` are passed
 * on to every bench; a failing bench makes the whole run fail after the others have run.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = __dirname;
const only = process.env.BENCH_ONLY; // e.g. BENCH_ONLY=dashboard
const files = readdirSync(root)
  .filter((d) => statSync(path.join(root, d)).isDirectory() && (!only || only.split(',').includes(d)))
  .sort()
  .flatMap((d) =>
    readdirSync(path.join(root, d))
      .filter((f) => f.endsWith('.bench.ts'))
      .sort()
      .map((f) => path.join(root, d, f)),
  );

if (files.length === 0) {
  process.stderr.write('bench: no bench/*/*.bench.ts files found\n');
  process.exit(1);
}

const tsx = path.resolve(root, '..', 'node_modules', '.bin', 'tsx');
let failed = 0;
for (const file of files) {
  process.stdout.write(`\n=== ${path.relative(path.resolve(root, '..'), file)} ===\n`);
  const started = Date.now();
  const r = spawnSync(tsx, [file, ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: process.env,
  });
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  if (r.status !== 0) {
    failed++;
    process.stdout.write(`=== FAILED (${r.status ?? r.signal}) after ${secs} s\n`);
  } else process.stdout.write(`=== done in ${secs} s\n`);
}
process.exit(failed ? 1 : 0);
