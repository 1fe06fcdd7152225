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

export const documentSchema = z.object({
  id: z.uuid(),
  kind: documentKindSchema,
  name: z.string(),
  createdBy: userRefSchema,
  createdAt: z.iso.datetime(),
  updatedBy: userRefSchema,
  updatedAt: z.iso.datetime(),
  archived: z.boolean(),
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
