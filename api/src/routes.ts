import type { RouteSpec } from './http/route';
import { auditRoutes } from './modules/audit/audit.routes';
import { authRoutes } from './modules/auth/auth.routes';
import { connectionRoutes } from './modules/connections/connections.routes';
import { datasetRoutes } from './modules/datasets/datasets.routes';
import { documentRoutes } from './modules/documents/documents.routes';
import { fileRoutes } from './modules/files/files.routes';
import { flowRoutes } from './modules/flows/flows.routes';
import { assignmentRoutes } from './modules/hierarchy/assignments.routes';
import { orgRoleRoutes } from './modules/hierarchy/org-roles.routes';
import { structureRoutes } from './modules/hierarchy/structure.routes';
import { recordRoutes } from './modules/records/records.routes';
import { systemRoutes } from './modules/system/system.routes';
import { triggerRoutes } from './modules/triggers/triggers.routes';
import { userRoutes } from './modules/users/users.routes';
import { versionRoutes } from './modules/versions/versions.routes';

/** Every route of the API, each with its declared policy (see http/route.ts). */
export const allRoutes: RouteSpec[] = [
  ...authRoutes,
  ...systemRoutes,
  ...userRoutes,
  ...structureRoutes,
  ...orgRoleRoutes,
  ...assignmentRoutes,
  ...documentRoutes,
  ...versionRoutes,
  ...flowRoutes,
  ...auditRoutes,
  ...triggerRoutes,
  ...recordRoutes,
  ...connectionRoutes,
  ...datasetRoutes,
  ...fileRoutes,
];
