import { datasetResultSchema, datasetSourceSchema, reportSummarySchema } from '@erp/shared/api/datasets';
import { z } from 'zod';
import { apiRequest } from './client';

// The portal's reports: published datasets the user may see, and one dataset's rows with its sections.

const reportListSchema = z.object({ items: z.array(reportSummarySchema) });

export function listReports(signal?: AbortSignal) {
  return apiRequest('/api/portal/reports', { schema: reportListSchema, signal });
}

export function getDatasetResults(documentId: string, signal?: AbortSignal) {
  return apiRequest(`/api/datasets/${documentId}/results`, { schema: datasetResultSchema, signal });
}

const sourceListSchema = z.object({ items: z.array(datasetSourceSchema) });

/** Work data a dataset can read besides tables (flow instances, tasks, each published form's answers). */
export function listDatasetSources(signal?: AbortSignal) {
  return apiRequest('/api/datasets/sources', { schema: sourceListSchema, signal });
}
