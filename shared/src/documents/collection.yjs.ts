import * as Y from 'yjs';
import {
  type Entity,
  insertEntity,
  listEntities,
  moveEntity,
  type NewEntity,
  newEntityId,
  type Origin,
  patchEntity,
  readEntity,
} from './entities.yjs';
import { replaceText } from './text.yjs';

// Any prop of any member when the patch is a union (the texts of one action type are not the other's).
type TextKey<Patch> = (Patch extends unknown ? keyof Patch : never) & string;

export interface CollectionSpec<Input extends NewEntity, Patch extends object> {
  // Name of the root Y.Map; root types merge by name, so replicas never create competing collections.
  name: string;
  texts: readonly TextKey<Patch>[];
  // The texts a new entity gets, when they depend on its type; all of `texts` by default.
  textsOf?: (input: Input) => readonly string[];
  ordered: boolean;
  // Writes a new entity's props besides id, order and the (empty) texts; by default the input as it is.
  fill?: (entity: Entity, input: Input) => void;
  // Removes, in the same transaction, what pointed at a removed entity (the edges of a node).
  cleanUp?: (doc: Y.Doc, id: string) => void;
}

/** The input of an add without the placement props. */
export function withoutPlacement<Input extends NewEntity>(input: Input): Omit<Input, keyof NewEntity> {
  const { id: _id, index: _index, order: _order, ...props } = input;
  return props;
}

/** Typed edit helpers for one collection of a document; each edit is one transaction with the given origin. */
export function defineCollection<Input extends NewEntity, Patch extends object>(
  spec: CollectionSpec<Input, Patch>,
) {
  const collectionOf = (doc: Y.Doc) => doc.getMap<Entity>(spec.name);
  const fill =
    spec.fill ?? ((entity: Entity, input: Input) => patchEntity(entity, withoutPlacement(input), spec.texts));
  return {
    collectionOf,
    list: (doc: Y.Doc) => listEntities(collectionOf(doc)),
    add(doc: Y.Doc, input: Input, origin?: Origin): string {
      const id = input.id ?? newEntityId();
      const layout = { texts: spec.textsOf?.(input) ?? spec.texts, ordered: spec.ordered };
      doc.transact(
        () => fill(insertEntity(collectionOf(doc), { ...input, id }, layout).entity, input),
        origin,
      );
      return id;
    },
    update(doc: Y.Doc, id: string, patch: Patch, origin?: Origin): void {
      doc.transact(() => {
        const entity = collectionOf(doc).get(id);
        if (entity) patchEntity(entity, patch, spec.texts);
      }, origin);
    },
    move(doc: Y.Doc, id: string, index: number, origin?: Origin): void {
      doc.transact(() => moveEntity(collectionOf(doc), id, index), origin);
    },
    remove(doc: Y.Doc, id: string, origin?: Origin): void {
      doc.transact(() => {
        collectionOf(doc).delete(id);
        spec.cleanUp?.(doc, id);
      }, origin);
    },
    /** The shared text of one entity's prop, for binding an editor to it. */
    getText(doc: Y.Doc, id: string, key: TextKey<Patch>): Y.Text | undefined {
      const text = collectionOf(doc).get(id)?.get(key);
      return text instanceof Y.Text ? text : undefined;
    },
  };
}

// Document-level props: texts are root Y.Texts, scalars live in the root map `props`.
export function defineRoot<Patch extends object>(spec: { texts: readonly TextKey<Patch>[] }) {
  const propsOf = (doc: Y.Doc) => doc.getMap<unknown>('props');
  return {
    update(doc: Y.Doc, patch: Patch, origin?: Origin): void {
      doc.transact(() => {
        for (const [key, value] of Object.entries(patch)) {
          if (spec.texts.includes(key as TextKey<Patch>)) replaceText(doc.getText(key), String(value ?? ''));
          else patchEntity(propsOf(doc), { [key]: value }, []);
        }
      }, origin);
    },
    read(doc: Y.Doc): Record<string, unknown> {
      const props: Record<string, unknown> = {};
      for (const key of spec.texts) props[key] = doc.getText(key).toString();
      return { ...props, ...readEntity(propsOf(doc)) };
    },
    getText: (doc: Y.Doc, key: TextKey<Patch>): Y.Text => doc.getText(key),
  };
}
