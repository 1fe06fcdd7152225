import type { DocumentKind } from '@erp/shared/ids';
import type { ReactNode } from 'react';
import { Card, CardHeader } from '../../ui/card';
import { EntityOutline } from './entity-outline';
import { FormPreview } from './form-preview';
import { type Marks, noMarks } from './marked-element';
import type { Snapshot } from './snapshot-content';

/** A version, history point or draft shown read-only the way its kind is best read, changes marked. */
export function SnapshotView({
  kind,
  snapshot,
  marks = noMarks,
}: {
  kind: DocumentKind;
  snapshot: Snapshot;
  marks?: Marks;
}) {
  if (kind === 'taskForm') return <FormPreview snapshot={snapshot} marks={marks} />;
  return <EntityOutline kind={kind} snapshot={snapshot} marks={marks} />;
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
