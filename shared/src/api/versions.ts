import { z } from 'zod';
import { documentChangeSchema } from '../documents/diff/changes';
import { documentKindSchema } from '../ids';
import { jsonInputSchema, listResponseSchema, textSchema, userRefSchema } from './common';
import { tableMigrationPreviewSchema } from './records';

// Publish, versions, diff, restore, releases, reviews, history: the contract of issue 9.

// candidate: waits for a reviewer's approval; live: what the engine and the portal run (one per document);
// superseded: was live, a newer version went live; withdrawn: a candidate replaced by a newer publish.
export const versionStatuses = ['candidate', 'live', 'superseded', 'withdrawn'] as const;
export type VersionStatus = (typeof versionStatuses)[number];

export const versionNumberSchema = z.coerce.number().int().min(1).max(2_147_483_647);

export const versionSummarySchema = z.object({
  number: z.number().int(),
  status: z.enum(versionStatuses),
  contentHash: z.string(),
  author: userRefSchema,
  message: z.string(),
  createdAt: z.iso.datetime(),
  // Who approved a candidate (null when publishing needed no approval or it is not approved yet).
  approvedBy: userRefSchema.nullable(),
  approvedAt: z.iso.datetime().nullable(),
});
export type VersionSummary = z.infer<typeof versionSummarySchema>;
export const versionListSchema = listResponseSchema(versionSummarySchema);

// A snapshot in the kind's published schema.
export const snapshotContentSchema = z.record(z.string(), z.unknown());

export const versionSchema = versionSummarySchema.extend({
  kind: documentKindSchema,
  content: snapshotContentSchema,
});
export type Version = z.infer<typeof versionSchema>;

export const versionParamsSchema = z.strictObject({ id: z.uuid(), number: versionNumberSchema });

export const publishInputSchema = z.strictObject({ message: textSchema.trim().max(2000).default('') });
export type PublishInput = z.infer<typeof publishInputSchema>;

// 201 with `created: true`; 200 with the latest version and `created: false` when the content did not change.
export const publishResultSchema = z.object({ version: versionSummarySchema, created: z.boolean() });
export type PublishResult = z.infer<typeof publishResultSchema>;

// One problem found by publish (422 `validation_failed`, `details: { issues }`), by stable ids. Releases name the
// document each issue belongs to.
export const publishIssueSchema = z.object({
  path: z.array(z.string()),
  message: z.string(),
  documentId: z.uuid().optional(),
});
export type PublishIssue = z.infer<typeof publishIssueSchema>;
export const publishIssuesDetailsSchema = z.object({ issues: z.array(publishIssueSchema) });

// Who made the edits since the last version (from the update log), most edits first.
export const editAuthorSchema = z.object({
  user: userRefSchema,
  edits: z.number().int(),
  firstEditAt: z.iso.datetime(),
  lastEditAt: z.iso.datetime(),
});
export type EditAuthor = z.infer<typeof editAuthorSchema>;

export const publishPreviewSchema = z.object({
  // The version the changes are counted from (the latest one, live or candidate); null before the first.
  baseVersion: z.number().int().nullable(),
  changes: z.array(documentChangeSchema),
  authors: z.array(editAuthorSchema),
  // What publishing now would refuse (the same checks as publish, cross-references included).
  issues: z.array(publishIssueSchema),
  requiresApproval: z.boolean(),
  // Tables: the schema migration and its effect on rows.
  migration: tableMigrationPreviewSchema.optional(),
});
export type PublishPreview = z.infer<typeof publishPreviewSchema>;

// A diff endpoint: a version number, `draft`, or a history point (`history:<pointId>`).
export const diffEndpointSchema = z.union([
  versionNumberSchema.transform((number) => ({ type: 'version' as const, number })),
  z.literal('draft').transform(() => ({ type: 'draft' as const })),
  z
    .string()
    .regex(/^history:\d{1,18}$/)
    .transform((value) => ({ type: 'history' as const, pointId: value.slice('history:'.length) })),
]);
export type DiffEndpoint = z.output<typeof diffEndpointSchema>;

export const diffQuerySchema = z.strictObject({ from: diffEndpointSchema, to: diffEndpointSchema });
export type DiffQuery = z.infer<typeof diffQuerySchema>;

export const diffSchema = z.object({ changes: z.array(documentChangeSchema) });
export type DocumentDiff = z.infer<typeof diffSchema>;

export const restoreInputSchema = z.strictObject({ version: versionNumberSchema });
export type RestoreInput = z.infer<typeof restoreInputSchema>;

// `changed: false` when the draft already equalled the content.
export const draftReplacedSchema = z.object({ changed: z.boolean() });
export type DraftReplaced = z.infer<typeof draftReplacedSchema>;

// Replaces the draft with an imported snapshot (422 with `details.issues` by path when it is not valid).
export const replaceContentInputSchema = z.strictObject({ content: jsonInputSchema });
export type ReplaceContentInput = z.infer<typeof replaceContentInputSchema>;

export const createReleaseInputSchema = z.strictObject({
  documentIds: z
    .array(z.uuid())
    .min(1)
    .max(50)
    .refine((ids) => new Set(ids).size === ids.length, 'List each document once.'),
  message: textSchema.trim().max(2000).default(''),
});
export type CreateReleaseInput = z.infer<typeof createReleaseInputSchema>;

export const releaseSchema = z.object({
  id: z.uuid(),
  message: z.string(),
  author: userRefSchema,
  createdAt: z.iso.datetime(),
  documents: z.array(
    z.object({
      documentId: z.uuid(),
      kind: documentKindSchema,
      name: z.string(),
      version: versionSummarySchema,
      created: z.boolean(),
    }),
  ),
});
export type Release = z.infer<typeof releaseSchema>;

export const reviewDecisions = ['approve', 'requestChanges', 'comment'] as const;
export type ReviewDecision = (typeof reviewDecisions)[number];

export const createReviewInputSchema = z
  .strictObject({
    decision: z.enum(reviewDecisions),
    body: textSchema.trim().max(10_000).default(''),
    // One element of the diff the review is about (a field, node, edge… by stable id).
    entityId: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/)
      .optional(),
    // A reply in the thread that this review started.
    parentId: z.uuid().optional(),
  })
  .refine((input) => input.decision !== 'comment' || input.body.length > 0, {
    path: ['body'],
    message: 'Write a comment.',
  });
export type CreateReviewInput = z.infer<typeof createReviewInputSchema>;

export const reviewSchema = z.object({
  id: z.uuid(),
  versionNumber: z.number().int(),
  decision: z.enum(reviewDecisions),
  body: z.string(),
  entityId: z.string().nullable(),
  parentId: z.uuid().nullable(),
  author: userRefSchema,
  createdAt: z.iso.datetime(),
});
export type Review = z.infer<typeof reviewSchema>;
// Oldest first, so threads read top to bottom.
export const reviewListSchema = z.object({ items: z.array(reviewSchema) });

export const publishingSettingsSchema = z.object({ requiresApproval: z.boolean() });
export type PublishingSettings = z.infer<typeof publishingSettingsSchema>;
export const updatePublishingSettingsInputSchema = z.strictObject({ requiresApproval: z.boolean() });

// Edits grouped per author per 5 minutes, newest first. A point is the draft right after its last edit.
export const historyPointSchema = z.object({
  id: z.string(),
  author: userRefSchema.nullable(),
  from: z.iso.datetime(),
  to: z.iso.datetime(),
  edits: z.number().int(),
});
export type HistoryPoint = z.infer<typeof historyPointSchema>;
export const historyListSchema = listResponseSchema(historyPointSchema);

export const historyPointParamsSchema = z.strictObject({
  id: z.uuid(),
  pointId: z.string().regex(/^\d{1,18}$/),
});
export const historyPointContentSchema = z.object({
  point: historyPointSchema,
  content: snapshotContentSchema,
});
