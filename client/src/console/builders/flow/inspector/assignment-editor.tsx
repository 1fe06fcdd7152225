import type { Assignment } from '@erp/shared/documents';
import { errorMessage } from '../../../../api/client';
import { Field, inputClasses } from '../../../../ui/field';
import { type Choice, useOrgOptions } from '../../../hierarchy/use-org-options';
import { assignmentLabels } from '../nodes/describe-node';

const emptyRule = {
  person: { type: 'person', userId: '' },
  role: { type: 'role', orgRoleId: '' },
  position: { type: 'position', positionId: '' },
  fieldValue: { type: 'fieldValue', fieldKey: '' },
  managerOfRequester: { type: 'managerOfRequester', levelsUp: 1 },
  managerOfPreviousAssignee: { type: 'managerOfPreviousAssignee' },
} as const satisfies { [Type in Assignment['type']]: Record<string, unknown> & { type: Type } };

/**
 * Who gets a level's task. A rule whose pick is still empty is kept as typed: the level is flagged
 * ("choose who gets this task") until it is complete, and the draft stays editable meanwhile.
 */
export function AssignmentEditor({
  value,
  onChange,
  fieldKeys,
  isReadOnly,
}: {
  value: Assignment | undefined;
  onChange: (assignment: Assignment | undefined) => void;
  /** Fields of earlier forms, for "the person in a field". */
  fieldKeys: string[];
  isReadOnly: boolean;
}) {
  const options = useOrgOptions();
  return (
    <div className="space-y-3">
      <Field label="Assign to">
        {(control) => (
          <select
            {...control}
            className={inputClasses}
            value={value?.type ?? ''}
            disabled={isReadOnly}
            onChange={(event) => {
              const type = event.target.value as Assignment['type'] | '';
              onChange(type ? emptyRule[type] : undefined);
            }}
          >
            <option value="">Nobody yet</option>
            {(Object.keys(assignmentLabels) as Assignment['type'][]).map((type) => (
              <option key={type} value={type}>
                {assignmentLabels[type]}
              </option>
            ))}
          </select>
        )}
      </Field>
      {value?.type === 'person' && (
        <ChoicePicker
          label="Person"
          choices={options.people}
          error={options.peopleError}
          value={value.userId}
          isReadOnly={isReadOnly}
          onChange={(userId) => onChange({ ...value, userId })}
        />
      )}
      {value?.type === 'role' && (
        <ChoicePicker
          label="Company role"
          choices={options.roles}
          error={options.structureError}
          value={value.orgRoleId}
          isReadOnly={isReadOnly}
          onChange={(orgRoleId) => onChange({ ...value, orgRoleId })}
        />
      )}
      {value?.type === 'position' && (
        <ChoicePicker
          label="Position"
          choices={options.positions}
          error={options.structureError}
          value={value.positionId}
          isReadOnly={isReadOnly}
          onChange={(positionId) => onChange({ ...value, positionId })}
        />
      )}
      {value?.type === 'fieldValue' && (
        <ChoicePicker
          label="Field holding the person"
          choices={fieldKeys.map((key) => ({ id: key, label: key }))}
          error={undefined}
          value={value.fieldKey}
          isReadOnly={isReadOnly}
          onChange={(fieldKey) => onChange({ ...value, fieldKey })}
          emptyText="No earlier form has fields yet."
        />
      )}
      {value?.type === 'managerOfRequester' && (
        <Field label="Levels up" help="1 is the requester's manager, 2 that manager's manager.">
          {(control) => (
            <input
              {...control}
              type="number"
              min={1}
              max={10}
              className={`${inputClasses} w-24`}
              value={value.levelsUp ?? 1}
              readOnly={isReadOnly}
              onChange={(event) =>
                onChange({
                  ...value,
                  levelsUp: Math.min(10, Math.max(1, Math.round(Number(event.target.value) || 1))),
                })
              }
            />
          )}
        </Field>
      )}
      {value?.type === 'managerOfPreviousAssignee' && (
        <p className="text-sm text-neutral-600">
          The manager of whoever completed the task before this one (of the requester at the first level).
        </p>
      )}
    </div>
  );
}

function ChoicePicker({
  label,
  choices,
  error,
  value,
  onChange,
  isReadOnly,
  emptyText = 'Nothing to choose from yet.',
}: {
  label: string;
  choices: Choice[] | undefined;
  error: unknown;
  value: string;
  onChange: (id: string) => void;
  isReadOnly: boolean;
  emptyText?: string;
}) {
  const help = error
    ? `The list could not be loaded: ${errorMessage(error)}`
    : choices?.length === 0
      ? emptyText
      : undefined;
  const isKnown = !value || choices?.some((choice) => choice.id === value);
  return (
    <Field label={label} help={help}>
      {(control) => (
        <select
          {...control}
          className={inputClasses}
          value={value}
          disabled={isReadOnly || !choices}
          onChange={(event) => onChange(event.target.value)}
        >
          <option value="">{choices ? 'Choose…' : 'Loading…'}</option>
          {!isKnown && <option value={value}>{value}</option>}
          {choices?.map((choice) => (
            <option key={choice.id} value={choice.id}>
              {choice.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
