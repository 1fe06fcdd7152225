import type { Submission, TaskForm, TaskFormField } from '@erp/shared';
import { formatBytes, type StoredFileView } from '@erp/shared/api/files';
import { listVisibleFields } from '@erp/shared/forms';
import type { ReactNode } from 'react';
import { fileUrl } from '../../api/files';
import { useRecordLabels } from '../../forms/link-field';
import { usePeople } from '../../forms/person-field';
import { idsOf, type ValueField } from '../../forms/published-form';
import { formatDateTime } from '../../ui/format';

type LinkField = Extract<TaskFormField, { type: 'link' }>;

/** An instance's submissions in order (the request, then each completed level), each through its form. */
export function SubmissionList({
  submissions,
  files,
}: {
  submissions: Submission[];
  files: StoredFileView[];
}) {
  return submissions.map((submission) => (
    <AnswerList
      key={submission.id}
      title={submission.name}
      data={submission.data}
      form={submission.form as TaskForm | null}
      files={files}
    />
  ));
}

/**
 * What a step submitted, read-only. With the form it was submitted through: its visible fields in order, by
 * label, choices by their option labels and links by their records' names; without one (the request), each
 * answer by its key. Attached files are download links either way.
 */
export function AnswerList({
  title,
  data,
  form = null,
  files,
}: {
  title: string;
  data: Record<string, unknown>;
  form?: TaskForm | null;
  files: StoredFileView[];
}) {
  const answers = form
    ? listVisibleFields(form, data).flatMap((field) =>
        field.type === 'section'
          ? []
          : [
              {
                key: field.key,
                label: field.label || field.key,
                value: fieldAnswer(field, data[field.key], files),
              },
            ],
      )
    : Object.entries(data).map(([key, value]) => ({ key, label: key, value: renderAnswer(value, files) }));
  return (
    <div className="mt-3">
      <h3 className="text-sm font-medium text-neutral-800">{title}</h3>
      {answers.length === 0 ? (
        <p className="text-sm text-neutral-500">No answers.</p>
      ) : (
        <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
          {answers.map(({ key, label, value }) => (
            <div key={key} className="contents">
              <dt className="text-neutral-500">{label}</dt>
              <dd className="break-words text-neutral-800">{value}</dd>
            </div>
          ))}
        </dl>
      )}
    </div>
  );
}

function fieldAnswer(field: ValueField, value: unknown, files: StoredFileView[]): ReactNode {
  switch (field.type) {
    case 'select':
    case 'multiSelect': {
      const chosen = [value ?? []].flat();
      const labelOf = (item: unknown) => field.options.find((option) => option.value === item)?.label ?? item;
      return formatAnswer(chosen.length === 0 ? null : chosen.map(labelOf));
    }
    case 'dateTime':
      return typeof value === 'string' ? formatDateTime(value) : formatAnswer(value);
    case 'link':
      return <LinkAnswer field={field} value={value} />;
    case 'user':
      return <PeopleAnswer value={value} />;
    default:
      return renderAnswer(value, files);
  }
}

function LinkAnswer({ field, value }: { field: LinkField; value: unknown }) {
  const ids = idsOf(value);
  const { labels } = useRecordLabels(field.targetTableId, ids);
  return ids.length === 0 ? '—' : ids.map((id) => labels.get(id) ?? id).join(', ');
}

function PeopleAnswer({ value }: { value: unknown }) {
  const ids = idsOf(value);
  const people = usePeople(ids);
  return ids.length === 0 ? '—' : ids.map((id) => people.get(id)?.name ?? id).join(', ');
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
