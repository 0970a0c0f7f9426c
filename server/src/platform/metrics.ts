import { Registry, collectDefaultMetrics } from 'prom-client';

/** This process's Prometheus registry (not prom-client's global one, so tests can build several servers). */
export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'redress_' });
