import mongoose, { Schema } from 'mongoose';

const counterSchema = new Schema({ _id: String, seq: { type: Number, default: 0 } }, { versionKey: false });
const Counter = mongoose.model('Counter', counterSchema, 'counters');

/** One document per handed-out value: its unique _id is what makes a value someone's alone. */
const sequenceClaimSchema = new Schema({ _id: String }, { versionKey: false });
const SequenceClaim = mongoose.model('SequenceClaim', sequenceClaimSchema, 'sequence_claims');

function isDuplicateKey(err: unknown): boolean {
  return (err as { code?: number })?.code === 11000;
}

/**
 * Next value of a named sequence. The $inc upsert is atomic on MongoDB, but FerretDB (dev/test)
 * may hand the same value to concurrent callers or fail the first upsert with E11000; claiming
 * the value with a unique insert and retrying makes every value unique on both (gaps are fine).
 */
export async function nextSequence(name: string): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const doc = await Counter.findOneAndUpdate({ _id: name }, { $inc: { seq: 1 } }, { upsert: true, new: true })
      .lean()
      .catch((err: unknown) => {
        if (isDuplicateKey(err)) return null;
        throw err;
      });
    if (!doc) continue;
    try {
      await SequenceClaim.create({ _id: `${name}:${doc.seq}` });
      return doc.seq;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
  }
  throw new Error(`could not allocate the next value of sequence ${name}`);
}

/** Human-readable complaint reference, e.g. C-2026-000123. */
export async function nextComplaintReference(now: Date): Promise<string> {
  const year = now.getUTCFullYear();
  const seq = await nextSequence(`complaint-${year}`);
  return `C-${year}-${String(seq).padStart(6, '0')}`;
}
