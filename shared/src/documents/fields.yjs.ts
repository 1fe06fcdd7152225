import * as Y from 'yjs';
import { withoutPlacement } from './collection.yjs';
import type { Option } from './common.schema';
import {
  type Entity,
  type EntityCollection,
  insertEntity,
  moveEntity,
  type NewEntity,
  newEntityId,
  type Origin,
  patchEntity,
  patchVariant,
  readEntities,
  readEntity,
  readVariant,
  variantSeparator,
} from './entities.yjs';

// Fields of task forms and tables share one layout: root map `fields`, each field a typed entity whose
// type-specific settings are variant props, and a nested `options` map for choice types. `options` is created
// with every field so a later switch to a choice type finds it (maps created lazily by two replicas compete).

export interface NewOption extends NewEntity {
  label: string;
  value: string;
}
export type OptionPatch = Partial<Pick<Option, 'label' | 'value'>>;

const optionTexts = ['label'] as const;
const optionLayout = { texts: optionTexts, ordered: true };

function fieldsOf(doc: Y.Doc): EntityCollection {
  return doc.getMap<Entity>('fields');
}

function optionsOf(doc: Y.Doc, fieldId: string): EntityCollection | undefined {
  const options = fieldsOf(doc).get(fieldId)?.get('options');
  return options instanceof Y.Map ? (options as EntityCollection) : undefined;
}

function insertOption(options: EntityCollection, option: NewOption): string {
  const { id, entity } = insertEntity(options, option, optionLayout);
  patchEntity(entity, { label: option.label, value: option.value }, optionTexts);
  return id;
}

/**
 * Writes a new field: `common` keys and texts as plain props, every other input prop (besides placement and
 * options) as a setting of the field's type.
 */
export function fillField(
  entity: Entity,
  input: NewEntity & { type: string; options?: NewOption[] },
  common: { keys: readonly string[]; texts: readonly string[] },
): void {
  const { options = [], ...props } = withoutPlacement(input);
  const settings: Record<string, unknown> = {};
  const plain: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(props)) {
    if (common.keys.includes(key) || common.texts.includes(key)) plain[key] = value;
    else settings[key] = value;
  }
  patchEntity(entity, plain, common.texts);
  const optionMap: EntityCollection = new Y.Map();
  entity.set('options', optionMap);
  for (const option of options) insertOption(optionMap, option);
  patchVariant(entity, input.type, settings);
}

/**
 * Typed type and settings edits for fields whose settings per type are `Settings[type]`. Settings of every type
 * stay stored, so switching a field back restores them, and an edit for a type the field no longer has is
 * harmless.
 */
export function defineFieldTypes<Settings extends Record<string, object>>() {
  return {
    /** Changes a field's type, setting what the new type needs (a currency code, a relation's target). */
    setType<Type extends keyof Settings & string>(
      doc: Y.Doc,
      id: string,
      type: Type,
      settings: Partial<Settings[Type]> = {},
      origin?: Origin,
    ): void {
      doc.transact(() => {
        const field = fieldsOf(doc).get(id);
        if (!field) return;
        field.set('type', type);
        patchVariant(field, type, settings);
      }, origin);
    },
    /** Sets (or, with `undefined`, clears) settings of `type`, such as `default` or `validation`. */
    updateSettings<Type extends keyof Settings & string>(
      doc: Y.Doc,
      id: string,
      type: Type,
      settings: Partial<Settings[Type]>,
      origin?: Origin,
    ): void {
      doc.transact(() => {
        const field = fieldsOf(doc).get(id);
        if (field) patchVariant(field, type, settings);
      }, origin);
    },
  };
}

/** Edits of a choice field's options (task forms and tables); each is one transaction with the given origin. */
export const fieldOptions = {
  add(doc: Y.Doc, fieldId: string, option: NewOption, origin?: Origin): string {
    const id = option.id ?? newEntityId();
    doc.transact(() => {
      const options = optionsOf(doc, fieldId);
      if (options) insertOption(options, { ...option, id });
    }, origin);
    return id;
  },

  update(doc: Y.Doc, fieldId: string, optionId: string, patch: OptionPatch, origin?: Origin): void {
    doc.transact(() => {
      const option = optionsOf(doc, fieldId)?.get(optionId);
      if (option) patchEntity(option, patch, optionTexts);
    }, origin);
  },

  move(doc: Y.Doc, fieldId: string, optionId: string, index: number, origin?: Origin): void {
    doc.transact(() => {
      const options = optionsOf(doc, fieldId);
      if (options) moveEntity(options, optionId, index);
    }, origin);
  },

  remove(doc: Y.Doc, fieldId: string, optionId: string, origin?: Origin): void {
    doc.transact(() => optionsOf(doc, fieldId)?.delete(optionId), origin);
  },

  getLabel(doc: Y.Doc, fieldId: string, optionId: string): Y.Text | undefined {
    const label = optionsOf(doc, fieldId)?.get(optionId)?.get('label');
    return label instanceof Y.Text ? label : undefined;
  },
};

/**
 * A field as `{ id, ...props, ...settings of its type }`, plus options for `choiceTypes`. A default naming an
 * option that was removed concurrently is dropped rather than reported: the option is gone for everyone.
 */
export function readField(
  id: string,
  entity: Entity,
  choiceTypes: readonly string[],
): Record<string, unknown> {
  const props = readEntity(entity);
  const type = String(props.type);
  const field: Record<string, unknown> = { id, ...props, ...readVariant(entity, type) };
  if (!choiceTypes.includes(type)) return field;
  const nested = entity.get('options');
  const options = nested instanceof Y.Map ? readEntities(nested as EntityCollection) : [];
  const ids = new Set(options.map((option) => option.id));
  field.options = options;
  if (Array.isArray(field.default)) field.default = field.default.filter((optionId) => ids.has(optionId));
  else if (field.default !== undefined && !ids.has(field.default as string)) delete field.default;
  return field;
}

/**
 * Renames field types and rewrites the stored settings of every type (current or kept from an earlier type) of
 * every field: the Yjs side of a schema upgrade. Runs inside the caller's migration transaction.
 */
export function upgradeFieldVariants(
  doc: Y.Doc,
  renameType: (type: string) => string,
  upgradeSettings: (type: string, settings: Record<string, unknown>) => Record<string, unknown>,
): void {
  for (const field of fieldsOf(doc).values()) {
    const type = field.get('type');
    if (typeof type === 'string') field.set('type', renameType(type));
    const variants = new Map<string, Record<string, unknown>>();
    for (const key of [...field.keys()]) {
      const at = key.indexOf(variantSeparator);
      if (at < 0) continue;
      const variant = key.slice(0, at);
      variants.set(variant, { ...variants.get(variant), [key.slice(at + 1)]: field.get(key) });
      field.delete(key);
    }
    for (const [variant, settings] of variants) {
      const renamed = renameType(variant);
      patchVariant(field, renamed, upgradeSettings(renamed, settings));
    }
  }
}
