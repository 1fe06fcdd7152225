import { diffEndpointSchema, type HistoryPoint, type VersionSummary } from '@erp/shared/api/versions';
import type { DocumentKind } from '@erp/shared/ids';
import * as versionsApi from '../../api/versions';
import { formatDateTime } from '../../ui/format';
import { documentSectionPath } from '../documents/document-frame';
import { documentPath } from '../documents/document-kinds';
import type { Snapshot } from './snapshot-content';

// The two sides of a comparison (a version, the draft, or a point of the edit history) and the pages' URLs.

export type DiffSide = versionsApi.DiffSide;

/** A side from the URL, checked by the same rule as the API's; null for anything else. */
export function parseDiffSide(value: string | null): DiffSide | null {
  const parsed = diffEndpointSchema.safeParse(value ?? '');
  if (!parsed.success) return null;
  const endpoint = parsed.data;
  if (endpoint.type === 'version') return endpoint.number;
  return endpoint.type === 'draft' ? 'draft' : `history:${endpoint.pointId}`;
}

export function versionPagePath(kind: DocumentKind, id: string, number: number): string {
  return `${documentSectionPath(kind, id, 'versions')}/${number}`;
}

export function historyPointPagePath(kind: DocumentKind, id: string, pointId: string): string {
  return `${documentSectionPath(kind, id, 'history')}/${encodeURIComponent(pointId)}`;
}

export function comparePagePath(kind: DocumentKind, id: string, from: DiffSide, to: DiffSide): string {
  const query = new URLSearchParams({ from: String(from), to: String(to) });
  return `${documentPath(kind, id)}/compare?${query}`;
}

/** The version before this one (numbers are consecutive); the first version is reviewed on its own. */
export function previousOf(number: number): number {
  return Math.max(1, number - 1);
}

export interface LoadedSide {
  side: DiffSide;
  content: Snapshot;
  version?: VersionSummary;
  point?: HistoryPoint;
}

export async function loadSide(documentId: string, side: DiffSide, signal: AbortSignal): Promise<LoadedSide> {
  if (side === 'draft') return { side, content: await versionsApi.exportDraft(documentId, signal) };
  if (typeof side === 'number') {
    const { content, ...version } = await versionsApi.getVersion(documentId, side, signal);
    return { side, content, version };
  }
  const { content, point } = await versionsApi.getHistoryPoint(
    documentId,
    side.slice('history:'.length),
    signal,
  );
  return { side, content, point };
}

/** "Version 3", "Draft", "Ada’s edits, Dec 1, 2026, 14:05". */
export function describeSide(side: DiffSide, point?: HistoryPoint): string {
  if (side === 'draft') return 'Draft';
  if (typeof side === 'number') return `Version ${side}`;
  if (!point) return 'A point in the edit history';
  const at = formatDateTime(point.to);
  return point.author ? `${point.author.name}’s edits, ${at}` : `Edits of ${at}`;
}
