import mongoose, { Schema, type HydratedDocument } from 'mongoose';
import type { ComplaintFields } from './complaint.types';
import { slaSubdocSchema } from '../sla/slaSubdoc.schema';
import {
  channels,
  complaintStatuses,
  customerTiers,
  desiredResolutions,
  dissatisfactionKinds,
  lifecycleStages,
  priorityLevels,
  prioritySources,
  rootCauses,
  severities,
} from '@redress/shared';

/**
 * A complaint. Its timeline (messages, status changes, attachments) lives in complaint_events,
 * never in an array here, so this document stays small and every change is a single atomic update.
 */
const complaintSchema = new Schema<ComplaintFields>(
  {
    reference: { type: String, required: true },
    customerId: { type: Schema.Types.ObjectId, required: true },
    customer: {
      name: { type: String, required: true },
      email: { type: String, required: true },
      phone: String,
      tier: { type: String, enum: customerTiers, default: 'standard' },
      lifetimeValue: { type: Number, default: 0 },
      lifecycleStage: { type: String, enum: lifecycleStages, default: 'acquisition' },
      /** Earlier complaints by this customer when this one was filed. */
      priorComplaints: { type: Number, default: 0 },
    },
    channel: { type: String, enum: channels, required: true },
    category: { type: String, required: true },
    rootCause: { type: String, enum: rootCauses, required: true },
    kind: { type: String, enum: dissatisfactionKinds, required: true },
    severity: { type: String, enum: severities, required: true },
    subject: { type: String, required: true },
    description: { type: String, required: true },
    orderRef: String,
    amount: Number,
    currency: String,
    desiredResolution: { type: String, enum: desiredResolutions },
    language: { type: String, default: 'en' },
    /** The customer's IANA zone when known (the web form sends the browser's); due times are written in it. */
    timeZone: { type: String, default: null },
    status: { type: String, enum: complaintStatuses, default: 'new' },
    priority: { type: String, enum: priorityLevels, default: 'normal' },
    priorityScore: { type: Number, default: 0 },
    prioritySource: { type: String, enum: prioritySources, default: 'filed' },
    teamId: { type: Schema.Types.ObjectId, default: null },
    assigneeId: { type: Schema.Types.ObjectId, default: null },
    assigneeName: { type: String, default: null },
    assignedAt: { type: Date, default: null },
    /** Why the current assignment was made (strategy and plain-words reason). */
    assignment: { strategy: String, reason: String, reasonText: { type: Schema.Types.Mixed, default: null }, at: Date, by: String },
    /** Set while the complaint waits in the priority queue for a free agent. */
    queuedAt: { type: Date, default: null },
    /** Agents who handed this complaint back: routing does not offer it to them again. */
    handedBackBy: { type: [Schema.Types.ObjectId], default: [] },
    firstResponseAt: { type: Date, default: null },
    resolvedAt: { type: Date, default: null },
    closedAt: { type: Date, default: null },
    reopenCount: { type: Number, default: 0 },
    lastCustomerMessageAt: { type: Date, default: null },
    lastStaffMessageAt: { type: Date, default: null },
    /** Message-ID of the first email of the thread, for References headers. */
    mailThreadRoot: { type: String, default: null },
    csat: { score: Number, comment: String, at: Date },
    /** SLA clocks, timers' generations and outcome (modules/sla); null until a policy applies. */
    sla: { type: slaSubdocSchema, default: null },
    /** Revision: the position of the complaint's latest change in its feed (feed/complaintWriter.ts). */
    rev: { type: Number, default: 0 },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { strict: true, versionKey: false, minimize: false },
);
complaintSchema.index({ reference: 1 }, { unique: true });
complaintSchema.index({ status: 1, teamId: 1, priorityScore: -1 });
complaintSchema.index({ assigneeId: 1, status: 1 });
complaintSchema.index({ customerId: 1, createdAt: -1 });
complaintSchema.index({ createdAt: -1 });
complaintSchema.index({ queuedAt: 1 });
complaintSchema.index({ resolvedAt: -1 });

export type { ComplaintFields };
export type ComplaintDoc = HydratedDocument<ComplaintFields>;
export const Complaint = mongoose.model<ComplaintFields>('Complaint', complaintSchema, 'complaints');
