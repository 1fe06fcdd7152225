import { fileRuleProblem, type StoredFileView, storedFileSchema } from '@erp/shared/api/files';
import type { TableRecord } from '@erp/shared/api/records';
import type { TableField } from '@erp/shared/documents';
import { Download, Trash2, Upload } from 'lucide-react';
import { useEffect, useId, useState } from 'react';
import { apiRequest, errorMessage } from '../../api/client';
import { fileUrl, uploadFile } from '../../api/files';
import { describeFileRules } from '../../forms/file-field';
import { ErrorAlert } from '../../ui/alert';
import { Button, buttonClasses } from '../../ui/button';
import { Dialog } from '../../ui/dialog';
import { ActionCell } from './action-cell';

// A file field in the grid: the cell counts the files and opens a dialog that lists them with download links,
// uploads more (POST /api/files, then the record names the new id, which attaches it) and removes them.

export type FileField = Extract<TableField, { type: 'file' }>;

const idsOf = (value: unknown): string[] => (Array.isArray(value) ? (value as string[]) : []);

export function FileCell({
  field,
  record,
  onEdit,
}: {
  field: FileField;
  record: TableRecord;
  onEdit: () => void;
}) {
  const count = idsOf(record.values[field.key]).length;
  const text = count === 0 ? '' : count === 1 ? '1 file' : `${count} files`;
  return (
    <ActionCell label={`${field.name || field.key} of this record: ${text || 'no files'}`} onClick={onEdit}>
      {text || <span className="text-neutral-400">Add files</span>}
    </ActionCell>
  );
}

/** The files of one record's file field; `onSave` stores the new list of ids (and throws what went wrong). */
export function FileDialog({
  field,
  record,
  onClose,
  onSave,
}: {
  field: FileField;
  record: TableRecord;
  onClose: () => void;
  onSave: (ids: string[]) => Promise<void>;
}) {
  const inputId = useId();
  const ids = idsOf(record.values[field.key]);
  const [files, setFiles] = useState<Map<string, StoredFileView>>(new Map());
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const name = field.name || field.key;
  const idList = ids.join(',');
  useEffect(() => {
    const controller = new AbortController();
    for (const id of idList ? idList.split(',') : []) {
      apiRequest(`/api/files/${encodeURIComponent(id)}/meta`, {
        schema: storedFileSchema,
        signal: controller.signal,
      }).then(
        (view) => setFiles((known) => new Map(known).set(view.id, view)),
        () => undefined,
      );
    }
    return () => controller.abort();
  }, [idList]);

  const upload = async (file: File) => {
    const refusal = fileRuleProblem(
      { name: file.name, contentType: file.type, size: file.size },
      field.validation,
    );
    if (refusal) return setError(refusal);
    setError(null);
    setProgress(0);
    try {
      const view = await uploadFile(file, setProgress).done;
      setFiles((known) => new Map(known).set(view.id, view));
      await onSave([...ids, view.id]);
    } catch (caught) {
      setError(`“${file.name}”: ${errorMessage(caught)}`);
    } finally {
      setProgress(null);
    }
  };
  const remove = async (id: string) => {
    try {
      await onSave(ids.filter((candidate) => candidate !== id));
      setError(null);
    } catch (caught) {
      setError(errorMessage(caught));
    }
  };

  return (
    <Dialog
      onClose={onClose}
      title={`${name} of this record`}
      description={describeFileRules(field.validation)}
    >
      <div className="space-y-3">
        {ids.length === 0 ? (
          <p className="text-sm text-neutral-600">No files yet: upload one below.</p>
        ) : (
          <ul className="divide-y divide-neutral-100 rounded-lg border border-neutral-200">
            {ids.map((id) => {
              const fileName = files.get(id)?.name ?? 'A file';
              return (
                <li key={id} className="flex items-center justify-between gap-2 px-3 py-2 text-sm">
                  <a
                    href={fileUrl(id)}
                    download={fileName}
                    className="flex min-w-0 items-center gap-2 text-indigo-700 hover:underline"
                  >
                    <Download className="size-4 shrink-0" aria-hidden />
                    <span className="truncate">{fileName}</span>
                  </a>
                  <Button
                    variant="ghost"
                    size="sm"
                    icon={Trash2}
                    aria-label={`Remove ${fileName}`}
                    onClick={() => remove(id)}
                  />
                </li>
              );
            })}
          </ul>
        )}
        {error && <ErrorAlert title="That did not work">{error}</ErrorAlert>}
        <div className="flex items-center gap-3">
          <input
            id={inputId}
            type="file"
            accept={field.validation?.allowedTypes?.join(',')}
            className="peer sr-only"
            disabled={progress !== null}
            onChange={(event) => {
              const [file] = event.target.files ?? [];
              event.target.value = '';
              if (file) void upload(file);
            }}
          />
          <label
            htmlFor={inputId}
            className={`${buttonClasses('secondary', 'sm')} cursor-pointer peer-focus-visible:outline-2 peer-focus-visible:outline-offset-2 peer-focus-visible:outline-indigo-600`}
          >
            <Upload className="size-4" aria-hidden /> Upload a file
          </label>
          {progress !== null && (
            <span role="status" className="text-sm text-neutral-600">
              Uploading… {Math.round(progress * 100)}%
            </span>
          )}
        </div>
      </div>
    </Dialog>
  );
}
