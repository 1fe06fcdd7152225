import {
  createDocumentInputSchema,
  documentCountsSchema,
  documentListSchema,
  documentReaderRoles,
  documentSchema,
  documentWriterRoles,
  duplicateDocumentInputSchema,
  idParamsSchema,
  listDocumentsQuerySchema,
  updateDocumentInputSchema,
} from '@erp/shared';
import { defineRoute } from '../../http/route';
import {
  countDocuments,
  createDocument,
  deleteDocument,
  duplicateDocument,
  getDocument,
  listDocuments,
  updateDocument,
} from './documents.service';

const tag = 'Documents';
const readers = { roles: documentReaderRoles };
const writers = { roles: documentWriterRoles };

export const documentRoutes = [
  defineRoute({
    method: 'get',
    path: '/api/documents',
    summary: 'Builder documents, most recently changed first; filter by kind, name (q) and archived',
    tag,
    policy: readers,
    input: { query: listDocumentsQuerySchema },
    response: documentListSchema,
    handle: async ({ deps, query }) => listDocuments(deps, query),
  }),
  // Before `/api/documents/:id`, which would otherwise take "counts" for an id.
  defineRoute({
    method: 'get',
    path: '/api/documents/counts',
    summary: 'How many active documents of each kind there are',
    tag,
    policy: readers,
    response: documentCountsSchema,
    handle: async ({ deps }) => countDocuments(deps),
  }),
  defineRoute({
    method: 'post',
    path: '/api/documents',
    summary: 'Create a document; `content` imports a snapshot in the kind’s published schema',
    tag,
    policy: writers,
    input: { body: createDocumentInputSchema },
    response: documentSchema,
    status: 201,
    handle: async ({ deps, user, body }) => createDocument(deps, user, body),
  }),
  defineRoute({
    method: 'get',
    path: '/api/documents/:id',
    summary: 'One document (name, kind, who created and last changed it)',
    tag,
    policy: readers,
    input: { params: idParamsSchema },
    response: documentSchema,
    handle: async ({ deps, params }) => getDocument(deps, params.id),
  }),
  defineRoute({
    method: 'post',
    path: '/api/documents/:id/duplicate',
    summary: 'A new document starting from this one’s current draft, under a new name',
    tag,
    policy: writers,
    input: { params: idParamsSchema, body: duplicateDocumentInputSchema },
    response: documentSchema,
    status: 201,
    handle: async ({ deps, user, params, body }) => duplicateDocument(deps, user, params.id, body),
  }),
  defineRoute({
    method: 'patch',
    path: '/api/documents/:id',
    summary: 'Rename, archive or restore a document',
    tag,
    policy: writers,
    input: { params: idParamsSchema, body: updateDocumentInputSchema },
    response: documentSchema,
    handle: async ({ deps, user, params, body }) => updateDocument(deps, user, params.id, body),
  }),
  defineRoute({
    method: 'delete',
    path: '/api/documents/:id',
    summary: 'Delete a document and its edit history',
    tag,
    policy: writers,
    input: { params: idParamsSchema },
    handle: async ({ deps, user, params }) => deleteDocument(deps, user, params.id),
  }),
];
