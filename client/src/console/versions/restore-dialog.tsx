import type { VersionSummary } from '@erp/shared/api/versions';
import * as versionsApi from '../../api/versions';
import { ConfirmDialog } from '../../ui/confirm-dialog';

/** "Restore version 3?": the draft becomes that version for everyone editing it, as one ordinary edit. */
export function RestoreDialog({
  documentId,
  version,
  onClose,
  onRestored,
}: {
  documentId: string;
  version: Pick<VersionSummary, 'number'>;
  onClose: () => void;
  onRestored: (message: string) => void;
}) {
  return (
    <ConfirmDialog
      title={`Restore version ${version.number} into the draft?`}
      confirmLabel={`Restore version ${version.number}`}
      onClose={onClose}
      onConfirm={async () => {
        const { changed } = await versionsApi.restoreVersion(documentId, version.number);
        onRestored(
          changed
            ? `The draft is now version ${version.number}. Publish it to make it live again.`
            : `The draft already equalled version ${version.number}; nothing changed.`,
        );
      }}
    >
      <p>
        The draft becomes exactly version {version.number}, at once, for everyone editing it. Edits made since
        are replaced, but not lost: the edit history keeps them. What is live does not change until you
        publish.
      </p>
    </ConfirmDialog>
  );
}
