#!/usr/bin/env node
// Fetches what `npm start` and `npm test` need on a fresh machine, or stops with one line saying
// what to install. Usage: node scripts/ensure-tools.mjs [--db] [--browser] (default: both).
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const FERRETDB_VERSION = 'v1.24.2';
const toolsBin = path.join(root, '.tools', 'bin');
const ferretBinary = path.join(toolsBin, 'ferretdb');
const indexTool = path.join(toolsBin, 'redress-sqlite-index');
const indexToolSrc = path.join(root, 'server', 'src', 'platform', 'db', 'sqliteIdIndex');
const args = process.argv.slice(2);
const wantDb = args.length === 0 || args.includes('--db');
const wantBrowser = args.length === 0 || args.includes('--browser');

function onPath(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}
function fail(line) {
  console.error(`redress: ${line}`);
  process.exit(1);
}
function works(binary) {
  return spawnSync(binary, ['--version'], { stdio: 'ignore' }).status === 0;
}

function ensureDatabase() {
  if (process.env.MONGODB_URI || onPath('mongod')) return;
  ensureFerretDb();
  if (existsSync(ferretBinary)) ensureIndexTool();
}

/**
 * The small Go program that gives FerretDB's SQLite tables the _id index its lookups can use
 * (server/src/platform/db/sqliteIndexMirror.ts). Built with the SQLite driver and versions FerretDB
 * itself was built with, so it needs nothing the FerretDB build did not fetch; rebuilt when its
 * source changes. Without it the server still runs, with lookups by _id scanning.
 */
function ensureIndexTool() {
  const sources = ['main.go', 'go.mod', 'go.sum'].map((f) => path.join(indexToolSrc, f));
  const newest = Math.max(...sources.map((f) => statSync(f).mtimeMs));
  if (existsSync(indexTool) && statSync(indexTool).mtimeMs >= newest && works(indexTool)) return;
  if (!onPath('go')) {
    console.log('redress: no Go toolchain to build the SQLite _id index tool; finds by _id on the embedded store will scan.');
    return;
  }
  mkdirSync(toolsBin, { recursive: true });
  const env = { ...process.env, CGO_ENABLED: '0', GOFLAGS: '-buildvcs=false' };
  const build = spawnSync('go', ['build', '-o', indexTool, '.'], { cwd: indexToolSrc, env, stdio: 'inherit' });
  if (build.status !== 0 || !works(indexTool)) {
    console.log('redress: could not build the SQLite _id index tool; finds by _id on the embedded store will scan.');
  }
}

function ensureFerretDb() {
  if (existsSync(ferretBinary) && works(ferretBinary)) return;
  if (!onPath('go')) {
    console.log('redress: no mongod and no Go toolchain; the server will try mongodb-memory-server (needs internet).');
    return;
  }
  mkdirSync(toolsBin, { recursive: true });
  console.log(`redress: building FerretDB ${FERRETDB_VERSION} into .tools/bin (one time, about a minute)...`);
  const env = { ...process.env, GOBIN: toolsBin, CGO_ENABLED: '0', GOFLAGS: '-buildvcs=false' };
  const install = spawnSync('go', ['install', `github.com/FerretDB/FerretDB/cmd/ferretdb@${FERRETDB_VERSION}`], {
    env,
    stdio: 'pipe',
  });
  if (install.status === 0 && works(ferretBinary)) return;
  // `go install` can fail here (the module proxy refuses the deprecation lookup) and the module zip
  // lacks the generated version.txt the binary insists on, so build from the downloaded module.
  const info = JSON.parse(execFileSync('go', ['mod', 'download', '-json', `github.com/FerretDB/FerretDB@${FERRETDB_VERSION}`], { env }).toString());
  const src = path.join(root, '.tools', 'src', 'ferretdb');
  rmSync(src, { recursive: true, force: true });
  cpSync(info.Dir, src, { recursive: true });
  spawnSync('chmod', ['-R', 'u+w', src]);
  writeFileSync(path.join(src, 'build', 'version', 'version.txt'), `${FERRETDB_VERSION}\n`);
  const build = spawnSync('go', ['build', '-o', ferretBinary, './cmd/ferretdb'], { cwd: src, env, stdio: 'inherit' });
  if (build.status !== 0 || !works(ferretBinary)) fail('could not build FerretDB; install MongoDB 7 (mongod on PATH) or set MONGODB_URI.');
  chmodSync(ferretBinary, 0o755);
}

function chromiumPath() {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean);
  return candidates.find((p) => existsSync(p));
}

/** Chinese screenshots need a CJK font; without one every Chinese character renders as a box. */
function hasCjkFont() {
  const r = spawnSync('fc-list', [':lang=zh'], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.trim().length > 0;
}

function ensureCjkFont() {
  if (hasCjkFont()) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !onPath('apt-get')) {
    console.log("redress: no CJK font: Chinese screenshots will show boxes ('sudo apt-get install -y fonts-noto-cjk').");
    return;
  }
  console.log("redress: installing Debian's fonts-noto-cjk for Chinese screenshots...");
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  let res = spawnSync('apt-get', ['install', '-y', '-qq', 'fonts-noto-cjk'], { stdio: 'inherit', env });
  if (res.status !== 0) {
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    res = spawnSync('apt-get', ['install', '-y', '-qq', 'fonts-noto-cjk'], { stdio: 'inherit', env });
  }
  if (res.status !== 0) console.log('redress: could not install fonts-noto-cjk; Chinese screenshots will show boxes.');
}

function ensureBrowser() {
  ensureBrowserBinary();
  ensureCjkFont();
}

function ensureBrowserBinary() {
  if (chromiumPath()) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !onPath('apt-get')) fail("browser tests need Chromium: run 'sudo apt-get install -y chromium' (or set CHROMIUM_PATH).");
  console.log("redress: installing Debian's chromium for the browser tests...");
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  const res = spawnSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env });
  if (res.status !== 0 || !chromiumPath()) fail("could not install chromium: run 'apt-get install -y chromium' (or set CHROMIUM_PATH).");
}

if (wantDb) ensureDatabase();
if (wantBrowser) ensureBrowser();
