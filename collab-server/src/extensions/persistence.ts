import type { PrismaClient } from '@erp/prisma';
import { AppError, type DocumentKind, parseDocumentName } from '@erp/shared';
import { migrateDocument } from '@erp/shared/documents';
import {
  type afterLoadDocumentPayload,
  type afterUnloadDocumentPayload,
  type beforeUnloadDocumentPayload,
  type Document,
  type Extension,
  type Hocuspocus,
  isTransactionOrigin,
  type onConfigurePayload,
  type onLoadDocumentPayload,
} from '@hocuspocus/server';
import type { Logger } from 'pino';
import {
  appendUpdates,
  applyStoredState,
  type BuildInitialState,
  compactStoredState,
  loadOrSeedStoredState,
  mergeRunsByAuthor,
  type StoredUpdate,
  storeMissingState,
  touchDocument,
} from '../document-storage';
import type { CollabContext } from '../sockets';

export interface PersistenceOptions {
  prisma: PrismaClient;
  logger: Logger;
  buildInitialState: BuildInitialState;
  /** How long the first of a batch of updates waits in memory before the batch is written. */
  delayMs: number;
  /** Compact into a new snapshot once this many rows were appended after the latest one. */
  compactEvery: number;
  /** Minimum interval between two `documents.updated_at` writes for one document. */
  touchEveryMs: number;
  /**
   * With Redis, updates that reached this server from a peer are stored by that peer; if the peer died
   * before storing them, this server stores what it holds beyond the stored state when it unloads.
   */
  storesPeerStateOnUnload: boolean;
}

interface TrackedDocument {
  documentId: string;
  kind: DocumentKind;
  pending: StoredUpdate[];
  pendingBytes: number;
  timer: NodeJS.Timeout | null;
  /** The write chain: one write at a time per document, in order. */
  writing: Promise<void>;
  retryDelayMs: number;
  rowsSinceSnapshot: number;
  compacting: Promise<void> | null;
  lastTouchAt: number;
  /** Author of the latest stored change not yet reflected in documents.updated_by_id. */
  untouchedAuthor: string | null;
  isGone: boolean;
}

const flushAtBytes = 1024 * 1024;
const maxRetryDelayMs = 30_000;
// Unloading is a quiet moment: compact a shorter tail than during editing so the next open is fast.
const compactOnUnloadAt = 10;

/**
 * Stores every change of a loaded document in `document_updates` with its author and time: updates are
 * captured synchronously from the Y.Doc (the transaction origin says which connection, hence which user),
 * written in short per-document batches, and flushed before the document unloads and at shutdown. A failed
 * write keeps its updates and retries; the document then stays in memory until they are stored.
 */
export class Persistence implements Extension<CollabContext> {
  readonly extensionName = 'erp-persistence';
  private readonly documents = new Map<string, TrackedDocument>();
  /** Writes of documents already unloaded (a reload may take the name meanwhile). */
  private readonly retiring = new Set<Promise<void>>();
  private instance: Hocuspocus | null = null;
  private isClosed = false;

  constructor(private readonly options: PersistenceOptions) {}

  async onConfigure({ instance }: onConfigurePayload) {
    this.instance = instance;
  }

  async onLoadDocument({ documentName, document }: onLoadDocumentPayload<CollabContext>) {
    const { id: documentId, kind } = parseLoadedName(documentName);
    const started = performance.now();
    const stored = await loadOrSeedStoredState(
      this.options.prisma,
      documentId,
      this.options.buildInitialState,
    );
    applyStoredState(document, stored);
    this.options.logger.debug(
      {
        documentId,
        snapshotBytes: stored.snapshot?.byteLength ?? 0,
        updates: stored.updates.length,
        ms: Math.round(performance.now() - started),
      },
      'collab document loaded',
    );
    this.documents.set(documentName, {
      documentId,
      kind,
      pending: [],
      pendingBytes: 0,
      timer: null,
      writing: Promise.resolve(),
      retryDelayMs: 100,
      rowsSinceSnapshot: stored.updates.length,
      compacting: null,
      lastTouchAt: 0,
      untouchedAuthor: null,
      isGone: false,
    });
  }

  async afterLoadDocument({ documentName, document }: afterLoadDocumentPayload<CollabContext>) {
    const tracked = this.documents.get(documentName);
    if (!tracked) return;
    document.on('update', (update: Uint8Array, origin: unknown) => this.capture(tracked, update, origin));
    // After the capture is attached, so an upgraded layout is stored like any edit. Clients only ever
    // see documents of the current schema version.
    migrateDocument(tracked.kind, document);
  }

  async beforeUnloadDocument({ documentName, document }: beforeUnloadDocumentPayload) {
    const tracked = this.documents.get(documentName);
    if (!tracked || this.isClosed) return;
    try {
      await this.prepareUnload(tracked, document);
    } catch (error) {
      // Hocuspocus keeps the document loaded when this hook throws, and does not try again by itself.
      this.options.logger.error({ err: error, documentId: tracked.documentId }, 'collab unload postponed');
      this.retryUnload(documentName, document, tracked);
      throw error;
    }
  }

  async afterUnloadDocument({ documentName }: afterUnloadDocumentPayload) {
    const tracked = this.documents.get(documentName);
    if (!tracked || this.instance?.documents.has(documentName)) return;
    this.documents.delete(documentName);
    if (tracked.pending.length === 0) return;
    const retiring = this.flushDocument(tracked);
    this.retiring.add(retiring);
    void retiring.finally(() => this.retiring.delete(retiring));
  }

  /** Writes everything captured so far (all documents); resolves when it is stored or has failed. */
  async flushAll(): Promise<void> {
    await Promise.all([...this.documents.values()].map((tracked) => this.flushDocument(tracked)));
    await Promise.all([...this.documents.values()].map((tracked) => tracked.compacting));
    await Promise.all(this.retiring);
  }

  /** Writes what is captured for one document now; throws when it cannot be stored (the caller must not read). */
  async flushDocumentId(documentId: string): Promise<void> {
    const loaded = [...this.documents.values()].filter((tracked) => tracked.documentId === documentId);
    await Promise.all(loaded.map((tracked) => this.flushDocument(tracked)));
    await Promise.all(this.retiring);
    if (loaded.some((tracked) => tracked.pending.length > 0 && !tracked.isGone)) {
      throw new AppError(
        'unavailable',
        'The latest edits of this document could not be stored yet; try again.',
      );
    }
  }

  /**
   * Final flush at shutdown (of the documents still in memory); later captures are not written (their
   * clients resend them to the next server).
   */
  async close(): Promise<void> {
    await this.flushAll();
    await Promise.all(
      [...this.documents].map(async ([name, tracked]) => {
        const document = this.instance?.documents.get(name);
        if (!document) return;
        try {
          await this.storeMissingState(tracked, document);
          await this.touch(tracked);
        } catch (error) {
          this.options.logger.error(
            { err: error, documentId: tracked.documentId },
            'collab final store failed',
          );
        }
      }),
    );
    this.isClosed = true;
    for (const tracked of this.documents.values()) {
      if (tracked.timer) clearTimeout(tracked.timer);
      tracked.timer = null;
    }
  }

  private capture(tracked: TrackedDocument, update: Uint8Array, origin: unknown): void {
    // A peer's update (through Redis) is stored by the peer whose client made it.
    if (isTransactionOrigin(origin) && origin.source === 'redis') return;
    tracked.pending.push({ userId: authorOf(origin), update, createdAt: new Date() });
    tracked.pendingBytes += update.byteLength;
    if (this.isClosed) return;
    if (tracked.pendingBytes >= flushAtBytes) {
      void this.flushDocument(tracked);
    } else if (!tracked.timer) {
      tracked.timer = setTimeout(() => void this.flushDocument(tracked), this.options.delayMs);
    }
  }

  private flushDocument(tracked: TrackedDocument): Promise<void> {
    tracked.writing = tracked.writing.then(() => this.write(tracked));
    return tracked.writing;
  }

  /** Never rejects: a failure puts the batch back and schedules a retry. */
  private async write(tracked: TrackedDocument): Promise<void> {
    if (tracked.timer) clearTimeout(tracked.timer);
    tracked.timer = null;
    if (tracked.pending.length === 0 || tracked.isGone) return;
    const batch = tracked.pending.splice(0);
    const batchBytes = tracked.pendingBytes;
    tracked.pendingBytes = 0;
    try {
      const rows = mergeRunsByAuthor(batch);
      const result = await appendUpdates(this.options.prisma, tracked.documentId, rows);
      tracked.retryDelayMs = 100;
      if (result === 'missing') {
        tracked.isGone = true;
        this.options.logger.warn(
          { documentId: tracked.documentId },
          'collab document deleted; updates dropped',
        );
        return;
      }
      tracked.rowsSinceSnapshot += rows.length;
      tracked.untouchedAuthor = rows.findLast((row) => row.userId)?.userId ?? tracked.untouchedAuthor;
      if (Date.now() - tracked.lastTouchAt >= this.options.touchEveryMs) await this.touch(tracked);
      if (tracked.rowsSinceSnapshot >= this.options.compactEvery) void this.compact(tracked);
    } catch (error) {
      tracked.pending.unshift(...batch);
      tracked.pendingBytes += batchBytes;
      this.options.logger.error(
        { err: error, documentId: tracked.documentId, retryInMs: tracked.retryDelayMs },
        'storing collab updates failed; retrying',
      );
      this.scheduleRetry(tracked);
    }
  }

  private scheduleRetry(tracked: TrackedDocument): void {
    if (this.isClosed || tracked.timer) return;
    tracked.timer = setTimeout(() => void this.flushDocument(tracked), tracked.retryDelayMs);
    tracked.retryDelayMs = Math.min(tracked.retryDelayMs * 2, maxRetryDelayMs);
  }

  private async prepareUnload(tracked: TrackedDocument, document: Document): Promise<void> {
    await this.flushDocument(tracked);
    if (tracked.pending.length > 0) {
      throw new Error(`document ${tracked.documentId} has updates that are not stored yet`);
    }
    await this.storeMissingState(tracked, document);
    await this.touch(tracked);
    if (tracked.rowsSinceSnapshot >= compactOnUnloadAt) await this.compact(tracked);
  }

  /** With Redis: stores what this server holds beyond the stored state (a peer may have died unstored). */
  private async storeMissingState(tracked: TrackedDocument, document: Document): Promise<void> {
    if (!this.options.storesPeerStateOnUnload || tracked.isGone) return;
    if (await storeMissingState(this.options.prisma, tracked.documentId, document)) {
      tracked.rowsSinceSnapshot += 1;
      this.options.logger.info(
        { documentId: tracked.documentId },
        'collab stored state a peer had not stored',
      );
    }
  }

  private retryUnload(documentName: string, document: Document, tracked: TrackedDocument): void {
    if (this.isClosed) return;
    setTimeout(() => {
      const instance = this.instance;
      if (instance?.documents.get(documentName) === document && document.getConnectionsCount() === 0) {
        void instance.unloadDocument(document);
      }
    }, tracked.retryDelayMs).unref();
    tracked.retryDelayMs = Math.min(tracked.retryDelayMs * 2, maxRetryDelayMs);
  }

  private async touch(tracked: TrackedDocument): Promise<void> {
    const author = tracked.untouchedAuthor;
    if (!author) return;
    tracked.untouchedAuthor = null;
    tracked.lastTouchAt = Date.now();
    try {
      await touchDocument(this.options.prisma, tracked.documentId, author, new Date());
    } catch (error) {
      this.options.logger.warn(
        { err: error, documentId: tracked.documentId },
        'collab updated_at not written',
      );
    }
  }

  private compact(tracked: TrackedDocument): Promise<void> {
    if (tracked.compacting) return tracked.compacting;
    const rowsBefore = tracked.rowsSinceSnapshot;
    const compacting = compactStoredState(this.options.prisma, tracked.documentId)
      .then(() => {
        tracked.rowsSinceSnapshot = Math.max(0, tracked.rowsSinceSnapshot - rowsBefore);
      })
      .catch((error: unknown) => {
        this.options.logger.warn({ err: error, documentId: tracked.documentId }, 'collab compaction failed');
      })
      .finally(() => {
        tracked.compacting = null;
      });
    tracked.compacting = compacting;
    return compacting;
  }
}

// A client's edit carries its connection; a server-side edit (restore, import) its direct connection's context.
function authorOf(origin: unknown): string | null {
  if (!isTransactionOrigin(origin)) return null;
  if (origin.source === 'connection') return (origin.connection.context as CollabContext).user?.id ?? null;
  if (origin.source === 'local')
    return (origin.context as Partial<CollabContext> | undefined)?.user?.id ?? null;
  return null;
}

function parseLoadedName(documentName: string): { kind: DocumentKind; id: string } {
  // Authentication refused every other name before a load could start.
  const name = parseDocumentName(documentName);
  if (!name) throw new Error(`unexpected document name ${JSON.stringify(documentName.slice(0, 80))}`);
  return name;
}
