import { dashboardSchema } from '@erp/shared/api/dashboards';
import { apiRequest } from './client';

// The signed-in person's dashboard: the reports they put on it, in their order.

export function getDashboard(signal?: AbortSignal) {
  return apiRequest('/api/portal/dashboard', { schema: dashboardSchema, signal });
}

export function saveDashboard(documentIds: string[]) {
  return apiRequest('/api/portal/dashboard', {
    method: 'PUT',
    body: { items: documentIds.map((documentId) => ({ documentId })) },
    schema: dashboardSchema,
  });
}
