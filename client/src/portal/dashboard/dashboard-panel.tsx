import { useSortable } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import type { ReportSummary } from '@erp/shared/api/datasets';
import { ArrowDown, ArrowUp, GripVertical, X } from 'lucide-react';
import { Link } from 'react-router';
import { getDatasetResults } from '../../api/datasets';
import { useApi } from '../../api/use-api';
import { ErrorAlert } from '../../ui/alert';
import { Button } from '../../ui/button';
import { LoadingState } from '../../ui/spinner';
import { ReportBody } from '../reports/report-sections';

/**
 * One report on the dashboard, moved by its handle (pointer, or keyboard: space, arrows, space) or one place at a
 * time by its up and down buttons — the dependable way for a keyboard when reports are taller than the screen.
 */
export function DashboardPanel({
  report,
  onMoveUp,
  onMoveDown,
  onRemove,
}: {
  report: ReportSummary;
  onMoveUp: (() => void) | undefined;
  onMoveDown: (() => void) | undefined;
  onRemove: () => void;
}) {
  const sortable = useSortable({ id: report.documentId });
  const result = useApi(`report:${report.documentId}`, (signal) =>
    getDatasetResults(report.documentId, signal),
  );
  return (
    <li
      ref={sortable.setNodeRef}
      style={{ transform: CSS.Translate.toString(sortable.transform), transition: sortable.transition }}
      className={`space-y-3 rounded-lg border border-neutral-200 bg-neutral-50 p-3 sm:p-4 ${sortable.isDragging ? 'relative z-10 shadow-lg' : ''}`}
      aria-label={report.name}
    >
      <div className="flex items-center gap-2">
        <button
          type="button"
          className="cursor-grab rounded p-1 text-neutral-500 hover:bg-neutral-200 focus-visible:outline-2 focus-visible:outline-indigo-600"
          aria-label={`Move ${report.name}`}
          {...sortable.attributes}
          {...sortable.listeners}
        >
          <GripVertical className="size-5" aria-hidden />
        </button>
        <h2 className="min-w-0 flex-1 truncate text-base font-semibold text-neutral-900">
          <Link to={`/portal/reports/${report.documentId}`} className="hover:text-indigo-700">
            {report.name}
          </Link>
        </h2>
        <Button
          size="sm"
          variant="ghost"
          icon={ArrowUp}
          disabled={!onMoveUp}
          onClick={onMoveUp}
          aria-label={`Move ${report.name} up`}
        />
        <Button
          size="sm"
          variant="ghost"
          icon={ArrowDown}
          disabled={!onMoveDown}
          onClick={onMoveDown}
          aria-label={`Move ${report.name} down`}
        />
        <Button size="sm" variant="ghost" icon={X} onClick={onRemove} aria-label={`Remove ${report.name}`}>
          <span className="hidden sm:inline">Remove</span>
        </Button>
      </div>
      {result.error !== undefined ? (
        <ErrorAlert error={result.error} title="This report could not be shown" onRetry={result.reload} />
      ) : !result.data ? (
        <LoadingState />
      ) : (
        <ReportBody result={result.data} />
      )}
    </li>
  );
}
