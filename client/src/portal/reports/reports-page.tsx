import { ChartColumnBig } from 'lucide-react';
import { Link } from 'react-router';
import { listReports } from '../../api/datasets';
import { useApi } from '../../api/use-api';
import { ErrorAlert } from '../../ui/alert';
import { Card } from '../../ui/card';
import { EmptyState } from '../../ui/empty-state';
import { PageHeader } from '../../ui/page-header';
import { LoadingState } from '../../ui/spinner';

export function ReportsPage() {
  const reports = useApi('reports', listReports);
  const items = reports.data?.items ?? [];
  return (
    <>
      <PageHeader title="Reports" description="Figures and charts over the data you may see." />
      {reports.error !== undefined && (
        <ErrorAlert error={reports.error} title="The reports could not be loaded" onRetry={reports.reload} />
      )}
      <Card>
        {reports.isLoading && !reports.data ? (
          <LoadingState />
        ) : items.length === 0 ? (
          <EmptyState icon={ChartColumnBig} title="No reports yet">
            <p>
              Reports appear here once a developer publishes a dataset over tables you may read. Ask them for
              the one you need.
            </p>
          </EmptyState>
        ) : (
          <ul className="divide-y divide-neutral-100" aria-label="Reports">
            {items.map((report) => (
              <li key={report.documentId} className="px-4 py-4 sm:px-5">
                <Link
                  to={`/portal/reports/${report.documentId}`}
                  className="font-medium text-neutral-900 hover:text-indigo-700 focus-visible:underline"
                >
                  {report.name}
                </Link>
                {report.description && <p className="mt-1 text-sm text-neutral-600">{report.description}</p>}
              </li>
            ))}
          </ul>
        )}
      </Card>
    </>
  );
}
