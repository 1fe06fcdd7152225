import { conditionSchema, describeCondition } from '@erp/shared/conditions';
import { assignmentSchema } from '@erp/shared/documents';
import { rootEntityId } from '@erp/shared/documents/diff/changes';
import { documentDiffSpecs } from '@erp/shared/documents/diff/diff';
import type { DocumentKind } from '@erp/shared/ids';
import { describeAssignment } from '../builders/flow/nodes/describe-node';
import { describeProperty, formatValue } from './changes';
import { MarkedElement, type Marks } from './marked-element';
import { type Entity, entityName, readEntities, type Snapshot } from './snapshot-content';

// Props that identify or place an entity rather than say what it does (a connection's ends are in its title).
const hiddenProps = new Set(['id', 'order', 'position', 'kind', 'schemaVersion', 'source', 'target']);

/**
 * Any kind of document as a structured, read-only list: the document's own settings, then each collection
 * (steps, connections, actions…) with every element's settings. Changed elements are marked.
 */
export function EntityOutline({
  kind,
  snapshot,
  marks,
}: {
  kind: DocumentKind;
  snapshot: Snapshot;
  marks: Marks;
}) {
  const collections = documentDiffSpecs[kind].collections.map((collection) => collection.key);
  const settings = Object.entries(snapshot).filter(
    ([key]) => !hiddenProps.has(key) && !(collections as readonly string[]).includes(key),
  );
  const nodeNames = new Map(readEntities(snapshot, 'nodes').map((node) => [node.id, entityName(node)]));
  return (
    <div className="space-y-4 text-sm">
      {settings.length > 0 && (
        <MarkedElement entityId={rootEntityId} marks={marks} className="rounded-r-md px-4 py-3">
          <Settings entries={settings} />
        </MarkedElement>
      )}
      {collections.map((key) => {
        const entities = readEntities(snapshot, key);
        return (
          <section key={key} aria-label={describeProperty(key)}>
            <p className="px-4 text-xs font-semibold tracking-wide text-neutral-500 uppercase">
              {describeProperty(key)} ({entities.length})
            </p>
            <ul className="mt-1 space-y-1">
              {entities.map((entity) => (
                <MarkedElement
                  key={entity.id}
                  as="li"
                  entityId={entity.id}
                  marks={marks}
                  className="rounded-r-md px-4 py-2.5"
                >
                  <p className="font-medium text-neutral-900">{describeElement(entity, nodeNames)}</p>
                  <Settings entries={Object.entries(entity).filter(([prop]) => !hiddenProps.has(prop))} />
                </MarkedElement>
              ))}
            </ul>
          </section>
        );
      })}
    </div>
  );
}

/** A connection reads "Start → Approve"; everything else by its name. */
function describeElement(entity: Entity, nodeNames: ReadonlyMap<string, string>): string {
  if (typeof entity.source === 'string' && typeof entity.target === 'string') {
    const route = `${nodeNames.get(entity.source) ?? entity.source} → ${nodeNames.get(entity.target) ?? entity.target}`;
    return typeof entity.label === 'string' && entity.label ? `${route} (${entity.label})` : route;
  }
  return entityName(entity);
}

function Settings({ entries }: { entries: [string, unknown][] }) {
  if (entries.length === 0) return null;
  return (
    <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-xs">
      {entries.map(([prop, value]) => (
        <div key={prop} className="contents">
          <dt className="text-neutral-500">{describeProperty(prop)}</dt>
          <dd className="min-w-0 break-words text-neutral-800">{formatSetting(value)}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Conditions read as people write them ("amount > 1000"), a level's rule by its kind; anything else as a value. */
function formatSetting(value: unknown): string {
  const condition = conditionSchema.safeParse(value);
  if (condition.success) return describeCondition(condition.data);
  const rule = assignmentSchema.safeParse(value);
  return rule.success ? describeAssignment(rule.data) : formatValue(value);
}
