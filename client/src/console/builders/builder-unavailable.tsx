import type { DocumentKind } from '@erp/shared/ids';
import { Hammer } from 'lucide-react';
import { EmptyState } from '../../ui/empty-state';
import { documentKindInfo } from '../documents/document-kinds';

/** The one way the console says a kind's builder does not exist yet (see `builders` in collab-builder.tsx). */
export function BuilderUnavailable({ kind }: { kind: DocumentKind }) {
  const { singular } = documentKindInfo[kind];
  return (
    <EmptyState icon={Hammer} title={`The ${singular} builder is not available yet`}>
      <p>
        You cannot create or edit {singular}s in the console yet. When the builder arrives, you and your
        colleagues will edit them together here, live or offline.{' '}
        {singular.charAt(0).toUpperCase() + singular.slice(1)}s that already exist keep their name and
        history.
      </p>
    </EmptyState>
  );
}
