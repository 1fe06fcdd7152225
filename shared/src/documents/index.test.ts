import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { z } from 'zod';
import { AppError } from '../errors';
import { type DocumentKind, documentKindNames, documentKinds } from '../ids';
import { datasetSample } from './dataset/dataset.sample';
import { flowSample } from './flow/flow.sample';
import {
  type DocumentContent,
  documentBindings,
  documentSchemas,
  emptyDocument,
  entityIdSchema,
  initDocument,
  migrateDocument,
  newEntityId,
  readDocument,
  validateDocument,
} from './index';
import { claimDocument, runMigrations } from './meta.yjs';
import { tableSample } from './table/table.sample';
import { taskFormSample } from './task-form/task-form.sample';
import { seedDoc } from './testing/documents';
import { triggerSample } from './trigger/trigger.sample';
import { upgradeSnapshot } from './versions';

const samples = {
  taskForm: taskFormSample,
  flow: flowSample,
  trigger: triggerSample,
  table: tableSample,
  dataset: datasetSample,
} satisfies { [Kind in DocumentKind]: DocumentContent<Kind> };

describe.each(documentKinds)('the %s registries', (kind) => {
  it('accept the sample as it is, and read it back exactly from a document seeded with it', () => {
    expect(validateDocument(kind, samples[kind])).toEqual({ ok: true, value: samples[kind] });
    expect(readDocument(kind, seedDoc(kind, samples[kind]))).toEqual(samples[kind]);
  });

  it('start a new document as the empty document, which is valid', () => {
    const doc = new Y.Doc();
    initDocument(kind, doc);
    migrateDocument(kind, doc);
    expect(readDocument(kind, doc)).toEqual(emptyDocument(kind));
    expect(validateDocument(kind, readDocument(kind, doc))).toEqual({ ok: true, value: emptyDocument(kind) });
  });

  it('import content, and refuse content that is not valid, with its issues', () => {
    const doc = new Y.Doc();
    initDocument(kind, doc, JSON.parse(JSON.stringify(emptyDocument(kind))));
    expect(readDocument(kind, doc)).toEqual(emptyDocument(kind));
    const broken = { ...emptyDocument(kind), schemaVersion: 7 };
    const error = (() => {
      try {
        initDocument(kind, new Y.Doc(), broken);
      } catch (thrown) {
        return thrown;
      }
    })();
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).details).toEqual({
      issues: [
        {
          path: ['schemaVersion'],
          message: `The schema version should be “${emptyDocument(kind).schemaVersion}”.`,
          where: '',
        },
      ],
    });
  });

  it('refuse content of another kind and values that are not snapshots', () => {
    const other = documentKinds.find((candidate) => candidate !== kind) ?? kind;
    expect(validateDocument(kind, emptyDocument(other))).toEqual({
      ok: false,
      issues: [
        {
          path: ['kind'],
          message: `This is a ${documentKindNames[other]}, not a ${documentKindNames[kind]}.`,
          where: '',
        },
      ],
    });
    for (const value of [null, 'flow', [], 42, {}]) expect(validateDocument(kind, value).ok).toBe(false);
  });

  it('read a document that was never initialised as something invalid, not as a valid empty one', () => {
    expect(validateDocument(kind, documentBindings[kind].read(new Y.Doc())).ok).toBe(false);
  });

  it('describe the published schema as JSON Schema (for the OpenAPI document)', () => {
    for (const io of ['input', 'output'] as const) {
      expect(() => z.toJSONSchema(documentSchemas[kind], { io, unrepresentable: 'any' })).not.toThrow();
    }
  });
});

describe('new entity ids', () => {
  it('are 72 random bits in 12 URL-safe characters, which entity ids accept', () => {
    const ids = Array.from({ length: 1000 }, newEntityId);
    expect(new Set(ids).size).toBe(1000);
    for (const id of ids) {
      expect(id).toMatch(/^[A-Za-z0-9_-]{12}$/);
      expect(entityIdSchema.safeParse(id).success).toBe(true);
    }
  });
});

describe('versions', () => {
  const steps = {
    1: (snapshot: Record<string, unknown>) => ({ ...snapshot, schemaVersion: 2, renamed: snapshot.old }),
    2: (snapshot: Record<string, unknown>) => ({ ...snapshot, schemaVersion: 3 }),
  };

  it('upgrade a snapshot step by step and leave what it cannot upgrade alone', () => {
    expect(upgradeSnapshot({ schemaVersion: 1, old: 'x' }, 3, steps)).toEqual({
      schemaVersion: 3,
      old: 'x',
      renamed: 'x',
    });
    expect(upgradeSnapshot({ schemaVersion: 3 }, 3, steps)).toEqual({ schemaVersion: 3 });
    expect(upgradeSnapshot({ schemaVersion: 0 }, 3, steps)).toEqual({ schemaVersion: 0 });
    expect(upgradeSnapshot('text', 3, steps)).toBe('text');
  });

  it('migrate a Y.Doc in one transaction and stamp the new version', () => {
    const doc = new Y.Doc();
    doc.transact(() => claimDocument(doc, 'table', 1));
    const updates: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => updates.push(update));
    runMigrations(doc, 'table', 3, {
      1: (target) => target.getMap('props').set('step', 1),
      2: (target) => target.getMap('props').set('step', 2),
    });
    expect([
      doc.getMap('props').get('step'),
      doc.getMap('meta').get('schemaVersion'),
      updates.length,
    ]).toEqual([2, 3, 1]);
    expect(() => runMigrations(doc, 'table', 4, {})).toThrow(
      /No migration of table documents from version 3/,
    );
  });
});
