import { PermanentActionError } from '../action-errors';
import type { ActionHandler } from './action';

// Kept in the trigger schema so triggers can be built and published; the tables issue wires the effect.
async function refuse(): Promise<never> {
  throw new PermanentActionError('Tables are not available yet: this action cannot run.');
}

export const createRecord: ActionHandler<'createRecord'> = refuse;
export const updateRecord: ActionHandler<'updateRecord'> = refuse;
