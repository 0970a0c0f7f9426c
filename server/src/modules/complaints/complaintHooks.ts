import { complaintRooms } from '../auth/auth.policy';
import { Team } from '../auth/team.model';
import type { LeanComplaint } from './feed/complaintWriter';

/** The team whose categories include this one, else the catch-all team (no categories). */
export async function teamForCategory(category: string): Promise<string | null> {
  const specific = await Team.findOne({ categories: category, senior: false }).lean();
  if (specific) return String(specific._id);
  // A team stored without the field (an upsert that set only some fields) is a catch-all too.
  const catchAll = await Team.findOne({ senior: { $ne: true }, $or: [{ categories: { $size: 0 } }, { categories: { $exists: false } }] }).lean();
  return catchAll ? String(catchAll._id) : null;
}

/** Rooms that should hear about a complaint: whoever the read policy lets read it (auth.policy.ts). */
export function roomsFor(c: Pick<LeanComplaint, 'teamId' | 'assigneeId'>): string[] {
  return complaintRooms(c);
}
