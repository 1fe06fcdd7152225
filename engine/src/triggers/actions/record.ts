import { type Prisma, writeRecord } from '@erp/prisma';
import { mapEventValues, readValueSource } from '@erp/shared';
import { PermanentActionError } from '../action-errors';
import type { ActionHandler, ActionInput } from './action';

// Record writes run in the ledger row's transaction: the record, its event and "done" commit together, so a
// retried action never writes twice. The writer is the trigger version's author (as a flow's requester is);
// a value the table refuses is a permanent failure, with the table's own message.

const written = (record: { id: string; version: number }) =>
  ({ recordId: record.id, version: record.version }) satisfies Prisma.InputJsonValue;

export const createRecord: ActionHandler<'createRecord'> = async ({ db, action, context, run }) =>
  written(
    await writeRecord(db, {
      tableId: action.tableId,
      values: mapEventValues(action.values, context),
      actorId: run.authorId,
    }),
  );

export const updateRecord: ActionHandler<'updateRecord'> = async ({ db, action, context, run }) =>
  written(
    await writeRecord(db, {
      tableId: action.tableId,
      recordId: recordIdOf(action, context),
      values: mapEventValues(action.values, context),
      actorId: run.authorId,
    }),
  );

// Which record to change must be known: a missing id is an error, never "every record".
function recordIdOf({ recordId }: ActionInput<'updateRecord'>['action'], context: unknown): string {
  const value = readValueSource(recordId, context);
  if (typeof value === 'string' && value !== '') return value;
  throw new PermanentActionError(
    recordId.type === 'path'
      ? `The event has no record id at ${recordId.path}: no record was changed.`
      : 'The action names no record to change.',
  );
}
