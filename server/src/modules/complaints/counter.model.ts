import mongoose, { Schema } from 'mongoose';

const counterSchema = new Schema({ _id: String, seq: { type: Number, default: 0 } }, { versionKey: false });
const Counter = mongoose.model('Counter', counterSchema, 'counters');

/** One document per handed-out value: its unique _id is what makes a value someone's alone. */
const sequenceClaimSchema = new Schema({ _id: String }, { versionKey: false });
const SequenceClaim = mongoose.model('SequenceClaim', sequenceClaimSchema, 'sequence_claims');

function isDuplicateKey(err: unknown): boolean {
  return (err as { code?: number })?.code === 11000;
}

/** Values a process takes at once: one claim per block instead of two round trips per value. */
const BLOCK = 20;
const blocks = new Map<string, { next: number; last: number }>();

/**
 * Claim the next block of a named sequence. The $inc upsert is atomic on MongoDB, but FerretDB
 * may hand the same value to concurrent callers or fail the first upsert with E11000; claiming
 * the block with a unique insert and retrying makes every block someone's alone on both.
 */
async function claimBlock(name: string): Promise<{ next: number; last: number }> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const doc = await Counter.findOneAndUpdate({ _id: name }, { $inc: { seq: BLOCK } }, { upsert: true, new: true })
      .lean()
      .catch((err: unknown) => {
        if (isDuplicateKey(err)) return null;
        throw err;
      });
    if (!doc) continue;
    try {
      await SequenceClaim.create({ _id: `${name}:block:${doc.seq}` });
      return { next: doc.seq - BLOCK + 1, last: doc.seq };
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
  }
  throw new Error(`could not allocate the next values of sequence ${name}`);
}

/**
 * Next value of a named sequence: unique across processes and restarts, increasing within a
 * process; gaps are fine (a process that stops leaves the rest of its block unused).
 */
export async function nextSequence(name: string): Promise<number> {
  for (;;) {
    const b = blocks.get(name);
    if (b && b.next <= b.last) return b.next++;
    const claimed = await claimBlock(name);
    const current = blocks.get(name);
    // Another caller of this process claimed a block meanwhile: use up whichever has values left.
    if (!current || current.next > current.last) blocks.set(name, claimed);
  }
}

/** Human-readable complaint reference, e.g. C-2026-000123. */
export async function nextComplaintReference(now: Date): Promise<string> {
  const year = now.getUTCFullYear();
  const seq = await nextSequence(`complaint-${year}`);
  return `C-${year}-${String(seq).padStart(6, '0')}`;
}
