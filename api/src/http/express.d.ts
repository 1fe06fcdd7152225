import type { SessionUser } from '@erp/prisma';

declare global {
  namespace Express {
    interface Request {
      id: string;
      auth: { user: SessionUser; token: string } | null;
    }
  }
}
