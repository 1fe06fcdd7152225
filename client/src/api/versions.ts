import {
  type CreateReviewInput,
  diffSchema,
  draftReplacedSchema,
  historyListSchema,
  historyPointContentSchema,
  type PublishInput,
  publishingSettingsSchema,
  publishPreviewSchema,
  publishResultSchema,
  reviewListSchema,
  reviewSchema,
  snapshotContentSchema,
  versionListSchema,
  versionSchema,
} from '@erp/shared/api/versions';
import { apiRequest } from './client';

// Publish, versions, diff, restore, reviews and history of one builder document (issue 9's API).

const documentPath = (id: string) => `/api/documents/${encodeURIComponent(id)}`;
const versionPath = (id: string, number: number) => `${documentPath(id)}/versions/${number}`;

/** One side of a comparison as the API spells it: a version number, `draft`, or `history:<pointId>`. */
export type DiffSide = number | 'draft' | `history:${string}`;

export function getPublishPreview(id: string, signal?: AbortSignal) {
  return apiRequest(`${documentPath(id)}/publish/preview`, { schema: publishPreviewSchema, signal });
}

export function publishDocument(id: string, input: PublishInput) {
  return apiRequest(`${documentPath(id)}/publish`, {
    method: 'POST',
    body: input,
    schema: publishResultSchema,
  });
}

export function listVersions(id: string, cursor: string | undefined, signal?: AbortSignal) {
  return apiRequest(`${documentPath(id)}/versions`, { query: { cursor }, schema: versionListSchema, signal });
}

export function getVersion(id: string, number: number, signal?: AbortSignal) {
  return apiRequest(versionPath(id, number), { schema: versionSchema, signal });
}

export function getDiff(id: string, from: DiffSide, to: DiffSide, signal?: AbortSignal) {
  return apiRequest(`${documentPath(id)}/diff`, { query: { from, to }, schema: diffSchema, signal });
}

/** The draft as JSON in the kind's published schema. */
export function exportDraft(id: string, signal?: AbortSignal) {
  return apiRequest(`${documentPath(id)}/export`, { schema: snapshotContentSchema, signal });
}

export function restoreVersion(id: string, version: number) {
  return apiRequest(`${documentPath(id)}/restore`, {
    method: 'POST',
    body: { version },
    schema: draftReplacedSchema,
  });
}

/** Replaces the draft with an imported snapshot; a 422 names each problem by path. */
export function replaceDraft(id: string, content: unknown) {
  return apiRequest(`${documentPath(id)}/content`, {
    method: 'PUT',
    body: { content },
    schema: draftReplacedSchema,
  });
}

export function listReviews(id: string, number: number, signal?: AbortSignal) {
  return apiRequest(`${versionPath(id, number)}/reviews`, { schema: reviewListSchema, signal });
}

export function createReview(id: string, number: number, input: CreateReviewInput) {
  return apiRequest(`${versionPath(id, number)}/reviews`, {
    method: 'POST',
    body: input,
    schema: reviewSchema,
  });
}

export function listHistory(id: string, cursor: string | undefined, signal?: AbortSignal) {
  return apiRequest(`${documentPath(id)}/history`, { query: { cursor }, schema: historyListSchema, signal });
}

export function getHistoryPoint(id: string, pointId: string, signal?: AbortSignal) {
  return apiRequest(`${documentPath(id)}/history/${encodeURIComponent(pointId)}`, {
    schema: historyPointContentSchema,
    signal,
  });
}

export function getPublishingSettings(signal?: AbortSignal) {
  return apiRequest('/api/settings/publishing', { schema: publishingSettingsSchema, signal });
}

export function updatePublishingSettings(requiresApproval: boolean) {
  return apiRequest('/api/settings/publishing', {
    method: 'PUT',
    body: { requiresApproval },
    schema: publishingSettingsSchema,
  });
}
