import { z } from 'zod';
import { reportSummarySchema } from './datasets';

// A person's portal dashboard: published reports in the order they arranged them (docs/decisions/0004).

export const dashboardMaxItems = 20;

export const dashboardInputSchema = z.strictObject({
  items: z
    .array(z.strictObject({ documentId: z.uuid() }))
    .max(dashboardMaxItems, `A dashboard holds at most ${dashboardMaxItems} reports.`)
    .superRefine((items, ctx) => {
      const seen = new Set<string>();
      items.forEach((item, index) => {
        if (seen.has(item.documentId))
          ctx.addIssue({
            code: 'custom',
            path: [index, 'documentId'],
            message: 'This report is already on it.',
          });
        seen.add(item.documentId);
      });
    }),
});
export type DashboardInput = z.infer<typeof dashboardInputSchema>;

// The reports still visible to the person, in their order (ones they lost access to are left out).
export const dashboardSchema = z.object({ items: z.array(reportSummarySchema) });
export type Dashboard = z.infer<typeof dashboardSchema>;
