import { checkTaskFormData, initialFormData, type TaskFormData } from '@erp/shared/forms';
import { CircleCheck, RotateCcw } from 'lucide-react';
import { useMemo, useState } from 'react';
import { useUser } from '../../../app/session';
import { readDraftForm } from '../../../forms/draft-form';
import { PublishedForm, problemsAfterEdit } from '../../../forms/published-form';
import { RichTextView } from '../../../forms/rich-text-view';
import { Button } from '../../../ui/button';

/**
 * The form as the portal will show it (the same renderer and the same checks as on the server), to fill in
 * and try submitting; nothing is sent. Fields too unfinished to publish are left out, as the simulator does.
 */
export function FormPreview({ draft }: { draft: unknown }) {
  const user = useUser();
  const form = useMemo(() => readDraftForm(draft), [draft]);
  const fresh = () => initialFormData(form, { userId: user.id, now: new Date() });
  const [values, setValues] = useState<TaskFormData>(fresh);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [accepted, setAccepted] = useState(false);
  const submit = () => {
    const checked = checkTaskFormData(form, values);
    setProblems(checked.ok ? {} : checked.problems);
    setAccepted(checked.ok);
  };
  return (
    <section aria-label="Preview" className="space-y-5 p-5">
      <p className="rounded-md bg-neutral-50 px-3 py-2 text-sm text-neutral-600">
        This is the form as people will fill it in. Try it: nothing is sent.
      </p>
      <div>
        <h2 className="text-lg font-semibold text-neutral-900">{form.title || 'Untitled form'}</h2>
        <RichTextView text={form.description} className="mt-1" />
      </div>
      <PublishedForm
        form={form}
        values={values}
        problems={problems}
        onChange={(next) => {
          setProblems((current) => problemsAfterEdit(current, values, next));
          setValues(next);
          setAccepted(false);
        }}
      />
      <div className="flex flex-wrap items-center gap-3 border-t border-neutral-100 pt-4">
        <Button variant="primary" onClick={submit}>
          Try submitting
        </Button>
        <Button
          variant="ghost"
          icon={RotateCcw}
          onClick={() => {
            setValues(fresh());
            setProblems({});
            setAccepted(false);
          }}
        >
          Start over
        </Button>
        <p role="status" className="text-sm">
          {accepted && (
            <span className="inline-flex items-center gap-1.5 text-emerald-700">
              <CircleCheck className="size-4" aria-hidden="true" /> The form accepts these answers.
            </span>
          )}
          {Object.keys(problems).length > 0 && (
            <span className="text-red-700">
              {Object.keys(problems).length === 1
                ? 'One answer needs fixing.'
                : `${Object.keys(problems).length} answers need fixing.`}
            </span>
          )}
        </p>
      </div>
    </section>
  );
}
