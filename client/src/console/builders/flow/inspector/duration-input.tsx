import { durationToMinutes } from '@erp/shared/documents';
import { inputClasses } from '../../../../ui/field';

const units = [
  { id: 'M', label: 'minutes', minutes: 1 },
  { id: 'H', label: 'hours', minutes: 60 },
  { id: 'D', label: 'days', minutes: 60 * 24 },
  { id: 'W', label: 'weeks', minutes: 60 * 24 * 7 },
] as const;
type Unit = (typeof units)[number];

/** An amount and a unit, stored as the ISO-8601 duration the schema wants (P2D, PT4H). */
export function toIsoDuration(amount: number, unit: Unit['id']): string {
  return unit === 'M' || unit === 'H' ? `PT${amount}${unit}` : `P${amount}${unit}`;
}

/** The largest unit that divides the duration evenly, so "P2D" shows as 2 days, not 2,880 minutes. */
export function fromIsoDuration(duration: string): { amount: number; unit: Unit['id'] } {
  const minutes = durationToMinutes(duration);
  if (!Number.isFinite(minutes) || minutes <= 0) return { amount: 1, unit: 'D' };
  const unit = [...units].reverse().find((candidate) => minutes % candidate.minutes === 0) ?? units[0];
  return { amount: minutes / unit.minutes, unit: unit.id };
}

export function DurationInput({
  id,
  value,
  onChange,
  isReadOnly,
}: {
  id: string;
  value: string;
  onChange: (duration: string) => void;
  isReadOnly: boolean;
}) {
  const { amount, unit } = fromIsoDuration(value);
  return (
    <div className="flex gap-2">
      <input
        id={id}
        type="number"
        min={1}
        className={`${inputClasses} w-24`}
        value={amount}
        readOnly={isReadOnly}
        onChange={(event) => {
          const next = Math.max(1, Math.round(Number(event.target.value) || 1));
          onChange(toIsoDuration(next, unit));
        }}
      />
      <select
        aria-label="Unit"
        className={`${inputClasses} w-32`}
        value={unit}
        disabled={isReadOnly}
        onChange={(event) => onChange(toIsoDuration(amount, event.target.value as Unit['id']))}
      >
        {units.map((option) => (
          <option key={option.id} value={option.id}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}
