import { type ConnectInput, connectionListSchema, connectStartSchema } from '@erp/shared/api/connections';
import { apiRequest } from './client';

// Connected Google and Microsoft accounts (OAuth); the browser goes to the provider's consent page and back.

export function listConnections(signal?: AbortSignal) {
  return apiRequest('/api/connections', { schema: connectionListSchema, signal });
}

export function startConnection(input: ConnectInput) {
  return apiRequest('/api/connections', { method: 'POST', body: input, schema: connectStartSchema });
}

export function reconnect(id: string) {
  return apiRequest(`/api/connections/${id}/reconnect`, { method: 'POST', schema: connectStartSchema });
}

export function disconnect(id: string) {
  return apiRequest(`/api/connections/${id}`, { method: 'DELETE' });
}
