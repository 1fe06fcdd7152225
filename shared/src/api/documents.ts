import { z } from 'zod';
import { documentKindSchema } from '../ids';
import {
  jsonInputSchema,
  listQuerySchema,
  listResponseSchema,
  nameSchema,
  searchQuerySchema,
  userRefSchema,
} from './common';

// Where a document stands with publishing, for lists and headers: its live version, a version waiting for a
// reviewer's approval, and whether the draft was edited after the live version was published.
export const publicationSchema = z.object({
  liveVersion: z.number().int().nullable(),
  pendingVersion: z.number().int().nullable(),
  editedSinceLive: z.boolean(),
});
export type Publication = z.infer<typeof publicationSchema>;

export const documentSchema = z.object({
  id: z.uuid(),
  kind: documentKindSchema,
  name: z.string(),
  createdBy: userRefSchema,
  createdAt: z.iso.datetime(),
  updatedBy: userRefSchema,
  updatedAt: z.iso.datetime(),
  archived: z.boolean(),
  publication: publicationSchema,
});
export type DocumentSummary = z.infer<typeof documentSchema>;
export const documentListSchema = listResponseSchema(documentSchema);

// Active (not archived) documents per kind, every kind present.
export const documentCountsSchema = z.object({ counts: z.record(documentKindSchema, z.number().int()) });
export type DocumentCounts = z.infer<typeof documentCountsSchema>;

// `content` is a snapshot in the kind's published schema; it is validated against that kind's schema.
export const createDocumentInputSchema = z.strictObject({
  kind: documentKindSchema,
  name: nameSchema,
  content: jsonInputSchema.optional(),
});

// A copy starts from the original's current draft (valid or not), under a new name.
export const duplicateDocumentInputSchema = z.strictObject({ name: nameSchema });
export type DuplicateDocumentInput = z.infer<typeof duplicateDocumentInputSchema>;

export const updateDocumentInputSchema = z
  .strictObject({ name: nameSchema, archived: z.boolean() })
  .partial();

export const listDocumentsQuerySchema = listQuerySchema.extend({
  kind: documentKindSchema.optional(),
  q: searchQuerySchema,
  archived: z.enum(['true', 'false', 'all']).default('false'),
});

export type ListDocumentsQuery = z.infer<typeof listDocumentsQuerySchema>;
export type CreateDocumentInput = z.infer<typeof createDocumentInputSchema>;
export type UpdateDocumentInput = z.infer<typeof updateDocumentInputSchema>;
