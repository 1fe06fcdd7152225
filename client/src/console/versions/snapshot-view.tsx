import type { DocumentKind } from '@erp/shared/ids';
import { lazy, type ReactNode, Suspense } from 'react';
import { Card, CardHeader } from '../../ui/card';
import { LoadingState } from '../../ui/spinner';
import { EntityOutline } from './entity-outline';
import { FormPreview } from './form-preview';
import { type Marks, noMarks } from './marked-element';
import type { Snapshot } from './snapshot-content';

const FlowDiffCanvas = lazy(() => import('./flow-diff-canvas'));

/**
 * A version, history point or draft shown read-only the way its kind is best read, changes marked: a form as
 * its preview, a flow on its canvas (with every step and connection listed below), the others as an outline.
 */
export function SnapshotView({
  kind,
  snapshot,
  marks = noMarks,
  onSelect,
}: {
  kind: DocumentKind;
  snapshot: Snapshot;
  marks?: Marks;
  /** An element picked in the view itself (a node clicked on the canvas). */
  onSelect?: (entityId: string) => void;
}) {
  if (kind === 'taskForm') return <FormPreview snapshot={snapshot} marks={marks} />;
  const outline = <EntityOutline kind={kind} snapshot={snapshot} marks={marks} />;
  if (kind !== 'flow') return outline;
  return (
    <div className="space-y-4">
      <Suspense fallback={<LoadingState label="Drawing the flow…" />}>
        <FlowDiffCanvas snapshot={snapshot} marks={marks} onSelect={onSelect} />
      </Suspense>
      {outline}
    </div>
  );
}

/** A read-only page's content: what it is (title, who, when), what one can do with it, and the snapshot. */
export function SnapshotCard({
  kind,
  title,
  description,
  actions,
  snapshot,
}: {
  kind: DocumentKind;
  title: string;
  description: ReactNode;
  actions: ReactNode;
  snapshot: Snapshot;
}) {
  return (
    <Card>
      <CardHeader title={title} description={description} />
      <div className="flex flex-wrap gap-2 border-b border-neutral-200 px-5 py-3">{actions}</div>
      <p className="px-5 pt-3 text-xs text-neutral-500">Read-only.</p>
      <div className="py-3 pr-3">
        <SnapshotView kind={kind} snapshot={snapshot} />
      </div>
    </Card>
  );
}
