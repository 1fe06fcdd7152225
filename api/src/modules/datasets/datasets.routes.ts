import {
  dashboardInputSchema,
  dashboardSchema,
  datasetParamsSchema,
  datasetResultSchema,
  datasetResultsQuerySchema,
  datasetSourceSchema,
  documentReaderRoles,
  jsonInputSchema,
  reportSummarySchema,
} from '@erp/shared';
import { z } from 'zod';
import { defineRoute } from '../../http/route';
import { getDashboard, saveDashboard } from './dashboard.service';
import {
  exportDatasetCsv,
  getDatasetResults,
  listReports,
  listWorkDataSources,
  previewDataset,
} from './datasets.service';

const tag = 'datasets';
// Who may see a published dataset is decided by the tables it reads (checked by the service).
const policy = 'authenticated';

const previewInputSchema = z.strictObject({
  content: jsonInputSchema,
  params: z.record(z.string().max(64), z.string().max(1000)).default({}),
});

export const datasetRoutes = [
  defineRoute({
    method: 'get',
    path: '/api/portal/reports',
    summary: 'Published datasets the caller may see (every table they read is readable to them), by name',
    tag,
    policy,
    response: z.object({ items: z.array(reportSummarySchema) }),
    handle: async ({ deps, user }) => ({ items: await listReports(deps, user) }),
  }),
  defineRoute({
    method: 'get',
    path: '/api/portal/dashboard',
    summary: 'The caller’s dashboard: the reports they put on it and may still see, in their order',
    tag,
    policy,
    response: dashboardSchema,
    handle: async ({ deps, user }) => getDashboard(deps, user),
  }),
  defineRoute({
    method: 'put',
    path: '/api/portal/dashboard',
    summary: 'Arrange the caller’s dashboard: reports they may see, in order (at most 20)',
    tag,
    policy,
    input: { body: dashboardInputSchema },
    response: dashboardSchema,
    handle: async ({ deps, user, body }) => saveDashboard(deps, user, body),
  }),
  defineRoute({
    method: 'get',
    path: '/api/datasets/:documentId/results',
    summary: 'Rows and column metadata of a published dataset; filter placeholders read param.<name>=value',
    tag,
    policy,
    input: { params: datasetParamsSchema, query: datasetResultsQuerySchema },
    response: datasetResultSchema,
    handle: async ({ deps, user, params, query }) =>
      getDatasetResults(deps, user, params.documentId, query.params),
  }),
  defineRoute({
    method: 'get',
    path: '/api/datasets/:documentId/export',
    summary: 'The rows of a published dataset as CSV (a header of column aliases), streamed',
    tag,
    policy,
    input: { params: datasetParamsSchema, query: datasetResultsQuerySchema },
    handle: async ({ deps, user, params, query, res }) =>
      exportDatasetCsv(deps, user, params.documentId, query.params, res),
  }),
  defineRoute({
    method: 'get',
    path: '/api/datasets/sources',
    summary:
      'Work data a dataset can read besides tables: flow instances, tasks, each published form’s answers',
    tag,
    policy: { roles: documentReaderRoles },
    response: z.object({ items: z.array(datasetSourceSchema) }),
    handle: async ({ deps }) => ({ items: await listWorkDataSources(deps) }),
  }),
  defineRoute({
    method: 'post',
    path: '/api/datasets/preview',
    summary: 'Rows of a dataset draft (its content as the builder holds it), for the live preview',
    tag,
    policy: { roles: documentReaderRoles },
    input: { body: previewInputSchema },
    response: datasetResultSchema,
    handle: async ({ deps, user, body }) => previewDataset(deps, user, body.content, body.params),
  }),
];
