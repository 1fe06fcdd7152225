import type { HistoryPoint, PublishPreview } from '@erp/shared/api/versions';
import type { DocumentChange } from '@erp/shared/documents/diff/changes';
import { useCallback } from 'react';
import { useApi } from '../../api/use-api';
import * as versionsApi from '../../api/versions';
import { changeTarget } from './changes';

// More history points than this since the last version: the older edits stay unattributed (the dialog still
// lists every author), rather than one request per point without end.
const maxPoints = 30;

type AuthorsByElement = ReadonlyMap<string, readonly string[]>;

/**
 * Who made each change since the last version: with one author, every change is theirs; with several, each
 * history point (one author's run of edits) is diffed against the point before it, and its author is named
 * beside the elements that diff touches.
 */
export function useChangeAuthors(
  documentId: string,
  preview: PublishPreview,
): (change: DocumentChange) => readonly string[] {
  const { authors } = preview;
  const isShared = authors.length > 1;
  const attribution = useApi(
    `change-authors|${documentId}|${isShared ? preview.baseVersion : 'single'}|${authors.map((author) => author.lastEditAt).join()}`,
    (signal) => (isShared ? attributeByHistory(documentId, preview, signal) : Promise.resolve(null)),
  );
  const byElement = attribution.data;
  const soleAuthor = authors[0]?.user.name;
  return useCallback(
    (change: DocumentChange) => {
      if (!isShared) return soleAuthor ? [soleAuthor] : [];
      return byElement?.get(changeTarget(change)) ?? [];
    },
    [isShared, soleAuthor, byElement],
  );
}

async function attributeByHistory(
  documentId: string,
  preview: PublishPreview,
  signal: AbortSignal,
): Promise<AuthorsByElement> {
  const since = Math.min(...preview.authors.map((author) => Date.parse(author.firstEditAt)));
  const points = await pointsSince(documentId, since, signal);
  const byElement = new Map<string, string[]>();
  // Oldest first: each point's edits are the diff from the point before it (or from the last version).
  let from: versionsApi.DiffSide | null = preview.baseVersion;
  for (const point of points.reverse()) {
    const to = `history:${point.id}` as const;
    if (from !== null && point.author) {
      const { changes } = await versionsApi.getDiff(documentId, from, to, signal);
      for (const change of changes) {
        const names = byElement.get(changeTarget(change)) ?? [];
        if (!names.includes(point.author.name))
          byElement.set(changeTarget(change), [...names, point.author.name]);
      }
    }
    from = to;
  }
  return byElement;
}

/** The history points (newest first) whose edits reach past `since`, at most `maxPoints` of them. */
async function pointsSince(documentId: string, since: number, signal: AbortSignal): Promise<HistoryPoint[]> {
  const points: HistoryPoint[] = [];
  let cursor: string | undefined;
  do {
    const page = await versionsApi.listHistory(documentId, cursor, signal);
    for (const point of page.items) {
      if (Date.parse(point.to) < since || points.length === maxPoints) return points;
      points.push(point);
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return points;
}
