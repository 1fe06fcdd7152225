import {
  createdHookSchema,
  deadLetterListSchema,
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

export function listRecentEvents(type: string, signal?: AbortSignal) {
  return apiRequest('/api/trigger-events', { query: { type }, schema: recentEventListSchema, signal });
}

export function listHooks(signal?: AbortSignal) {
  return apiRequest('/api/webhook-endpoints', { schema: hookListSchema, signal });
}

export function rotateHookSecret(id: string) {
  return apiRequest(`/api/webhook-endpoints/${id}/rotate-secret`, {
    method: 'POST',
    schema: createdHookSchema,
  });
}
