import type { TaskDetail } from '@erp/shared/api/flows';
import { useState } from 'react';
import { sendTaskBack } from '../../api/flows';
import { useAction } from '../../api/use-api';
import { FormDialog } from '../../ui/dialog';
import { Field, textareaClasses } from '../../ui/field';

// Refused before asking the server: shown beside the field, not again as the dialog's error.
const noReason = new Error('Say what needs another look.');

/** Returns the task to the step before it; the reason goes with it, so whoever gets it back knows what to fix. */
export function SendBackDialog({
  task,
  onClose,
  onDone,
}: {
  task: TaskDetail;
  onClose: () => void;
  onDone: () => void;
}) {
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const send = useAction(async () => {
    if (!reason.trim()) {
      setMissing(true);
      throw noReason;
    }
    return sendTaskBack(task.id, reason.trim());
  });
  return (
    <FormDialog
      title={`Send “${task.name}” back`}
      description="It goes back to the step before this one. The person there sees your reason, can change their answers and send it on to you again."
      submitLabel="Send back"
      action={send}
      formError={send.error === noReason ? null : send.error}
      onClose={onClose}
      onDone={onDone}
    >
      <Field label="What needs another look" error={missing ? noReason.message : undefined}>
        {(props) => (
          <textarea
            {...props}
            className={textareaClasses}
            rows={3}
            value={reason}
            onChange={(event) => {
              setReason(event.target.value);
              setMissing(false);
            }}
          />
        )}
      </Field>
    </FormDialog>
  );
}
