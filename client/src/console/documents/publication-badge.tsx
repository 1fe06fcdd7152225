import type { Publication } from '@erp/shared/api/documents';
import { Badge } from '../../ui/badge';

/** Where a document stands with publishing, in one badge: draft, live vN, or live vN with later edits. */
export function PublicationBadge({ publication }: { publication: Publication }) {
  const { liveVersion, pendingVersion, editedSinceLive } = publication;
  const pending =
    pendingVersion === null ? null : <Badge tone="amber">{`v${pendingVersion} waits for approval`}</Badge>;
  if (liveVersion === null) {
    return (
      <span className="inline-flex flex-wrap gap-1 whitespace-nowrap">
        <Badge>Draft</Badge>
        {pending}
      </span>
    );
  }
  return (
    <span className="inline-flex flex-wrap gap-1 whitespace-nowrap">
      <Badge tone="green">{`Live v${liveVersion}`}</Badge>
      {editedSinceLive && (
        <span title={`The draft has edits that are not in version ${liveVersion} yet.`}>
          <Badge tone="indigo">Edited since</Badge>
        </span>
      )}
      {pending}
    </span>
  );
}
