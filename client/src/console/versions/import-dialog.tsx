import type { PublishIssue } from '@erp/shared/api/versions';
import type { DocumentKind } from '@erp/shared/ids';
import { useState } from 'react';
import { ApiError, splitFormError } from '../../api/client';
import { useAction } from '../../api/use-api';
import * as versionsApi from '../../api/versions';
import { FormDialog } from '../../ui/dialog';
import { documentKindInfo } from '../documents/document-kinds';
import { JsonFileField, readJsonFile } from '../documents/json-file';
import { describeIssuePath } from './issue-paths';
import { publishIssuesOf } from './publish-problems';
import type { Snapshot } from './snapshot-content';

/**
 * Replaces the draft with a file exported from a builder (this installation or another), as one edit everyone
 * in the document sees. A file that does not fit is refused whole, with every problem listed by where it is.
 */
export function ImportDialog({
  kind,
  documentId,
  onClose,
  onImported,
}: {
  kind: DocumentKind;
  documentId: string;
  onClose: () => void;
  onImported: (changed: boolean) => void;
}) {
  const info = documentKindInfo[kind];
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<{ content: Snapshot; issues: PublishIssue[] } | null>(null);
  const replace = useAction(async () => {
    setReport(null);
    if (!file) {
      const message = `Choose a ${info.singular} exported as JSON.`;
      throw new ApiError(400, 'invalid_input', message, { issues: [{ path: ['content'], message }] });
    }
    const content = await readJsonFile(file);
    try {
      return await versionsApi.replaceDraft(documentId, content);
    } catch (error) {
      const issues = publishIssuesOf(error);
      // Paths may start at the request's `content`; the report is about the file itself.
      const inFile = issues?.map((issue) => ({ ...issue, path: dropPrefix(issue.path, 'content') }));
      if (inFile) setReport({ content: isSnapshot(content) ? content : {}, issues: inFile });
      throw error;
    }
  });
  const { fieldErrors, formError } = splitFormError(replace.error, ['content']);
  return (
    <FormDialog
      title={`Import into this ${info.singular}`}
      description={`The draft becomes the ${info.singular} in the file, for everyone editing it, at once. Published versions stay as they are, and the edit history keeps what the draft was.`}
      submitLabel="Replace the draft"
      action={replace}
      formError={report ? undefined : formError}
      onClose={onClose}
      onDone={(result) => onImported(result.changed)}
    >
      <JsonFileField
        label="File"
        help={`A ${info.singular} exported as JSON.`}
        error={report ? undefined : fieldErrors.content}
        onChange={setFile}
      />
      {report && (
        <div role="alert" className="rounded-lg border border-red-200 bg-red-50 p-4 text-sm text-red-800">
          <p className="font-medium">
            This file cannot be imported:{' '}
            {report.issues.length === 1 ? 'one problem' : `${report.issues.length} problems`}. Nothing was
            changed.
          </p>
          <ul aria-label="Problems in the file" className="mt-2 max-h-60 space-y-1.5 overflow-y-auto">
            {report.issues.map((issue) => (
              <li key={`${issue.path.join('.')}:${issue.message}`}>
                <span className="font-mono text-xs text-red-700">
                  {describeIssuePath(report.content, issue.path)}
                </span>
                <span className="block">{issue.message}</span>
              </li>
            ))}
          </ul>
        </div>
      )}
    </FormDialog>
  );
}

function isSnapshot(value: unknown): value is Snapshot {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function dropPrefix(path: string[], prefix: string): string[] {
  return path[0] === prefix ? path.slice(1) : path;
}
