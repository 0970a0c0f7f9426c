import {
  auditPageQuerySchema,
  auditQuerySchema,
  remedyProposeSchema,
  budgetsSaveSchema,
  remedyApproveSchema,
  remedyDeclineSchema,
  remedyRequestSchema,
  rulePreviewSchema,
  ruleSaveSchema,
  voucherRedeemSchema,
  remedyFulfilmentSchema,
} from '@redress/shared';
import type { ModuleApiDoc } from '../../platform/http/openapi';
import { budgetQuerySchema } from './compensation.router';
import { queueQuerySchema } from './remedies.router';

const remedy = '`{ remedy: RemedyView }`';

/** Rules, budgets and audit; remedies of complaints; the customer's remedies; the shop's voucher API. */
export const compensationApiDoc: ModuleApiDoc = {
  tag: { name: 'compensation', description: 'Remedies, their rules and budgets, and vouchers' },
  paths: {
    '/api/compensation/rules': {
      get: { summary: 'Current version of every rule, by priority', access: 'supervisor', responses: { 200: '`{ items: RuleVersion[] }`' } },
    },
    '/api/compensation/rules/{key}/versions': { get: { summary: "A rule's history", access: 'supervisor', responses: { 200: '`{ items: RuleVersion[] }`' } } },
    '/api/compensation/rules/{key}': {
      put: {
        summary: 'Save a rule as a new version (key must match the path)',
        access: 'supervisor',
        body: ruleSaveSchema,
        responses: { 201: '`{ rule: RuleVersion }`' },
      },
    },
    '/api/compensation/rules/preview': {
      post: {
        summary: 'What a rule would have suggested on recent complaints',
        access: 'supervisor',
        body: rulePreviewSchema,
        responses: { 200: 'Preview of matches and amounts' },
      },
    },
    '/api/compensation/budgets': {
      get: {
        summary: 'Budgets of a period (default: this month)',
        access: 'supervisor',
        query: budgetQuerySchema,
        responses: { 200: '`{ period, items: Budget[] }`' },
      },
      put: { summary: 'Set budget limits', access: 'supervisor', body: budgetsSaveSchema, responses: { 200: '`{ items: Budget[] }`' } },
    },
    '/api/compensation/audit': {
      get: {
        summary: 'Remedy audit trail, newest first, paged; filters: complaint (reference or id), agent (user id), type, from/to (`to` includes its day)',
        access: 'supervisor',
        query: auditPageQuerySchema,
        responses: { 200: '`{ items: RemedyAuditView[], page, pageSize, total }`' },
      },
    },
    '/api/compensation/audit/actors': {
      get: { summary: 'Staff who appear in the audit trail (for its filter)', access: 'supervisor', responses: { 200: '`{ items: { id, name }[] }`' } },
    },
    '/api/compensation/audit.csv': {
      get: {
        summary: 'Remedy audit trail as CSV, with the audit view’s filters (`to` includes its day)',
        access: 'supervisor',
        query: auditQuerySchema,
        responses: { 200: { description: 'CSV', contentType: 'text/csv' } },
      },
    },
    '/api/complaints/{id}/remedies': {
      get: { summary: "A complaint's remedies", access: 'staff', responses: { 200: '`{ items: RemedyView[] }`' } },
      post: {
        summary: 'Propose a remedy of any type: approved within the agent’s limits and the budget of its currency, else waiting for a supervisor',
        access: 'staff',
        body: remedyProposeSchema,
        responses: { 201: '`{ remedy, autoApproved }`' },
        errors: [409],
      },
    },
    '/api/complaints/{id}/remedies/apology': {
      post: {
        summary: 'Send the apology in one step (request + issue); idempotent: a replay answers with Idempotent-Replayed: true and sends nothing',
        access: 'staff',
        responses: { 200: remedy },
        errors: [409],
      },
    },
    '/api/complaints/{id}/remedies/suggest': {
      post: { summary: 'Run the rules on a complaint now', access: 'staff', responses: { 200: '`{ items, suggestions, changed }`' } },
    },
    '/api/remedies': {
      get: {
        summary: 'Approval queue: remedies in one status, oldest request first',
        access: 'supervisor',
        query: queueQuerySchema,
        responses: { 200: '`{ items: RemedyView[] }`' },
      },
    },
    '/api/remedies/{id}/request': {
      post: {
        summary: 'Take up a suggestion (maybe auto-approved within limits)',
        access: 'staff',
        body: remedyRequestSchema,
        responses: { 200: '`{ remedy, autoApproved }`' },
        errors: [409],
      },
    },
    '/api/remedies/{id}/approve': {
      post: { summary: 'Approve a requested remedy', access: 'supervisor', body: remedyApproveSchema, responses: { 200: remedy }, errors: [409] },
    },
    '/api/remedies/{id}/decline': {
      post: { summary: 'Decline a requested remedy', access: 'supervisor', body: remedyDeclineSchema, responses: { 200: remedy }, errors: [409] },
    },
    '/api/remedies/{id}/issue': {
      post: {
        summary: 'Issue an approved remedy (idempotent: a replay answers with Idempotent-Replayed: true)',
        access: 'staff',
        responses: { 200: remedy },
        errors: [409],
      },
    },
    '/api/portal/complaints/{reference}/remedies': {
      get: { summary: "The customer's issued remedies", access: 'tracking', responses: { 200: '`{ items: PortalRemedy[] }`' } },
    },
    '/api/vouchers/{code}/redeem': {
      post: {
        summary: 'The shop redeems a voucher at checkout',
        description: '409 voucher_redeemed or voucher_expired; 503 when SHOP_API_KEY is not configured.',
        access: 'shop',
        rateLimited: true,
        body: voucherRedeemSchema,
        responses: { 200: '`{ voucher }`' },
        errors: [409, 503],
      },
    },
    '/api/remedies/{id}/fulfilment': {
      post: {
        summary: 'The shop or payment system reports an issued remedy carried out (fulfilled) or not (failed)',
        description:
          'For remedies another system carries out (refund, replacement, repair, points, surprise gift): issued means Redress asked for it; ' +
          'this report makes it true for the customer (email and tracking page). Idempotent: the same report again answers 200 with ' +
          '`Idempotent-Replayed: true` and changes nothing. Failed may later become fulfilled; fulfilled is final (409). ' +
          '409 invalid_state for a remedy not issued or not carried out by another system; 503 when SHOP_API_KEY is not configured. ' +
          'Sends the `remedy.fulfilled` or `remedy.fulfilment_failed` webhook.',
        access: 'shop',
        rateLimited: true,
        params: { id: 'The remedy id (`data.remedy.id` of the `remedy.issued` webhook)' },
        body: remedyFulfilmentSchema,
        responses: { 200: '`{ remedy }`: the remedy as webhooks carry it, with `fulfilment: { status, at, reference, note }`' },
        errors: [409, 503],
      },
    },
  },
};
