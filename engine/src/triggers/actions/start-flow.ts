import { type Prisma, startFlowInstance } from '@erp/prisma';
import { mapEventValues, type TaskFormData } from '@erp/shared';
import type { ActionHandler } from './action';

/**
 * Starts the flow's live version with data mapped from the event, in the ledger's transaction (so the
 * instance exists exactly when the action is done). The instance remembers the run and its depth: events of
 * that instance then count one more step of the chain. The requester is the trigger version's author.
 */
export const startFlow: ActionHandler<'startFlow'> = async ({ db, action, context, run, services }) => {
  const started = await startFlowInstance(db, services.flows, {
    documentId: action.flowId,
    requesterId: run.authorId,
    data: mapEventValues(action.data, context) as TaskFormData,
  });
  await db.triggerCause.create({ data: { instanceId: started.instanceId, runId: run.id, depth: run.depth } });
  return started satisfies Prisma.InputJsonValue;
};
