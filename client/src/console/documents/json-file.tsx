import { ApiError } from '../../api/client';
import { Field } from '../../ui/field';

const maxImportBytes = 1024 * 1024;

/** A JSON file's content, or a field error on `content` a person can act on. */
export async function readJsonFile(file: File): Promise<unknown> {
  const refuse = (message: string) =>
    new ApiError(400, 'invalid_input', message, { issues: [{ path: ['content'], message }] });
  if (file.size > maxImportBytes) throw refuse('This file is larger than 1 MB.');
  try {
    return JSON.parse(await file.text());
  } catch {
    throw refuse('This file is not JSON. Choose a file exported from a builder.');
  }
}

/** A file picker for a document exported as JSON. */
export function JsonFileField({
  label,
  help,
  error,
  onChange,
}: {
  label: string;
  help: string;
  error?: string;
  onChange: (file: File | null) => void;
}) {
  return (
    <Field label={label} help={help} error={error}>
      {(control) => (
        <input
          {...control}
          type="file"
          accept="application/json,.json"
          className="block w-full text-sm text-neutral-700 file:mr-3 file:rounded-md file:border-0 file:bg-neutral-100 file:px-3 file:py-2 file:text-sm file:font-medium hover:file:bg-neutral-200"
          onChange={(event) => onChange(event.target.files?.[0] ?? null)}
        />
      )}
    </Field>
  );
}
