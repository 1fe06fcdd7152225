import type { DocumentSummary } from '@erp/shared/api/documents';
import type { DocumentChange } from '@erp/shared/documents/diff/changes';
import type { DocumentKind } from '@erp/shared/ids';
import { GitCompareArrows } from 'lucide-react';
import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useApi } from '../../api/use-api';
import * as versionsApi from '../../api/versions';
import { ErrorAlert } from '../../ui/alert';
import { buttonClasses } from '../../ui/button';
import { Card, CardHeader } from '../../ui/card';
import { EmptyState } from '../../ui/empty-state';
import { LoadingState } from '../../ui/spinner';
import { DocumentFrame, documentSectionPath } from '../documents/document-frame';
import { ChangeList } from './change-list';
import { changeMarks, changeTarget, describeEntity } from './changes';
import { CompareForm } from './compare-form';
import type { Marks } from './marked-element';
import { ReviewPanel } from './review-panel';
import { type DiffSide, describeSide, type LoadedSide, loadSide, parseDiffSide } from './sides';
import { elementLabel } from './snapshot-content';
import { SnapshotView } from './snapshot-view';
import { VersionStatusBadge } from './version-status';

/**
 * /console/<segment>/:id/compare?from=…&to=…: two versions (or a version and the draft, or a point of the
 * edit history) side by side, the changes between them as a list that shows each element when clicked, and
 * — when the newer side is a version — its review.
 */
export function ComparePage({ kind }: { kind: DocumentKind }) {
  const [params] = useSearchParams();
  const from = parseDiffSide(params.get('from'));
  const to = parseDiffSide(params.get('to'));
  return (
    <DocumentFrame kind={kind} section="versions">
      {(document) =>
        from === null || to === null ? (
          <Card>
            <EmptyState
              icon={GitCompareArrows}
              title="There is nothing to compare at this address"
              action={
                <Link
                  to={documentSectionPath(kind, document.id, 'versions')}
                  className={buttonClasses('primary')}
                >
                  Choose versions to compare
                </Link>
              }
            >
              <p>The link names a version that is not a number, or a side that does not exist.</p>
            </EmptyState>
          </Card>
        ) : (
          <Comparison key={`${from}|${to}`} kind={kind} document={document} from={from} to={to} />
        )
      }
    </DocumentFrame>
  );
}

function Comparison({
  kind,
  document,
  from,
  to,
}: {
  kind: DocumentKind;
  document: DocumentSummary;
  from: DiffSide;
  to: DiffSide;
}) {
  const { id } = document;
  const [selected, setSelected] = useState<string | null>(null);
  const comparison = useApi(`compare|${id}|${from}|${to}`, async (signal) => {
    const [diff, before, after] = await Promise.all([
      versionsApi.getDiff(id, from, to, signal),
      loadSide(id, from, signal),
      loadSide(id, to, signal),
    ]);
    return { changes: diff.changes, before, after };
  });
  const versions = useApi(`versions|${id}|compare`, (signal) =>
    versionsApi.listVersions(id, undefined, signal),
  );
  const marks = useMemo(() => changeMarks(comparison.data?.changes ?? []), [comparison.data]);

  const form = versions.data && (
    <CompareForm kind={kind} documentId={id} versions={versions.data.items} from={from} to={to} />
  );
  if (comparison.error !== undefined) {
    return (
      <>
        {form}
        <ErrorAlert
          error={comparison.error}
          title="These versions could not be compared"
          onRetry={comparison.reload}
        />
      </>
    );
  }
  if (!comparison.data) return <LoadingState label="Comparing…" />;
  const { changes, before, after } = comparison.data;
  const describeElement = (entityId: string) => describeElementIn(changes, [after, before], entityId);

  return (
    <>
      {form}
      <div className="grid gap-6 xl:grid-cols-[22rem_minmax(0,1fr)]">
        <div className="space-y-6 xl:sticky xl:top-20 xl:max-h-[calc(100vh-6rem)] xl:self-start xl:overflow-y-auto">
          <Card>
            <CardHeader
              title="Changes"
              description={
                changes.length === 0
                  ? 'None: both sides are the same.'
                  : `${changes.length} from ${describeSide(from, before.point)} to ${describeSide(to, after.point)}. Select one to see it.`
              }
            />
            {changes.length > 0 && (
              <ChangeList changes={changes} label="Changes" selected={selected} onSelect={setSelected} />
            )}
          </Card>
          {after.version && (
            <ReviewPanel
              documentId={id}
              version={after.version}
              selected={selected}
              describeElement={describeElement}
              onSelectElement={setSelected}
              onDecided={comparison.reload}
            />
          )}
        </div>
        <div className="grid min-w-0 content-start gap-4 md:grid-cols-2">
          <SideCard kind={kind} side={before} marks={{ marks, selected }} onSelect={setSelected} />
          <SideCard kind={kind} side={after} marks={{ marks, selected }} onSelect={setSelected} />
        </div>
      </div>
    </>
  );
}

function SideCard({
  kind,
  side,
  marks,
  onSelect,
}: {
  kind: DocumentKind;
  side: LoadedSide;
  marks: Marks;
  onSelect: (entityId: string) => void;
}) {
  const title = describeSide(side.side, side.point);
  return (
    <Card className="min-w-0">
      <CardHeader
        title={title}
        description={
          side.version ? (
            <span className="flex flex-wrap items-center gap-2">
              <VersionStatusBadge status={side.version.status} />
              {side.version.message || 'No message'} · {side.version.author.name}
            </span>
          ) : side.side === 'draft' ? (
            'What developers are editing now.'
          ) : undefined
        }
      />
      <section aria-label={title} className="py-3 pr-3">
        <SnapshotView kind={kind} snapshot={side.content} marks={marks} onSelect={onSelect} />
      </section>
    </Card>
  );
}

/** How a review names an element: from the diff when it changed, else from either side's content. */
function describeElementIn(
  changes: readonly DocumentChange[],
  sides: readonly LoadedSide[],
  entityId: string,
): string {
  const change = changes.find((candidate) => changeTarget(candidate) === entityId && !candidate.parentId);
  if (change) return describeEntity(change);
  for (const side of sides) {
    const label = elementLabel(side.content, entityId);
    if (label) return `“${label}”`;
  }
  return entityId === 'document' ? 'the document' : `element ${entityId}`;
}
