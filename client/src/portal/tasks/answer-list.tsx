import { formatBytes, type StoredFileView } from '@erp/shared/api/files';
import type { ReactNode } from 'react';
import { fileUrl } from '../../api/files';

/** What a step submitted, read-only: each answer by its field key; attached files as download links. */
export function AnswerList({
  title,
  data,
  files,
}: {
  title: string;
  data: Record<string, unknown>;
  files: StoredFileView[];
}) {
  const entries = Object.entries(data);
  return (
    <div className="mt-3">
      <h3 className="text-sm font-medium text-neutral-800">{title}</h3>
      {entries.length === 0 ? (
        <p className="text-sm text-neutral-500">No answers.</p>
      ) : (
        <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
          {entries.map(([key, value]) => (
            <div key={key} className="contents">
              <dt className="text-neutral-500">{key}</dt>
              <dd className="break-words text-neutral-800">{renderAnswer(value, files)}</dd>
            </div>
          ))}
        </dl>
      )}
    </div>
  );
}

// A list of ids of files attached to the instance is a file field's value: links, not ids.
function renderAnswer(value: unknown, files: StoredFileView[]): ReactNode {
  const attached = Array.isArray(value) ? value.map((id) => files.find((file) => file.id === id)) : [];
  if (attached.length === 0 || attached.some((file) => file === undefined)) return formatAnswer(value);
  return (
    <ul>
      {(attached as StoredFileView[]).map((file) => (
        <li key={file.id}>
          <a href={fileUrl(file.id)} download className="font-medium text-indigo-700 hover:underline">
            {file.name}
          </a>{' '}
          <span className="text-neutral-500">({formatBytes(file.size)})</span>
        </li>
      ))}
    </ul>
  );
}

function formatAnswer(value: unknown): string {
  if (value === true) return 'Yes';
  if (value === false) return 'No';
  if (Array.isArray(value)) return value.map(formatAnswer).join(', ');
  if (value === null || value === undefined) return '—';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}
