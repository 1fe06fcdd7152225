import { useState } from 'react';
import * as hierarchyApi from '../../api/hierarchy';
import { useAction } from '../../api/use-api';
import { PersonField } from '../../forms/person-field';
import { FormDialog } from '../../ui/dialog';
import { Field, inputClasses, TextField } from '../../ui/field';
import type { Choice } from './use-org-options';

// The Hierarchy page's edits, each one dialog. Dates are days (the server stores the start of that day);
// assigning or ending never rewrites the past: it closes the running period and opens the next.

export const today = () => new Date().toISOString().slice(0, 10);

function Picker({
  label,
  value,
  choices,
  empty,
  onChange,
}: {
  label: string;
  value: string;
  choices: Choice[];
  /** The option meaning "none"; without it a choice is required. */
  empty?: string;
  onChange: (value: string) => void;
}) {
  return (
    <Field label={label}>
      {(control) => (
        <select
          {...control}
          className={inputClasses}
          value={value}
          required={empty === undefined}
          onChange={(event) => onChange(event.target.value)}
        >
          <option value="">{empty ?? 'Choose…'}</option>
          {choices.map((choice) => (
            <option key={choice.id} value={choice.id}>
              {choice.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

function DayField({
  label,
  value,
  onChange,
}: {
  label: string;
  value: string;
  onChange: (day: string) => void;
}) {
  return (
    <TextField
      label={label}
      type="date"
      required
      value={value}
      onChange={(event) => onChange(event.target.value)}
    />
  );
}

interface DialogProps {
  onClose: () => void;
  onDone: (message: string) => void;
}

export function DepartmentDialog({
  department,
  parentId,
  departments,
  onClose,
  onDone,
}: DialogProps & {
  department?: { id: string; name: string; parentId: string | null };
  parentId?: string | null;
  /** Where it may go: every department but itself and those below it. */
  departments: Choice[];
}) {
  const [name, setName] = useState(department?.name ?? '');
  const [parent, setParent] = useState(department?.parentId ?? parentId ?? '');
  const save = useAction(() =>
    hierarchyApi.saveDepartment(department?.id ?? null, { name: name.trim(), parentId: parent || null }),
  );
  return (
    <FormDialog
      title={department ? `Rename or move ${department.name}` : 'Add a department'}
      submitLabel={department ? 'Save' : 'Add department'}
      action={save}
      formError={save.error}
      onClose={onClose}
      onDone={(saved) => onDone(department ? `${saved.name} is saved.` : `${saved.name} is added.`)}
    >
      <TextField label="Name" required value={name} onChange={(event) => setName(event.target.value)} />
      <Picker
        label="Part of"
        value={parent}
        choices={departments}
        empty="The company (top level)"
        onChange={setParent}
      />
    </FormDialog>
  );
}

export function PositionDialog({
  position,
  departmentId,
  departments,
  positions,
  onClose,
  onDone,
}: DialogProps & {
  position?: { id: string; title: string; departmentId: string; parentId: string | null };
  departmentId: string;
  departments: Choice[];
  /** Positions it may report to. */
  positions: Choice[];
}) {
  const [title, setTitle] = useState(position?.title ?? '');
  const [department, setDepartment] = useState(position?.departmentId ?? departmentId);
  const [parent, setParent] = useState(position?.parentId ?? '');
  const save = useAction(() =>
    hierarchyApi.savePosition(position?.id ?? null, {
      title: title.trim(),
      departmentId: department,
      parentId: parent || null,
    }),
  );
  return (
    <FormDialog
      title={position ? `Rename or move ${position.title}` : 'Add a position'}
      description="A position reports to the position above it: its holder's manager, unless an assignment names one."
      submitLabel={position ? 'Save' : 'Add position'}
      action={save}
      formError={save.error}
      onClose={onClose}
      onDone={(saved) => onDone(position ? `${saved.title} is saved.` : `${saved.title} is added.`)}
    >
      <TextField label="Title" required value={title} onChange={(event) => setTitle(event.target.value)} />
      <Picker label="Department" value={department} choices={departments} onChange={setDepartment} />
      <Picker
        label="Reports to position"
        value={parent}
        choices={positions}
        empty="No position above"
        onChange={setParent}
      />
    </FormDialog>
  );
}

export function AssignPersonDialog({
  position,
  onClose,
  onDone,
}: DialogProps & { position: { id: string; title: string } }) {
  const [userId, setUserId] = useState<string | null>(null);
  const [reportsToId, setReportsToId] = useState<string | null>(null);
  const [validFrom, setValidFrom] = useState(today);
  const assign = useAction(() =>
    hierarchyApi.assignPosition({ userId: userId ?? '', positionId: position.id, reportsToId, validFrom }),
  );
  return (
    <FormDialog
      title={`Assign someone as ${position.title}`}
      description="Their current position, if any, ends the day this one starts."
      submitLabel="Assign"
      action={assign}
      formError={assign.error}
      onClose={onClose}
      onDone={(assignment) => onDone(`${assignment.user.name} is ${position.title} from ${validFrom}.`)}
    >
      <PersonField label="Person" onChange={setUserId} />
      <PersonField
        label="Reports to (optional)"
        help="Leave empty: whoever holds the position above is the manager."
        onChange={setReportsToId}
      />
      <DayField label="From" value={validFrom} onChange={setValidFrom} />
    </FormDialog>
  );
}

/** Ends something on a day (an assignment, a position): it stays in the history, never deleted. */
export function EndDialog({
  title,
  description,
  submitLabel,
  end,
  onClose,
  onDone,
}: DialogProps & {
  title: string;
  description: string;
  submitLabel: string;
  end: (validTo: string) => Promise<unknown>;
}) {
  const [validTo, setValidTo] = useState(today);
  const action = useAction(() => end(validTo));
  return (
    <FormDialog
      title={title}
      description={description}
      submitLabel={submitLabel}
      submitVariant="danger"
      action={action}
      formError={action.error}
      onClose={onClose}
      onDone={() => onDone(`${title}: from ${validTo}.`)}
    >
      <DayField label="From" value={validTo} onChange={setValidTo} />
    </FormDialog>
  );
}

export function OrgRoleDialog({ onClose, onDone }: DialogProps) {
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const save = useAction(() => hierarchyApi.saveOrgRole(null, { name: name.trim(), description }));
  return (
    <FormDialog
      title="Add a company role"
      description="A role across departments (Finance approver, Fire warden): flows can assign tasks to it."
      submitLabel="Add role"
      action={save}
      formError={save.error}
      onClose={onClose}
      onDone={(role) => onDone(`${role.name} is added.`)}
    >
      <TextField label="Name" required value={name} onChange={(event) => setName(event.target.value)} />
      <TextField
        label="Description"
        value={description}
        onChange={(event) => setDescription(event.target.value)}
      />
    </FormDialog>
  );
}

export function AssignRoleDialog({
  role,
  onClose,
  onDone,
}: DialogProps & { role: { id: string; name: string } }) {
  const [userId, setUserId] = useState<string | null>(null);
  const [validFrom, setValidFrom] = useState(today);
  const assign = useAction(() =>
    hierarchyApi.assignOrgRole({ userId: userId ?? '', orgRoleId: role.id, validFrom }),
  );
  return (
    <FormDialog
      title={`Give someone the role ${role.name}`}
      submitLabel="Add member"
      action={assign}
      formError={assign.error}
      onClose={onClose}
      onDone={(assignment) => onDone(`${assignment.user.name} is ${role.name} from ${validFrom}.`)}
    >
      <PersonField label="Person" onChange={setUserId} />
      <DayField label="From" value={validFrom} onChange={setValidFrom} />
    </FormDialog>
  );
}
