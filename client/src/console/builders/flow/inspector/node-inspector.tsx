import { flowNodes, type Join, type Sla, slaEscalations } from '@erp/shared/documents';
import { ExternalLink } from 'lucide-react';
import { Link } from 'react-router';
import { useSharedText } from '../../../../collab';
import { Checkbox, Field, inputClasses } from '../../../../ui/field';
import { documentPath } from '../../../documents/document-kinds';
import type { DraftNode } from '../draft-flow';
import { type Editor, updateNode } from '../flow-gestures';
import { joinLabels } from '../nodes/describe-node';
import { nodeKinds } from '../nodes/node-kinds';
import type { FormCatalog } from '../use-form-catalog';
import { AssignmentEditor } from './assignment-editor';
import { DurationInput } from './duration-input';
import { StartersEditor } from './starters-editor';

const escalationLabels = {
  notifyAssignee: 'Remind the assignee again',
  notifyManager: 'Tell the assignee’s manager',
  reassignToManager: 'Give it to the assignee’s manager',
} satisfies Record<(typeof slaEscalations)[number], string>;

/** Edits the selected node: its name, and what its kind has (form, assignment, SLA; join mode). */
export function NodeInspector({
  editor,
  node,
  catalog,
  fieldKeys,
  isReadOnly,
  onFocus,
}: {
  editor: Editor;
  node: DraftNode;
  catalog: FormCatalog;
  fieldKeys: string[];
  isReadOnly: boolean;
  onFocus: (focus: string | null) => void;
}) {
  const [name, setName] = useSharedText(flowNodes.getText(editor.doc, node.id, 'name'), editor.origin);
  const kind = nodeKinds[node.type];
  const update = (patch: Parameters<typeof updateNode>[2]) => updateNode(editor, node.id, patch);
  return (
    <div className="space-y-5" data-inspector="node">
      <p className="text-xs font-medium tracking-wide text-neutral-500 uppercase">{kind.label}</p>
      <Field label="Name">
        {(control) => (
          <input
            {...control}
            name="node-name"
            className={inputClasses}
            value={name}
            readOnly={isReadOnly}
            onChange={(event) => setName(event.target.value)}
            onFocus={() => onFocus(node.id)}
            onBlur={() => onFocus(null)}
          />
        )}
      </Field>
      {node.type === 'task' && (
        <>
          <Field
            label="Task form"
            help={
              node.taskFormId ? (
                <Link
                  to={documentPath('taskForm', node.taskFormId)}
                  className="inline-flex items-center gap-1 text-indigo-700 hover:underline"
                >
                  Open the form <ExternalLink className="size-3" aria-hidden="true" />
                </Link>
              ) : (
                'What the assignee fills in.'
              )
            }
          >
            {(control) => (
              <select
                {...control}
                className={inputClasses}
                value={node.taskFormId ?? ''}
                disabled={isReadOnly}
                onChange={(event) => update({ taskFormId: event.target.value || undefined })}
              >
                <option value="">{catalog.forms ? 'Choose a form…' : 'Loading forms…'}</option>
                {catalog.forms?.map((form) => (
                  <option key={form.id} value={form.id}>
                    {form.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <AssignmentEditor
            value={node.assignment}
            fieldKeys={fieldKeys}
            isReadOnly={isReadOnly}
            onChange={(assignment) => update({ assignment })}
          />
          <SlaEditor sla={node.sla} isReadOnly={isReadOnly} onChange={(sla) => update({ sla })} />
          <Checkbox
            label="May be sent back"
            description="Whoever has the task can return it to the level before, with a reason, instead of completing it."
            checked={node.allowSendBack === true}
            disabled={isReadOnly}
            onChange={(event) => update({ allowSendBack: event.target.checked || undefined })}
          />
        </>
      )}
      {node.type === 'start' && (
        <StartersEditor
          value={node.startedBy}
          isReadOnly={isReadOnly}
          onChange={(startedBy) => update({ startedBy })}
        />
      )}
      {node.type === 'join' && (
        <JoinEditor
          join={node.join ?? { mode: 'all' }}
          isReadOnly={isReadOnly}
          onChange={(join) => update({ join })}
        />
      )}
    </div>
  );
}

function SlaEditor({
  sla,
  onChange,
  isReadOnly,
}: {
  sla: Sla | undefined;
  onChange: (sla: Sla | undefined) => void;
  isReadOnly: boolean;
}) {
  return (
    <fieldset className="space-y-3 rounded-md border border-neutral-200 p-3">
      <legend className="px-1 text-sm font-medium text-neutral-800">Deadline (SLA)</legend>
      <Checkbox
        label="This task has a deadline"
        checked={Boolean(sla)}
        disabled={isReadOnly}
        onChange={(event) => onChange(event.target.checked ? { due: 'P2D' } : undefined)}
      />
      {sla && (
        <>
          <Field label="Due after">
            {(control) => (
              <DurationInput
                id={control.id}
                value={sla.due}
                isReadOnly={isReadOnly}
                onChange={(due) => onChange({ ...sla, due })}
              />
            )}
          </Field>
          <Checkbox
            label="Remind before it is due"
            checked={Boolean(sla.reminderBefore)}
            disabled={isReadOnly}
            onChange={(event) =>
              onChange({ ...sla, reminderBefore: event.target.checked ? 'PT4H' : undefined })
            }
          />
          {sla.reminderBefore && (
            <Field label="Remind this long before">
              {(control) => (
                <DurationInput
                  id={control.id}
                  value={sla.reminderBefore ?? 'PT4H'}
                  isReadOnly={isReadOnly}
                  onChange={(reminderBefore) => onChange({ ...sla, reminderBefore })}
                />
              )}
            </Field>
          )}
          <Field label="When it is overdue">
            {(control) => (
              <select
                {...control}
                className={inputClasses}
                value={sla.escalation ?? ''}
                disabled={isReadOnly}
                onChange={(event) =>
                  onChange({ ...sla, escalation: (event.target.value || undefined) as Sla['escalation'] })
                }
              >
                <option value="">Nothing more</option>
                {slaEscalations.map((escalation) => (
                  <option key={escalation} value={escalation}>
                    {escalationLabels[escalation]}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </>
      )}
    </fieldset>
  );
}

function JoinEditor({
  join,
  onChange,
  isReadOnly,
}: {
  join: Join;
  onChange: (join: Join) => void;
  isReadOnly: boolean;
}) {
  return (
    <div className="space-y-3">
      <Field label="Goes on when">
        {(control) => (
          <select
            {...control}
            className={inputClasses}
            value={join.mode}
            disabled={isReadOnly}
            onChange={(event) => {
              const mode = event.target.value as Join['mode'];
              onChange(mode === 'nOfM' ? { mode, n: 2 } : { mode });
            }}
          >
            {(Object.keys(joinLabels) as Join['mode'][]).map((mode) => (
              <option key={mode} value={mode}>
                {joinLabels[mode]}
              </option>
            ))}
          </select>
        )}
      </Field>
      {join.mode === 'nOfM' && (
        <Field
          label="Branches to wait for"
          help="The other branches’ open tasks are cancelled when it goes on."
        >
          {(control) => (
            <input
              {...control}
              type="number"
              min={1}
              max={100}
              className={`${inputClasses} w-24`}
              value={join.n}
              readOnly={isReadOnly}
              onChange={(event) =>
                onChange({
                  mode: 'nOfM',
                  n: Math.min(100, Math.max(1, Math.round(Number(event.target.value) || 1))),
                })
              }
            />
          )}
        </Field>
      )}
    </div>
  );
}
