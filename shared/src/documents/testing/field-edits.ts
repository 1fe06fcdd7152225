import type * as Y from 'yjs';
import { fieldOptions } from '../fields.yjs';
import type { Random } from './random';

interface FieldLike {
  id: string;
  options?: { id: string }[];
}

// Method syntax on purpose: each kind's add takes its own (wider) input type.
interface FieldCollection {
  add(doc: Y.Doc, input: { id: string; type: 'text'; key: string; index: number }): string;
  remove(doc: Y.Doc, id: string): void;
  move(doc: Y.Doc, id: string, index: number): void;
}

/**
 * One random structural edit of the fields of a task form or a table: add a text field (with a fresh key),
 * remove a field that is not pinned, move a field, or add, change or remove an option.
 */
export function editFieldStructure(
  doc: Y.Doc,
  random: Random,
  fields: FieldLike[],
  collection: FieldCollection,
  isPinned: (field: FieldLike) => boolean,
): void {
  const field = random.pick(fields);
  const free = fields.filter((candidate) => !isPinned(candidate));
  const options = field.options ?? [];
  switch (random.int(5)) {
    case 0:
      collection.add(doc, { id: random.id(), type: 'text', key: `f_${random.id()}`, index: random.int(9) });
      return;
    case 1:
      if (free.length > 0) collection.remove(doc, random.pick(free).id);
      return;
    case 2:
      collection.move(doc, field.id, random.int(fields.length + 1));
      return;
    case 3:
      fieldOptions.add(doc, field.id, {
        id: random.id(),
        label: random.text(),
        value: `v_${random.id()}`,
        index: 0,
      });
      return;
    default: {
      if (options.length === 0) return;
      const option = random.pick(options);
      if (random.chance(0.3)) fieldOptions.remove(doc, field.id, option.id);
      else fieldOptions.update(doc, field.id, option.id, { label: random.text(), value: `v_${random.id()}` });
    }
  }
}
