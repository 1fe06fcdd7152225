import type { DocumentSummary } from '@erp/shared/api/documents';
import type { HistoryPoint } from '@erp/shared/api/versions';
import type { DocumentKind } from '@erp/shared/ids';
import { Eye, GitCompareArrows, History } from 'lucide-react';
import { Link, useParams } from 'react-router';
import { useApi, usePagedList } from '../../api/use-api';
import * as versionsApi from '../../api/versions';
import { ErrorAlert } from '../../ui/alert';
import { buttonClasses } from '../../ui/button';
import { EmptyState } from '../../ui/empty-state';
import { formatDateTime, initials } from '../../ui/format';
import { PagedListCard } from '../../ui/paged-list-card';
import { LoadingState } from '../../ui/spinner';
import { DocumentFrame } from '../documents/document-frame';
import { documentKindInfo } from '../documents/document-kinds';
import { comparePagePath, describeSide, historyPointPagePath } from './sides';
import { SnapshotCard } from './snapshot-view';

const day = new Intl.DateTimeFormat(undefined, { dateStyle: 'full' });
const time = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });

/**
 * /console/<segment>/:id/history: who edited the draft when, newest first, grouped by author (one point per
 * author per few minutes of work); each point can be viewed as the draft was then, or compared with the draft.
 */
export function HistoryPage({ kind }: { kind: DocumentKind }) {
  return (
    <DocumentFrame kind={kind} section="history">
      {(document) => <Timeline kind={kind} document={document} />}
    </DocumentFrame>
  );
}

function Timeline({ kind, document }: { kind: DocumentKind; document: DocumentSummary }) {
  const { id } = document;
  const list = usePagedList(`history|${id}`, (cursor, signal) => versionsApi.listHistory(id, cursor, signal));
  return (
    <PagedListCard
      list={list}
      noun="History"
      empty={
        <EmptyState icon={History} title="No edits yet">
          <p>
            Every edit is kept with who made it. Once someone changes this {documentKindInfo[kind].singular},
            its history appears here.
          </p>
        </EmptyState>
      }
    >
      {(points) => (
        <div className="space-y-6 px-5 py-5">
          {groupByDay(points).map(([label, dayPoints]) => (
            <section key={label} aria-label={label}>
              <h2 className="text-sm font-semibold text-neutral-900">{label}</h2>
              <ol className="mt-3 ml-3 space-y-4 border-l-2 border-neutral-200 pl-8">
                {dayPoints.map((point) => (
                  <TimelineItem key={point.id} kind={kind} documentId={id} point={point} />
                ))}
              </ol>
            </section>
          ))}
        </div>
      )}
    </PagedListCard>
  );
}

function TimelineItem({
  kind,
  documentId,
  point,
}: {
  kind: DocumentKind;
  documentId: string;
  point: HistoryPoint;
}) {
  const name = point.author?.name ?? 'Someone no longer here';
  const side = `history:${point.id}` as const;
  const range =
    time.format(new Date(point.from)) === time.format(new Date(point.to))
      ? time.format(new Date(point.to))
      : `${time.format(new Date(point.from))}–${time.format(new Date(point.to))}`;
  return (
    <li className="relative flex flex-wrap items-center gap-x-4 gap-y-2" data-history-point={point.id}>
      <span
        aria-hidden="true"
        className="absolute top-1 -left-[43px] flex size-6 items-center justify-center rounded-full bg-indigo-100 text-[10px] font-semibold text-indigo-700 ring-4 ring-white"
      >
        {initials(name)}
      </span>
      <div className="min-w-0 flex-1 text-sm">
        <p className="font-medium text-neutral-900">{name}</p>
        <p className="text-neutral-500">
          <time dateTime={point.to} title={formatDateTime(point.to)}>
            {range}
          </time>{' '}
          · {point.edits} {point.edits === 1 ? 'edit' : 'edits'}
        </p>
      </div>
      <div className="flex gap-2">
        <Link className={buttonClasses('ghost', 'sm')} to={historyPointPagePath(kind, documentId, point.id)}>
          <Eye className="size-4" aria-hidden="true" />
          View
        </Link>
        <Link className={buttonClasses('ghost', 'sm')} to={comparePagePath(kind, documentId, side, 'draft')}>
          <GitCompareArrows className="size-4" aria-hidden="true" />
          Compare with the draft
        </Link>
      </div>
    </li>
  );
}

function groupByDay(points: readonly HistoryPoint[]): [string, HistoryPoint[]][] {
  const days = new Map<string, HistoryPoint[]>();
  for (const point of points) {
    const label = day.format(new Date(point.to));
    days.set(label, [...(days.get(label) ?? []), point]);
  }
  return [...days];
}

/** /console/<segment>/:id/history/:pointId: the draft as it was right after one author's run of edits. */
export function HistoryPointPage({ kind }: { kind: DocumentKind }) {
  return (
    <DocumentFrame kind={kind} section="history">
      {(document) => <HistoryPointView kind={kind} document={document} />}
    </DocumentFrame>
  );
}

function HistoryPointView({ kind, document }: { kind: DocumentKind; document: DocumentSummary }) {
  const { id } = document;
  const { pointId = '' } = useParams();
  const point = useApi(`history-point|${id}|${pointId}`, (signal) =>
    versionsApi.getHistoryPoint(id, pointId, signal),
  );
  if (point.error !== undefined) {
    return (
      <ErrorAlert
        error={point.error}
        title="This point of the history could not be loaded"
        onRetry={point.reload}
      />
    );
  }
  if (!point.data) return <LoadingState label="Loading the history…" />;
  const side = `history:${pointId}` as const;
  return (
    <SnapshotCard
      kind={kind}
      snapshot={point.data.content}
      title={describeSide(side, point.data.point)}
      description={`The draft right after these ${point.data.point.edits} edits.`}
      actions={
        <Link className={buttonClasses('secondary', 'sm')} to={comparePagePath(kind, id, side, 'draft')}>
          <GitCompareArrows className="size-4" aria-hidden="true" />
          Compare with the draft
        </Link>
      }
    />
  );
}
