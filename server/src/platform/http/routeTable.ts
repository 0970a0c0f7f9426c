import type { Express } from 'express';

export interface RouteEntry {
  method: string;
  /** Express path, e.g. /api/complaints/:id/claim */
  path: string;
}

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
  rawPath?: unknown;
}

function walk(stack: Layer[], prefix: string, out: RouteEntry[]): void {
  for (const layer of stack) {
    if (layer.route) {
      for (const [method, on] of Object.entries(layer.route.methods)) {
        if (on && method !== '_all') out.push({ method: method.toUpperCase(), path: `${prefix}${layer.route.path}` });
      }
    } else if (layer.handle?.stack) {
      const mount = typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : '';
      walk(layer.handle.stack, `${prefix}${mount}`, out);
    }
  }
}

/**
 * Every route the app serves (method and full path, through nested routers), in mount order.
 * Used by the OpenAPI coverage check and the role x route access test.
 */
export function routeTable(app: Express): RouteEntry[] {
  const out: RouteEntry[] = [];
  const router = (app as unknown as { router?: { stack: Layer[] } }).router;
  if (router) walk(router.stack, '', out);
  const seen = new Set<string>();
  return out.filter((r) => {
    const key = `${r.method} ${r.path}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
