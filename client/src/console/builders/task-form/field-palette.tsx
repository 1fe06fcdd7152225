import { useDraggable } from '@dnd-kit/core';
import { type TaskFormFieldType, taskFormFieldTypes } from '@erp/shared/documents';
import { clsx } from 'clsx';
import {
  AtSign,
  Calendar,
  CalendarClock,
  CircleDot,
  Coins,
  Hash,
  Heading,
  Link2,
  ListChecks,
  type LucideIcon,
  Paperclip,
  Phone,
  SquareCheck,
  Text,
  TextCursorInput,
  UserRound,
} from 'lucide-react';
import { Card, CardHeader } from '../../../ui/card';
import { fieldTypeLabels, paletteIdPrefix } from './field-types';

export const fieldTypeIcons = {
  text: TextCursorInput,
  longText: Text,
  number: Hash,
  decimal: Coins,
  date: Calendar,
  dateTime: CalendarClock,
  boolean: SquareCheck,
  select: CircleDot,
  multiSelect: ListChecks,
  email: AtSign,
  phone: Phone,
  file: Paperclip,
  user: UserRound,
  link: Link2,
  section: Heading,
} satisfies Record<TaskFormFieldType, LucideIcon>;

/**
 * The field types, to drag onto the form where the new field belongs, or to click (or press Enter on) to add
 * one after the selected field.
 */
export function FieldPalette({ onAdd }: { onAdd: (type: TaskFormFieldType) => void }) {
  return (
    <Card className="self-start lg:sticky lg:top-4">
      <CardHeader title="Add a field" description="Drag onto the form, or click." />
      <ul className="grid grid-cols-2 gap-1 p-2 lg:grid-cols-1" aria-label="Field types">
        {taskFormFieldTypes.map((type) => (
          <li key={type}>
            <PaletteItem type={type} onAdd={onAdd} />
          </li>
        ))}
      </ul>
    </Card>
  );
}

function PaletteItem({ type, onAdd }: { type: TaskFormFieldType; onAdd: (type: TaskFormFieldType) => void }) {
  const { setNodeRef, listeners, isDragging } = useDraggable({ id: `${paletteIdPrefix}${type}` });
  return (
    <button
      ref={setNodeRef}
      type="button"
      aria-label={`Add ${fieldTypeLabels[type]}`}
      className={clsx(
        'flex w-full cursor-grab items-center gap-2 rounded-md px-2.5 py-2 text-left text-sm text-neutral-700 hover:bg-neutral-100 focus-visible:outline-2 focus-visible:outline-indigo-500',
        isDragging && 'opacity-50',
      )}
      // Only the pointer drags from here: Enter and Space click, which adds the field where the keyboard is.
      onPointerDown={(event) => listeners?.onPointerDown?.(event)}
      onClick={() => onAdd(type)}
    >
      <PaletteLabel type={type} />
    </button>
  );
}

/** A field type as the palette shows it, also under the pointer while it is dragged. */
export function PaletteLabel({ type }: { type: TaskFormFieldType }) {
  const Icon = fieldTypeIcons[type];
  return (
    <>
      <Icon className="size-4 shrink-0 text-neutral-500" aria-hidden="true" />
      {fieldTypeLabels[type]}
    </>
  );
}
