import type { TaskFormField } from '@erp/shared';
import { type FileRules, fileRuleProblem, formatBytes, type StoredFileView } from '@erp/shared/api/files';
import type { TaskFormData } from '@erp/shared/forms';
import { clsx } from 'clsx';
import { FileText, Upload, X } from 'lucide-react';
import { type Dispatch, type SetStateAction, useId, useRef, useState } from 'react';
import { errorMessage } from '../api/client';
import { fileUrl, type Upload as PendingRequest, uploadFile } from '../api/files';
import { buttonClasses } from '../ui/button';
import { idsOf } from './published-form';

// A form's file field: choose or drop files, each uploaded at once with its progress shown, then listed with a
// download link and a remove button. The form's value is the list of file ids; submitting the form attaches them
// on the server, which checks the same rules again (and the content, which the browser cannot).

type FileField = Extract<TaskFormField, { type: 'file' }>;

interface PendingUpload {
  key: number;
  name: string;
  progress: number;
  error: string | null;
  request: PendingRequest | null;
}

const typeNames: Record<string, string> = {
  'application/pdf': 'PDF',
  'image/*': 'images',
  'image/png': 'PNG',
  'image/jpeg': 'JPEG',
  'text/csv': 'CSV',
  'text/plain': 'text',
};

/** The rules in words: "PDF or .png · up to 2 MB each · at most 2 files". */
export function describeFileRules(rules: FileRules | undefined): string {
  const parts: string[] = [];
  const types = rules?.allowedTypes?.map((type) => typeNames[type] ?? type);
  if (types?.length) {
    parts.push(
      types.length === 1 ? `${types[0]} only` : `${types.slice(0, -1).join(', ')} or ${types.at(-1)}`,
    );
  }
  if (rules?.maxSizeBytes !== undefined) parts.push(`up to ${formatBytes(rules.maxSizeBytes)} each`);
  if (rules?.maxFiles !== undefined)
    parts.push(`at most ${rules.maxFiles} file${rules.maxFiles === 1 ? '' : 's'}`);
  return parts.length > 0 ? parts.join(' · ') : 'Any file.';
}

/** How many uploads are under way, so a form is not submitted without the files still on their way. */
export function useUploadCount() {
  const [count, setCount] = useState(0);
  return {
    isUploading: count > 0,
    onUploadCount: (delta: number) => setCount((current) => current + delta),
    /** Throws a sentence the form shows while files are still uploading. */
    checkDone() {
      if (count > 0) throw new Error('Wait until the files have finished uploading, then try again.');
    },
  };
}

/** The `renderFile` of a published form whose values live in this state. */
export function fileFieldRenderer(options: {
  values: TaskFormData;
  setValues: Dispatch<SetStateAction<TaskFormData>>;
  problems: Record<string, string>;
  files: StoredFileView[];
  uploads: { onUploadCount: (delta: number) => void };
  readOnly?: boolean;
}) {
  return (field: FileField) => (
    <FileInput
      field={field}
      ids={idsOf(options.values[field.key])}
      known={options.files}
      problem={options.problems[field.key]}
      readOnly={options.readOnly ?? false}
      onUploadCount={options.uploads.onUploadCount}
      onChange={(update) =>
        options.setValues((current) => {
          const next = update(idsOf(current[field.key]));
          return { ...current, [field.key]: next.length > 0 ? next : undefined };
        })
      }
    />
  );
}

function FileInput({
  field,
  ids,
  known,
  problem,
  readOnly,
  onChange,
  onUploadCount,
}: {
  field: FileField;
  ids: string[];
  known: StoredFileView[];
  problem: string | undefined;
  readOnly: boolean;
  onChange: (update: (ids: string[]) => string[]) => void;
  onUploadCount: (delta: number) => void;
}) {
  const id = useId();
  const [uploaded, setUploaded] = useState<StoredFileView[]>([]);
  const [pending, setPending] = useState<PendingUpload[]>([]);
  const [isDragging, setIsDragging] = useState(false);
  const nextKey = useRef(0);
  const rules = field.validation;
  const label = field.label || field.key;
  const files = ids.map(
    (fileId) =>
      uploaded.find((file) => file.id === fileId) ??
      known.find((file) => file.id === fileId) ?? { id: fileId, name: 'A file', size: null },
  );
  const patch = (key: number, change: Partial<PendingUpload>) =>
    setPending((current) => current.map((item) => (item.key === key ? { ...item, ...change } : item)));

  function add(chosen: File[]) {
    let room =
      (rules?.maxFiles ?? Number.POSITIVE_INFINITY) - ids.length - pending.filter((p) => !p.error).length;
    for (const file of chosen) {
      const key = nextKey.current++;
      const refusal =
        room <= 0
          ? `“${file.name}”: ${label} takes at most ${rules?.maxFiles} file${rules?.maxFiles === 1 ? '' : 's'}. Remove one first.`
          : fileRuleProblem({ name: file.name, contentType: file.type, size: file.size }, rules);
      if (refusal) {
        setPending((current) => [
          ...current,
          { key, name: file.name, progress: 0, error: refusal, request: null },
        ]);
        continue;
      }
      room -= 1;
      const request = uploadFile(file, (progress) => patch(key, { progress }));
      setPending((current) => [...current, { key, name: file.name, progress: 0, error: null, request }]);
      onUploadCount(1);
      void request.done
        .finally(() => onUploadCount(-1))
        .then(
          (view) => {
            setUploaded((current) => [...current, view]);
            setPending((current) => current.filter((item) => item.key !== key));
            onChange((current) => [...current, view.id]);
          },
          (error: unknown) => {
            if (error instanceof DOMException && error.name === 'AbortError') {
              setPending((current) => current.filter((item) => item.key !== key));
            } else {
              const message = errorMessage(error);
              const named = message.includes(file.name) ? message : `“${file.name}”: ${message}`;
              patch(key, { error: named, request: null });
            }
          },
        );
    }
  }

  const rulesId = `${id}-rules`;
  const errorId = `${id}-error`;
  return (
    <fieldset aria-describedby={clsx(rulesId, problem && errorId)}>
      <legend className="text-sm font-medium text-neutral-800">
        {label}
        {field.required && ' (required)'}
      </legend>
      {field.helpText && <p className="mt-1 text-sm text-neutral-500">{field.helpText}</p>}
      {!readOnly && (
        // biome-ignore lint/a11y/noStaticElementInteractions: dropping is the mouse's shortcut; the button does the same by keyboard.
        <div
          className={clsx(
            'mt-2 flex flex-wrap items-center gap-3 rounded-lg border-2 border-dashed px-4 py-4',
            isDragging ? 'border-indigo-400 bg-indigo-50' : 'border-neutral-300 bg-neutral-50',
            problem && 'border-red-300',
          )}
          onDragOver={(event) => {
            event.preventDefault();
            setIsDragging(true);
          }}
          onDragLeave={() => setIsDragging(false)}
          onDrop={(event) => {
            event.preventDefault();
            setIsDragging(false);
            add([...event.dataTransfer.files]);
          }}
        >
          <input
            id={`${id}-input`}
            type="file"
            multiple={(rules?.maxFiles ?? 2) > 1}
            accept={rules?.allowedTypes?.join(',')}
            className="peer sr-only"
            aria-describedby={clsx(rulesId, problem && errorId)}
            aria-invalid={problem ? true : undefined}
            onChange={(event) => {
              add([...(event.target.files ?? [])]);
              event.target.value = '';
            }}
          />
          <label
            htmlFor={`${id}-input`}
            className={clsx(
              buttonClasses('secondary', 'sm'),
              'cursor-pointer peer-focus-visible:outline-2 peer-focus-visible:outline-offset-2 peer-focus-visible:outline-indigo-600',
            )}
          >
            <Upload className="size-4" aria-hidden="true" /> Choose files
          </label>
          <span className="text-sm text-neutral-600">or drop them here</span>
        </div>
      )}
      <p id={rulesId} className="mt-1.5 text-sm text-neutral-500">
        {describeFileRules(rules)}
      </p>
      {files.length > 0 && (
        <ul
          className="mt-2 divide-y divide-neutral-200 rounded-lg border border-neutral-200"
          aria-label={`${label}: attached files`}
        >
          {files.map((file) => (
            <li key={file.id} className="flex items-center gap-3 px-3 py-2 text-sm">
              <FileText className="size-4 shrink-0 text-neutral-500" aria-hidden="true" />
              <a
                href={fileUrl(file.id)}
                download
                className="min-w-0 flex-1 truncate font-medium text-indigo-700 hover:underline"
              >
                {file.name}
              </a>
              {file.size !== null && (
                <span className="shrink-0 text-neutral-500">{formatBytes(file.size)}</span>
              )}
              {!readOnly && (
                <button
                  type="button"
                  className={buttonClasses('ghost', 'sm')}
                  aria-label={`Remove ${file.name}`}
                  onClick={() => onChange((current) => current.filter((fileId) => fileId !== file.id))}
                >
                  <X className="size-4" aria-hidden="true" />
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <ul className="mt-2 space-y-2" aria-live="polite">
        {pending.map((item) => (
          <li key={item.key} className="text-sm">
            {item.error ? (
              <div
                className="flex items-start gap-2 rounded-md bg-red-50 px-3 py-2 text-red-800"
                role="alert"
              >
                <span className="flex-1">{item.error}</span>
                <button
                  type="button"
                  className="shrink-0 font-medium underline"
                  onClick={() => setPending((current) => current.filter((other) => other.key !== item.key))}
                >
                  Dismiss
                </button>
              </div>
            ) : (
              <div className="flex items-center gap-3">
                <span className="min-w-0 flex-1 truncate">Uploading {item.name}…</span>
                <progress
                  className="h-2 w-32 accent-indigo-600"
                  max={1}
                  value={item.progress}
                  aria-label={`Uploading ${item.name}`}
                />
                <span className="w-10 text-right tabular-nums text-neutral-600">
                  {Math.round(item.progress * 100)}%
                </span>
                <button
                  type="button"
                  className={buttonClasses('ghost', 'sm')}
                  aria-label={`Cancel uploading ${item.name}`}
                  onClick={() => item.request?.abort()}
                >
                  <X className="size-4" aria-hidden="true" />
                </button>
              </div>
            )}
          </li>
        ))}
      </ul>
      {problem && (
        <p id={errorId} className="mt-1.5 text-sm text-red-700">
          {problem}
        </p>
      )}
    </fieldset>
  );
}
