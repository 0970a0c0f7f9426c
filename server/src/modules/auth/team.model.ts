import mongoose, { Schema, type InferSchemaType } from 'mongoose';

/** A team of agents; complaints belong to one team, and visibility follows team membership. */
const teamSchema = new Schema(
  {
    key: { type: String, required: true, lowercase: true, trim: true },
    name: { type: String, required: true },
    /** Categories routed to this team by default (empty = catch-all). */
    categories: { type: [String], default: [] },
    /** The queue escalations go to. */
    senior: { type: Boolean, default: false },
    /** How routing picks an agent in this team (modules/routing/routingEngine.ts). */
    routingStrategy: { type: String, enum: ['skills_load', 'round_robin'], default: 'skills_load' },
  },
  { strict: true, timestamps: true },
);
teamSchema.index({ key: 1 }, { unique: true });

export type TeamFields = InferSchemaType<typeof teamSchema>;
export const Team = mongoose.model('Team', teamSchema, 'teams');
