import type * as Y from 'yjs';
import { upgradeFieldType, upgradeTableSettings } from '../../fields/field-upgrades';
import { defineCollection, defineRoot } from '../collection.yjs';
import type { NewEntity, Origin } from '../entities.yjs';
import { defineFieldTypes, fillField, type NewOption, readField, upgradeFieldVariants } from '../fields.yjs';
import { runMigrations, seedDocument, toDraft } from '../meta.yjs';
import type { Draft } from '../schemas';
import {
  defaultTableAccess,
  emptyTable,
  type Table,
  type TableAccess,
  type TableFieldSettings,
  type TableFieldType,
  tableChoiceTypes,
  tableSchemaVersion,
} from './table.schema';

// Layout: meta; root text `description`; root map `props` with `displayFieldId`; root map `fields` (see
// fields.yjs.ts) with texts `name` and `description`, plain `key`, `type`, `required`, `unique` and `order`.

export interface TableFieldPatch {
  key?: string;
  name?: string;
  description?: string;
  required?: boolean;
  unique?: boolean;
}

export type NewTableField = {
  [Type in TableFieldType]: NewEntity &
    TableFieldPatch & { type: Type; key: string; options?: NewOption[] } & Partial<TableFieldSettings<Type>>;
}[TableFieldType];

const fieldTexts = ['name', 'description'] as const;
const fieldLayout = { keys: ['key', 'type', 'required', 'unique'], texts: fieldTexts };

const root = defineRoot<{ description?: string; displayFieldId?: string | null; access?: TableAccess }>({
  texts: ['description'],
});
const fields = defineCollection<NewTableField, TableFieldPatch>({
  name: 'fields',
  texts: fieldTexts,
  ordered: true,
  fill: (entity, input) => fillField(entity, { required: false, unique: false, ...input }, fieldLayout),
});

type SettingsByType = { [Type in TableFieldType]: TableFieldSettings<Type> };

export const updateTable = root.update;
export const getTableText = root.getText;
/** Edits of a table's fields; each is one transaction with the given origin. */
export const tableFields = { ...fields, ...defineFieldTypes<SettingsByType>() };

export function initTable(doc: Y.Doc, initial: Table = emptyTable(), origin?: Origin): void {
  seedDocument(doc, 'table', tableSchemaVersion, origin, () => {
    root.update(doc, {
      description: initial.description,
      displayFieldId: initial.displayFieldId,
      access: initial.access,
    });
    for (const field of initial.fields) fields.add(doc, field);
  });
}

/**
 * The draft as plain JSON in the published shape, not validated. A display field removed concurrently
 * reads as null (the first field), as if it had been cleared with the removal.
 */
export function readTable(doc: Y.Doc): Draft<Table> {
  const fieldList = fields.list(doc).map(({ id, entity }) => readField(id, entity, tableChoiceTypes));
  const { displayFieldId, ...props } = root.read(doc);
  const isPresent = fieldList.some((field) => field.id === displayFieldId);
  return toDraft(doc, { ...props, displayFieldId: isPresent ? displayFieldId : null, fields: fieldList });
}

export function migrateTable(doc: Y.Doc): void {
  runMigrations(doc, 'table', tableSchemaVersion, {
    1: (migrated) => {
      upgradeFieldVariants(migrated, upgradeFieldType, upgradeTableSettings);
      root.update(migrated, { access: defaultTableAccess() });
    },
  });
}
