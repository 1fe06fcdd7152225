import * as Y from 'yjs';
import { defineCollection, defineRoot, withoutPlacement } from '../collection.yjs';
import {
  type DraftOf,
  type Entity,
  type Origin,
  type PatchOf,
  patchEntity,
  readEntity,
} from '../entities.yjs';
import { runMigrations, seedDocument, toDraft } from '../meta.yjs';
import type { Draft } from '../schemas';
import { emptyTrigger, type Trigger, triggerSchemaVersion } from './trigger.schema';
import type { TriggerAction, TriggerActionType, ValueSource } from './trigger-actions.schema';

// Layout: meta; root texts `name`, `description`; root map `props` with `enabled`, `event` and `condition`
// (each replaced whole); root map `actions` keyed by id. An action's `type` is fixed at creation; its texts
// (`subject`, `body`) are Y.Texts and its mappings (`data`, `values`, `headers`) nested Y.Maps created with it,
// so two people mapping different fields both keep their entries.

const actionTexts = {
  sendEmail: ['subject', 'body'],
  startFlow: [],
  createRecord: [],
  updateRecord: [],
  callWebhook: ['body'],
  gmailSend: ['subject', 'body'],
  outlookSend: ['subject', 'body'],
  sheetsAppendRow: [],
  sheetsUpdateRows: [],
  sendReport: ['subject', 'body'],
} as const satisfies Record<TriggerActionType, readonly string[]>;
const actionMaps = {
  sendEmail: [],
  startFlow: ['data'],
  createRecord: ['values'],
  updateRecord: ['values'],
  callWebhook: ['headers'],
  gmailSend: [],
  outlookSend: [],
  sheetsAppendRow: ['values'],
  sheetsUpdateRows: ['values'],
  sendReport: ['params'],
} as const satisfies Record<TriggerActionType, readonly string[]>;
type ActionMap = (typeof actionMaps)[TriggerActionType][number];
const allActionMaps: readonly ActionMap[] = [...new Set(Object.values(actionMaps).flat())];

export type NewTriggerAction = DraftOf<TriggerAction>;
// Mappings are edited entry by entry (triggerActions.setMapping, triggerActions.setHeader).
export type TriggerActionPatch = PatchOf<TriggerAction, ActionMap>;
export type TriggerPatch = Partial<Omit<Trigger, 'kind' | 'schemaVersion' | 'actions'>>;

const root = defineRoot<TriggerPatch>({ texts: ['name', 'description'] });

const actions = defineCollection<NewTriggerAction, TriggerActionPatch>({
  name: 'actions',
  texts: ['subject', 'body'],
  textsOf: (input) => actionTexts[input.type],
  ordered: true,
  fill: (entity, input) => {
    const props: Record<string, unknown> = { enabled: true, ...withoutPlacement(input) };
    for (const key of actionMaps[input.type]) {
      const map = new Y.Map<unknown>();
      entity.set(key, map);
      patchEntity(map, (props[key] as object | undefined) ?? {}, []);
      delete props[key];
    }
    patchEntity(entity, props, actionTexts[input.type]);
  },
});

export const updateTrigger = root.update;
export const getTriggerText = root.getText;

function writeEntry(
  doc: Y.Doc,
  actionId: string,
  maps: readonly ActionMap[],
  key: string,
  value: unknown,
  origin?: Origin,
) {
  doc.transact(() => {
    const action = actions.collectionOf(doc).get(actionId);
    const map = maps.map((name) => action?.get(name)).find((candidate) => candidate instanceof Y.Map);
    if (map instanceof Y.Map) patchEntity(map, { [key]: value }, []);
  }, origin);
}

/** Maps (or, with `undefined`, unmaps) one field of a startFlow's data or a record action's values. */
function setMapping(
  doc: Y.Doc,
  actionId: string,
  key: string,
  source: ValueSource | undefined,
  origin?: Origin,
): void {
  writeEntry(doc, actionId, ['data', 'values'], key, source, origin);
}

// Sets (or, with `undefined`, removes) one entry of an action's map of texts.
const setEntryOf =
  (maps: readonly ActionMap[]) =>
  (doc: Y.Doc, actionId: string, key: string, value: string | undefined, origin?: Origin): void =>
    writeEntry(doc, actionId, maps, key, value, origin);

/** One header of a callWebhook action. */
const setHeader = setEntryOf(['headers']);
/** The value of one parameter of a sendReport's dataset. */
const setReportParam = setEntryOf(['params']);

/** Edits of a trigger's actions; each is one transaction with the given origin. */
export const triggerActions = { ...actions, setMapping, setHeader, setReportParam };

export function initTrigger(doc: Y.Doc, initial: Trigger = emptyTrigger(), origin?: Origin): void {
  seedDocument(doc, 'trigger', triggerSchemaVersion, origin, () => {
    const { kind: _kind, schemaVersion: _version, actions: actionList, ...props } = initial;
    root.update(doc, props);
    for (const action of actionList) actions.add(doc, action);
  });
}

function readAction(id: string, entity: Entity): Record<string, unknown> {
  const action: Record<string, unknown> = { id, ...readEntity(entity) };
  for (const key of allActionMaps) {
    const map = entity.get(key);
    if (map instanceof Y.Map) action[key] = readEntity(map);
  }
  return action;
}

/** The draft as plain JSON in the published shape, not validated. */
export function readTrigger(doc: Y.Doc): Draft<Trigger> {
  const actionList = actions.list(doc).map(({ id, entity }) => readAction(id, entity));
  return toDraft(doc, { ...root.read(doc), actions: actionList });
}

export function migrateTrigger(doc: Y.Doc): void {
  runMigrations(doc, 'trigger', triggerSchemaVersion, {});
}
