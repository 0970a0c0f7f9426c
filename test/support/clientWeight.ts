import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type { Page } from 'playwright-core';

/** The built client (client/dist). */
export const clientDist = path.resolve(__dirname, '../../client/dist');

/** A script a page downloaded from the built client, by its path (/assets/...). */
export interface LoadedScript {
  path: string;
  /** Content-Encoding it came with ('' when none). */
  encoding: string;
}

/** Record every JavaScript file a page fetches from /assets (from now on). */
export function recordScripts(page: Page): () => LoadedScript[] {
  const seen = new Map<string, LoadedScript>();
  page.on('response', (res) => {
    const p = new URL(res.url()).pathname;
    if (!p.startsWith('/assets/') || !p.endsWith('.js')) return;
    seen.set(p, { path: p, encoding: res.headers()['content-encoding'] ?? '' });
  });
  return () => [...seen.values()];
}

const gzipCache = new Map<string, number>();

/** Bytes of /assets/<file> gzipped (the .gz written at build time, else gzip -9 of the file). */
export function gzipBytes(assetPath: string): number {
  const cached = gzipCache.get(assetPath);
  if (cached !== undefined) return cached;
  const file = path.join(clientDist, assetPath);
  const bytes = existsSync(`${file}.gz`) ? readFileSync(`${file}.gz`).length : zlib.gzipSync(readFileSync(file), { level: 9 }).length;
  gzipCache.set(assetPath, bytes);
  return bytes;
}

/**
 * The file (/assets/...) of the chunk a page (a source module) is built into, from the Vite
 * manifest: keyed by its path, or (when Rollup made it a shared chunk) named after the module.
 */
export function chunkFileOf(sourcePath: string): string {
  const manifest = JSON.parse(readFileSync(path.join(clientDist, '.vite/manifest.json'), 'utf8')) as Record<string, { file: string; name?: string }>;
  const name = path.basename(sourcePath).replace(/\.[jt]sx?$/, '');
  const entry = manifest[sourcePath] ?? Object.values(manifest).find((c) => c.name === name);
  if (!entry) throw new Error(`${sourcePath} is not a chunk in the Vite manifest`);
  return `/${entry.file}`;
}

/** "123.4 KB" (1 KB = 1024 bytes). */
export function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}
