import {
  type CreateDocumentInput,
  type DuplicateDocumentInput,
  documentCountsSchema,
  documentListSchema,
  documentSchema,
  type ListDocumentsQuery,
  type UpdateDocumentInput,
} from '@erp/shared/api/documents';
import { apiRequest } from './client';

// Lists and details are kept for offline use (see offline-copies.ts).
// The server fills in what is left out (archived=false, its page size).
export function listDocuments(query: Partial<ListDocumentsQuery>, signal?: AbortSignal) {
  return apiRequest('/api/documents', { query, schema: documentListSchema, signal, offline: true });
}

export function countDocuments(signal?: AbortSignal) {
  return apiRequest('/api/documents/counts', { schema: documentCountsSchema, signal, offline: true });
}

export function getDocument(id: string, signal?: AbortSignal) {
  return apiRequest(`/api/documents/${encodeURIComponent(id)}`, {
    schema: documentSchema,
    signal,
    offline: true,
  });
}

export function createDocument(input: CreateDocumentInput) {
  return apiRequest('/api/documents', { method: 'POST', body: input, schema: documentSchema });
}

export function updateDocument(id: string, input: UpdateDocumentInput) {
  return apiRequest(`/api/documents/${encodeURIComponent(id)}`, {
    method: 'PATCH',
    body: input,
    schema: documentSchema,
  });
}

export function deleteDocument(id: string) {
  return apiRequest(`/api/documents/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

export function duplicateDocument(id: string, input: DuplicateDocumentInput) {
  return apiRequest(`/api/documents/${encodeURIComponent(id)}/duplicate`, {
    method: 'POST',
    body: input,
    schema: documentSchema,
  });
}
