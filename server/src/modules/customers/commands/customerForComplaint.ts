import { Customer, customerIdFor } from '../customer.model';

export interface ComplainingCustomer {
  email: string;
  name: string;
  phone?: string;
}

function isDuplicateKey(err: unknown): boolean {
  return (err as { code?: number })?.code === 11000;
}

/**
 * The customer behind a new complaint, created on their first one, with this complaint counted:
 * one round trip, by _id (customerIdFor). A customer stored before ids came from emails answers
 * the upsert with a duplicate email; then they are found by email. `count: false` for a replayed
 * filing that was counted the first time.
 */
export async function customerForComplaint(p: ComplainingCustomer, at: Date, count = true) {
  const update = {
    $setOnInsert: { email: p.email, name: p.name, ...(p.phone ? { phone: p.phone } : {}) },
    ...(count ? { $inc: { complaintCount: 1 }, $set: { lastComplaintAt: at } } : {}),
  };
  const byId = await Customer.findOneAndUpdate({ _id: customerIdFor(p.email) }, update, { upsert: true, new: true, lean: true }).catch((err: unknown) => {
    if (isDuplicateKey(err)) return null;
    throw err;
  });
  if (byId) return byId;
  // An earlier customer with a random id (or a racing first complaint of this one): by email.
  const { $setOnInsert: _unused, ...existing } = update;
  return (await Customer.findOneAndUpdate({ email: p.email }, existing, { new: true, lean: true })) ?? Customer.findById(customerIdFor(p.email)).lean();
}
