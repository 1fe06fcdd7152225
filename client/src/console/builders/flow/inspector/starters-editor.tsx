import type { Starters } from '@erp/shared/documents';
import { errorMessage } from '../../../../api/client';
import { Checkbox } from '../../../../ui/field';
import { type Choice, useOrgOptions } from '../../../hierarchy/use-org-options';

const noOne: Starters = { orgRoleIds: [], positionIds: [], departmentIds: [] };

/** Who may start the flow: everyone, or the people in the company roles, positions and departments ticked here. */
export function StartersEditor({
  value,
  onChange,
  isReadOnly,
}: {
  value: Starters | undefined;
  onChange: (starters: Starters | undefined) => void;
  isReadOnly: boolean;
}) {
  const options = useOrgOptions();
  const toggle = (key: keyof Starters, id: string, on: boolean) => {
    const current = value ?? noOne;
    onChange({ ...current, [key]: on ? [...current[key], id] : current[key].filter((item) => item !== id) });
  };
  return (
    <fieldset className="space-y-3 rounded-md border border-neutral-200 p-3">
      <legend className="px-1 text-sm font-medium text-neutral-800">Who may start this flow</legend>
      <Checkbox
        label="Only some people"
        description={
          value
            ? 'People holding a ticked role or position, or in a ticked department (or one below it).'
            : 'Everyone can start it from the portal today.'
        }
        checked={Boolean(value)}
        disabled={isReadOnly}
        onChange={(event) => onChange(event.target.checked ? noOne : undefined)}
      />
      {options.structureError ? (
        <p role="alert" className="text-sm text-red-700">
          {errorMessage(options.structureError)}
        </p>
      ) : null}
      {value && (
        <>
          {(
            [
              ['orgRoleIds', 'Company roles', options.roles],
              ['positionIds', 'Positions', options.positions],
              ['departmentIds', 'Departments', options.departments],
            ] as const
          ).map(([key, legend, choices]) => (
            <ChoiceList
              key={key}
              legend={legend}
              choices={choices}
              selected={value[key]}
              isReadOnly={isReadOnly}
              onToggle={(id, on) => toggle(key, id, on)}
            />
          ))}
          {value.orgRoleIds.length + value.positionIds.length + value.departmentIds.length === 0 && (
            <p className="text-sm text-amber-700">Nobody is ticked yet: nobody could start this flow.</p>
          )}
        </>
      )}
    </fieldset>
  );
}

function ChoiceList({
  legend,
  choices,
  selected,
  isReadOnly,
  onToggle,
}: {
  legend: string;
  choices: Choice[] | undefined;
  selected: string[];
  isReadOnly: boolean;
  onToggle: (id: string, on: boolean) => void;
}) {
  return (
    <fieldset>
      <legend className="text-xs font-medium tracking-wide text-neutral-500 uppercase">{legend}</legend>
      {choices === undefined ? (
        <p className="text-sm text-neutral-500">Loading…</p>
      ) : choices.length === 0 ? (
        <p className="text-sm text-neutral-500">None in the company structure yet.</p>
      ) : (
        <div className="mt-1 max-h-36 space-y-1 overflow-y-auto">
          {choices.map((choice) => (
            <Checkbox
              key={choice.id}
              label={choice.label}
              checked={selected.includes(choice.id)}
              disabled={isReadOnly}
              onChange={(event) => onToggle(choice.id, event.target.checked)}
            />
          ))}
        </div>
      )}
    </fieldset>
  );
}
