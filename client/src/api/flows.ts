import {
  instanceListSchema,
  instanceViewSchema,
  startableFlowListSchema,
  startedInstanceSchema,
  taskDetailSchema,
  taskListSchema,
} from '@erp/shared/api/flows';
import { apiRequest, type QueryValue } from './client';

// The portal's calls: flows to start, the inbox, one task and what a person does with it, my flows.

export type FormData = Record<string, unknown>;

export function listStartableFlows(signal?: AbortSignal) {
  return apiRequest('/api/portal/flows', { schema: startableFlowListSchema, signal });
}

export function startFlow(documentId: string, data: FormData) {
  return apiRequest(`/api/flows/${documentId}/instances`, {
    method: 'POST',
    body: { data },
    schema: startedInstanceSchema,
  });
}

export function listTasks(query: Record<string, QueryValue>, signal?: AbortSignal) {
  return apiRequest('/api/portal/tasks', { query, schema: taskListSchema, signal });
}

export function getTask(id: string, signal?: AbortSignal) {
  return apiRequest(`/api/portal/tasks/${id}`, { schema: taskDetailSchema, signal });
}

export type TaskAction = 'claim' | 'unclaim';

export function actOnTask(id: string, action: TaskAction) {
  return apiRequest(`/api/portal/tasks/${id}/${action}`, { method: 'POST', schema: taskDetailSchema });
}

export function completeTask(id: string, data: FormData) {
  return apiRequest(`/api/portal/tasks/${id}/complete`, { method: 'POST', body: { data } });
}

export function sendTaskBack(id: string, reason: string) {
  return apiRequest(`/api/portal/tasks/${id}/send-back`, {
    method: 'POST',
    body: { reason },
    schema: taskDetailSchema,
  });
}

export function saveTaskDraft(id: string, data: FormData) {
  return apiRequest(`/api/portal/tasks/${id}/draft`, {
    method: 'PUT',
    body: { data },
    schema: taskDetailSchema,
  });
}

export function commentOnTask(id: string, body: string) {
  return apiRequest(`/api/portal/tasks/${id}/comments`, {
    method: 'POST',
    body: { body },
    schema: taskDetailSchema,
  });
}

export function listMyInstances(query: { cursor?: string }, signal?: AbortSignal) {
  return apiRequest('/api/portal/instances', { query, schema: instanceListSchema, signal });
}

export function getInstance(id: string, signal?: AbortSignal) {
  return apiRequest(`/api/instances/${id}`, { schema: instanceViewSchema, signal });
}
