import { createHash } from 'node:crypto';
import mongoose, { Schema, Types, type InferSchemaType, type HydratedDocument } from 'mongoose';
import { customerTiers, lifecycleStages } from '@redress/shared';

/** A customer, upserted by email on every complaint; value figures come from the business's import. */
const customerSchema = new Schema(
  {
    email: { type: String, required: true, lowercase: true, trim: true },
    name: { type: String, required: true },
    phone: String,
    averageOrderValue: { type: Number, default: 0 },
    ordersPerYear: { type: Number, default: 0 },
    yearsAsCustomer: { type: Number, default: 0 },
    lifetimeValue: { type: Number, default: 0 },
    tier: { type: String, enum: customerTiers, default: 'standard' },
    lifecycleStage: { type: String, enum: lifecycleStages, default: 'acquisition' },
    complaintCount: { type: Number, default: 0 },
    lastComplaintAt: { type: Date, default: null },
    /** When the value figures were last imported (null = never: tier is a default). */
    valueImportedAt: { type: Date, default: null },
  },
  { strict: true, timestamps: true },
);
customerSchema.index({ email: 1 }, { unique: true });
customerSchema.index({ tier: 1 });
// The customer list sorts by value; tier recomputes scan by value range.
customerSchema.index({ lifetimeValue: -1 });

export type CustomerFields = InferSchemaType<typeof customerSchema>;
export type CustomerDoc = HydratedDocument<CustomerFields>;
export const Customer = mongoose.model('Customer', customerSchema, 'customers');

/**
 * The id a customer created from now on gets: derived from the (lowercased) email, so finding a
 * customer by email is a lookup by _id, which every engine answers from its primary key (FerretDB
 * 1.x scans a collection for any other filter). Customers stored earlier keep their random ids and
 * are found by email (customerForComplaint falls back).
 */
export function customerIdFor(email: string): Types.ObjectId {
  return new Types.ObjectId(createHash('sha256').update(email.trim().toLowerCase()).digest('hex').slice(0, 24));
}
