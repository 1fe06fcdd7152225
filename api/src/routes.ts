import type { RouteSpec } from './http/route';
import { authRoutes } from './modules/auth/auth.routes';
import { systemRoutes } from './modules/system/system.routes';

/** Every route of the API, each with its declared policy (see http/route.ts). */
export const allRoutes: RouteSpec[] = [...authRoutes, ...systemRoutes];
