import { Link, useParams } from 'react-router';
import { getDatasetResults } from '../../api/datasets';
import { useApi } from '../../api/use-api';
import { ErrorAlert } from '../../ui/alert';
import { PageHeader } from '../../ui/page-header';
import { LoadingState } from '../../ui/spinner';
import { ReportBody } from './report-sections';

// One published dataset (report-sections.tsx shows it). This page is its own chunk, so the chart library loads
// only here.

export function ReportPage() {
  const { documentId = '' } = useParams();
  const result = useApi(`report:${documentId}`, (signal) => getDatasetResults(documentId, signal));
  const eyebrow = (
    <Link to="/portal/reports" className="hover:text-indigo-700">
      ← Reports
    </Link>
  );
  if (result.error !== undefined)
    return (
      <>
        <PageHeader title="Report" eyebrow={eyebrow} />
        <ErrorAlert error={result.error} title="This report could not be shown" onRetry={result.reload} />
      </>
    );
  if (!result.data) return <LoadingState />;
  const { data } = result;
  return (
    <>
      <PageHeader
        title={data.name || 'Report'}
        eyebrow={eyebrow}
        description={data.description || undefined}
      />
      <ReportBody result={data} />
    </>
  );
}
