import { idParamsSchema, storedFileSchema, uploadFileQuerySchema } from '@erp/shared';
import { defineRoute } from '../../http/route';
import { downloadFile, getFileMeta, uploadFile } from './files.service';

const tag = 'files';
// Anyone signed in may upload; reading is scoped by the service (uploader, or who sees what it is attached to).
const policy = 'authenticated';

export const fileRoutes = [
  defineRoute({
    method: 'post',
    path: '/api/files',
    summary:
      'Upload a file (the raw bytes as application/octet-stream, ?name=); unattached until a form or record names it',
    tag,
    policy,
    status: 201,
    input: { query: uploadFileQuerySchema },
    response: storedFileSchema,
    handle: async ({ deps, user, query, req, res }) => uploadFile(deps, user, query.name, req, res),
  }),
  defineRoute({
    method: 'get',
    path: '/api/files/:id/meta',
    summary: 'A file’s name, sniffed type, size and checksum',
    tag,
    policy,
    input: { params: idParamsSchema },
    response: storedFileSchema,
    handle: async ({ deps, user, params }) => getFileMeta(deps, user, params.id),
  }),
  defineRoute({
    method: 'get',
    path: '/api/files/:id',
    summary: 'Download a file (always as an attachment)',
    tag,
    policy,
    input: { params: idParamsSchema },
    handle: async ({ deps, user, params, res }) => downloadFile(deps, user, params.id, res),
  }),
];
