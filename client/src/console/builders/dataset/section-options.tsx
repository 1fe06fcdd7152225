import type { Role } from '@erp/shared';
import { roles } from '@erp/shared';
import { type SectionWidth, sectionWidths } from '@erp/shared/documents';
import { SelectField } from '../../../ui/field';

// The dataset builder's smaller settings: a section's width and a number's comparison with the period before,
// and which roles read every flow instance's data (everyone else: the instances they took part in).

const widthLabels = {
  full: 'Full width',
  half: 'Half',
  third: 'A third',
} satisfies Record<SectionWidth, string>;

export function SectionLayout({
  width,
  compare,
  isReadOnly,
  onWidth,
  onCompare,
}: {
  width: SectionWidth;
  /** Undefined when the section is not a number. */
  compare: boolean | undefined;
  isReadOnly: boolean;
  onWidth: (width: SectionWidth) => void;
  onCompare: (compare: boolean) => void;
}) {
  return (
    <>
      <SelectField
        label="Width"
        value={width}
        options={sectionWidths.map((value) => ({ value, label: widthLabels[value] }))}
        disabled={isReadOnly}
        onChange={(value) => onWidth(value as SectionWidth)}
      />
      {compare !== undefined && (
        <label className="flex items-center gap-1 pb-2 text-sm text-neutral-700">
          <input
            type="checkbox"
            checked={compare}
            disabled={isReadOnly}
            onChange={(event) => onCompare(event.target.checked)}
          />
          Compare with the period before
        </label>
      )}
    </>
  );
}

export function FlowDataAccess({
  value,
  isReadOnly,
  onChange,
}: {
  value: readonly Role[];
  isReadOnly: boolean;
  onChange: (roles: Role[]) => void;
}) {
  return (
    <fieldset className="space-y-1">
      <legend className="text-sm font-medium text-neutral-800">Who sees every flow's data</legend>
      <p className="text-xs text-neutral-500">
        Anyone else sees only the instances they started or have a task in. Admins always see all.
      </p>
      <div className="flex flex-wrap gap-3">
        {roles
          .filter((role) => role !== 'admin')
          .map((role) => (
            <label key={role} className="flex items-center gap-1 text-sm text-neutral-700">
              <input
                type="checkbox"
                checked={value.includes(role)}
                disabled={isReadOnly}
                onChange={(event) =>
                  onChange(event.target.checked ? [...value, role] : value.filter((other) => other !== role))
                }
              />
              {role}
            </label>
          ))}
      </div>
    </fieldset>
  );
}
