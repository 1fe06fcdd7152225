import { AppError, type Dashboard, type DashboardInput } from '@erp/shared';
import type { AppServices } from '../../deps';
import type { SessionUser } from '../../http/session';
import { listReports } from './datasets.service';

// A person's own dashboard (docs/decisions/0004): the reports they chose, in their order. Only reports they
// may see can be put on it; one they later lose access to is left out when it is read.

const itemsOf = (value: unknown): string[] =>
  Array.isArray(value)
    ? value.flatMap((item) => (typeof item?.documentId === 'string' ? [item.documentId] : []))
    : [];

export async function getDashboard(deps: AppServices, user: SessionUser): Promise<Dashboard> {
  const [row, reports] = await Promise.all([
    deps.prisma.dashboard.findUnique({ where: { userId: user.id } }),
    listReports(deps, user),
  ]);
  const byId = new Map(reports.map((report) => [report.documentId, report]));
  return { items: itemsOf(row?.items).flatMap((id) => byId.get(id) ?? []) };
}

export async function saveDashboard(
  deps: AppServices,
  user: SessionUser,
  input: DashboardInput,
): Promise<Dashboard> {
  const visible = new Set((await listReports(deps, user)).map((report) => report.documentId));
  const issues = input.items.flatMap((item, index) =>
    visible.has(item.documentId)
      ? []
      : [{ path: ['items', index, 'documentId'], message: 'No published report you may see has this id.' }],
  );
  if (issues.length > 0)
    throw new AppError('validation_failed', 'Only reports you may see can be on your dashboard.', { issues });
  await deps.prisma.dashboard.upsert({
    where: { userId: user.id },
    create: { userId: user.id, items: input.items },
    update: { items: input.items },
  });
  return getDashboard(deps, user);
}
