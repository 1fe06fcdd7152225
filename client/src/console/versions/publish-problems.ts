import { type PublishIssue, publishIssuesDetailsSchema } from '@erp/shared/api/versions';
import { rootEntityId } from '@erp/shared/documents/diff/changes';
import { documentDiffSpecs } from '@erp/shared/documents/diff/diff';
import type { DocumentKind } from '@erp/shared/ids';
import { ApiError } from '../../api/client';

/**
 * What a refused publish found, by the element it is about, so each builder marks its own elements: the task
 * form builder its fields, the flow canvas its nodes and edges. Problems of the document as a whole (its title,
 * "a flow needs an end node") are under `rootEntityId`.
 */
export interface PublishProblems {
  issues: readonly PublishIssue[];
  byEntity: ReadonlyMap<string, readonly string[]>;
}

export const noProblems: PublishProblems = { issues: [], byEntity: new Map() };

/** Issue paths go through entity ids (`['fields', '<id>', 'key']`); the id after a collection names the element. */
export function entityOfIssue(kind: DocumentKind, path: readonly string[]): string {
  const [collection, id] = path;
  const isCollection = documentDiffSpecs[kind].collections.some((spec) => spec.key === collection);
  return isCollection && id !== undefined ? id : rootEntityId;
}

export function toPublishProblems(kind: DocumentKind, issues: readonly PublishIssue[]): PublishProblems {
  const byEntity = new Map<string, string[]>();
  for (const issue of issues) {
    const entity = entityOfIssue(kind, issue.path);
    byEntity.set(entity, [...(byEntity.get(entity) ?? []), issue.message]);
  }
  return { issues, byEntity };
}

/** The issues of a 422 answer to publish or to an import, or null when the error is something else. */
export function publishIssuesOf(error: unknown): PublishIssue[] | null {
  if (!(error instanceof ApiError) || error.code !== 'validation_failed') return null;
  const parsed = publishIssuesDetailsSchema.safeParse(error.details);
  return parsed.success ? parsed.data.issues : null;
}
