import { describeCollectionItem, describeProperty } from './changes';
import { entityName, readEntities, type Snapshot } from './snapshot-content';

/**
 * Where a problem is, as people know it: `['fields', '<id>', 'options', '<id>', 'value']` in a form reads
 * "Field “Amount” › option “High” › value". Ids without an element in `snapshot` are shown as they are.
 */
export function describeIssuePath(snapshot: Snapshot, path: readonly string[]): string {
  if (path.length === 0) return 'The document';
  const parts: string[] = [];
  let container: Snapshot = snapshot;
  for (let index = 0; index < path.length; index += 1) {
    const segment = path[index] ?? '';
    const next = path[index + 1];
    const entity =
      next === undefined ? undefined : readEntities(container, segment).find((e) => e.id === next);
    if (entity) {
      parts.push(`${describeCollectionItem(segment)} “${entityName(entity)}”`);
      container = entity;
      index += 1;
    } else {
      parts.push(describeProperty(segment));
    }
  }
  const text = parts.join(' › ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}
