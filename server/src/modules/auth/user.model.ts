import mongoose, { Schema, type InferSchemaType, type HydratedDocument } from 'mongoose';
import { availabilities, roles } from '@redress/shared';

/** Staff accounts: agents, supervisors and admins. */
const userSchema = new Schema(
  {
    email: { type: String, required: true, lowercase: true, trim: true },
    name: { type: String, required: true },
    passwordHash: { type: String, required: true },
    role: { type: String, enum: roles, required: true },
    teamIds: { type: [Schema.Types.ObjectId], default: [] },
    skills: {
      type: new Schema({ categories: { type: [String], default: [] }, languages: { type: [String], default: [] } }, { _id: false }),
      default: () => ({ categories: [], languages: [] }),
      required: true,
    },
    /** Max open complaints routed to this agent at once. */
    capacity: { type: Number, default: 5, min: 0 },
    /** Open complaints assigned now; changed only by atomic conditional updates (see routing). */
    openCount: { type: Number, default: 0, min: 0 },
    availability: { type: String, enum: availabilities, default: 'offline' },
    lastAssignedAt: { type: Date, default: null },
    lastSeenAt: { type: Date, default: null },
    locale: { type: String, default: 'en' },
    /** Per-remedy and per-day compensation an agent may issue without a supervisor. */
    remedyLimits: {
      type: new Schema({ perRemedy: { type: Number, default: 50 }, perDay: { type: Number, default: 200 } }, { _id: false }),
      default: () => ({ perRemedy: 50, perDay: 200 }),
      required: true,
    },
    senior: { type: Boolean, default: false },
    /** Also email the agent when a complaint is assigned to them (the console always notifies). */
    notifyByEmail: { type: Boolean, default: false },
    active: { type: Boolean, default: true },
    /** Bumped to revoke every session of the user at once. */
    sessionVersion: { type: Number, default: 0 },
  },
  { strict: true, timestamps: true },
);
userSchema.index({ email: 1 }, { unique: true });
userSchema.index({ role: 1, availability: 1 });

export type UserFields = InferSchemaType<typeof userSchema>;
export type UserDoc = HydratedDocument<UserFields>;
export const User = mongoose.model('User', userSchema, 'users');
