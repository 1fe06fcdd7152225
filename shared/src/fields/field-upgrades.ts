import { legacyFieldTypes } from './field-types';

// Schema version 1 → 2 of task forms and tables: the shared vocabulary's names, and table settings in the
// shapes task forms already used. The same rewrite serves snapshots (imports, stored versions) and Yjs documents.

type Settings = Record<string, unknown>;

/** The shared name of a version-1 field type. */
export function upgradeFieldType(type: string): string {
  return legacyFieldTypes[type as keyof typeof legacyFieldTypes] ?? type;
}

/** A task form's version-1 settings of `type` (already renamed) in version 2. */
export function upgradeTaskFormSettings(type: string, settings: Settings): Settings {
  return type === 'decimal' && settings.scale === undefined ? { ...settings, scale: 2 } : settings;
}

/** A table's version-1 settings of `type` (already renamed) in version 2. */
export function upgradeTableSettings(type: string, settings: Settings): Settings {
  const { maxLength, allowedTypes, maxSizeBytes, multiple, ...rest } = settings;
  if (type === 'text' && maxLength !== undefined) return { ...rest, validation: { maxLength } };
  if (type === 'decimal' && typeof rest.default === 'string')
    return { ...rest, default: Number(rest.default) };
  if (type === 'file') {
    const validation = { allowedTypes, maxSizeBytes, maxFiles: multiple ? undefined : 1 };
    const present = Object.entries(validation).filter(([, value]) => value !== undefined);
    return present.length > 0 ? { ...rest, validation: Object.fromEntries(present) } : rest;
  }
  return settings;
}

// Props of a snapshot field that are not settings of its type.
const commonProps = new Set([
  'id',
  'order',
  'key',
  'type',
  'label',
  'helpText',
  'visibleWhen',
  'name',
  'description',
  'required',
  'unique',
  'options',
]);

/** A version-1 snapshot's fields in version 2. */
export function upgradeSnapshotFields(
  snapshot: Record<string, unknown>,
  upgradeSettings: (type: string, settings: Settings) => Settings,
): Record<string, unknown> {
  const fields = Array.isArray(snapshot.fields) ? snapshot.fields : [];
  return {
    ...snapshot,
    schemaVersion: 2,
    fields: fields.map((raw: unknown) => {
      if (typeof raw !== 'object' || raw === null) return raw;
      const common: Settings = {};
      const settings: Settings = {};
      for (const [key, value] of Object.entries(raw)) (commonProps.has(key) ? common : settings)[key] = value;
      const type = upgradeFieldType(String(common.type));
      return { ...common, type, ...upgradeSettings(type, settings) };
    }),
  };
}
