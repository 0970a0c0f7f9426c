import type { StoreStatusView } from '@redress/shared';
import type { EmbeddedEngine } from '../../platform/db/embedded';
import { Complaint } from './complaint.model';

/**
 * Complaints each embedded engine was measured with by the desk bench (README, "Capacity"). Past
 * that the README makes no promise: the server warns at start-up and on the admin page, pointing
 * to MONGODB_URI. A real mongod has no such limit.
 */
export const TESTED_COMPLAINTS: Record<EmbeddedEngine, number | null> = {
  mongod: null,
  memory: null,
  'ferretdb-postgres': 100_000,
  'ferretdb-sqlite': 10_000,
};

let engine: EmbeddedEngine | null = null;

/** main.ts tells which embedded engine it started (none under MONGODB_URI). */
export function declareEmbeddedEngine(e: EmbeddedEngine | null): void {
  engine = e;
}

export async function storeStatus(): Promise<StoreStatusView> {
  const complaints = await Complaint.estimatedDocumentCount();
  const testedUpTo = engine ? TESTED_COMPLAINTS[engine] : null;
  return { engine, complaints, testedUpTo, overTested: testedUpTo !== null && complaints > testedUpTo };
}

/** The start-up warning line, or null when within the tested size. */
export function capacityWarning(s: StoreStatusView): string | null {
  if (!s.overTested) return null;
  return `the embedded database (${s.engine}) holds ${s.complaints} complaints, more than the ${s.testedUpTo} it was tested with; set MONGODB_URI to a MongoDB 7+ server (README, "Capacity")`;
}
