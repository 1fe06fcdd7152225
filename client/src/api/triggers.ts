import {
  createdHookSchema,
  createdSecretSchema,
  deadLetterListSchema,
  hookDeliveryListSchema,
  hookListSchema,
  outboxListSchema,
  recentEventListSchema,
  secretListSchema,
  type TriggerTestInput,
  triggerRunListSchema,
  triggerTestResultSchema,
} from '@erp/shared/api/triggers';
import { z } from 'zod';
import { apiRequest } from './client';

// Triggers at work: the tester, runs, the outbox, dead letters, and the secrets webhooks sign with.

export function testTrigger(documentId: string, input: TriggerTestInput) {
  return apiRequest(`/api/triggers/${documentId}/test`, {
    method: 'POST',
    body: input,
    schema: triggerTestResultSchema,
  });
}

export function listTriggerRuns(documentId: string, cursor: string | undefined, signal?: AbortSignal) {
  return apiRequest(`/api/triggers/${documentId}/runs`, {
    query: { cursor, limit: 20 },
    schema: triggerRunListSchema,
    signal,
  });
}

/** Where an outbox mail's attachment downloads from (a plain link: the browser saves it). */
export const outboxAttachmentUrl = (messageId: string, position: number) =>
  `/api/outbox/${encodeURIComponent(messageId)}/attachments/${position}`;

export function listOutbox(cursor: string | undefined, signal?: AbortSignal) {
  return apiRequest('/api/outbox', { query: { cursor }, schema: outboxListSchema, signal });
}

export function listDeadLetters(cursor: string | undefined, signal?: AbortSignal) {
  return apiRequest('/api/dead-letters', { query: { cursor }, schema: deadLetterListSchema, signal });
}

export function retryDeadLetter(id: string) {
  return apiRequest(`/api/dead-letters/${id}/retry`, {
    method: 'POST',
    schema: z.object({ id: z.string(), status: z.string() }),
  });
}

export function listSecrets(signal?: AbortSignal) {
  return apiRequest('/api/secrets', { schema: secretListSchema, signal });
}

/** Stores a signing secret; without a value the server generates one and answers it this once. */
export function createSecret(input: { name: string; value?: string }) {
  return apiRequest('/api/secrets', { method: 'POST', body: input, schema: createdSecretSchema });
}

export function rotateSecret(id: string) {
  return apiRequest(`/api/secrets/${id}/rotate`, { method: 'POST', schema: createdSecretSchema });
}

export function deleteSecret(id: string) {
  return apiRequest(`/api/secrets/${id}`, { method: 'DELETE' });
}

export function listRecentEvents(type: string, signal?: AbortSignal) {
  return apiRequest('/api/trigger-events', { query: { type }, schema: recentEventListSchema, signal });
}

export function listHooks(signal?: AbortSignal) {
  return apiRequest('/api/webhook-endpoints', { schema: hookListSchema, signal });
}

export function createHook(name: string) {
  return apiRequest('/api/webhook-endpoints', {
    method: 'POST',
    body: { name },
    schema: createdHookSchema,
  });
}

export function deleteHook(id: string) {
  return apiRequest(`/api/webhook-endpoints/${id}`, { method: 'DELETE' });
}

export function listHookDeliveries(id: string, signal?: AbortSignal) {
  return apiRequest(`/api/webhook-endpoints/${id}/deliveries`, {
    schema: hookDeliveryListSchema,
    signal,
  });
}

export function rotateHookSecret(id: string) {
  return apiRequest(`/api/webhook-endpoints/${id}/rotate-secret`, {
    method: 'POST',
    schema: createdHookSchema,
  });
}
