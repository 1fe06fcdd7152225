import type { ActionRegistry } from './action';
import { callWebhook } from './call-webhook';
import { createRecord, updateRecord } from './record';
import { sendEmail } from './send-email';
import { startFlow } from './start-flow';

// One handler per action type of the trigger schema; a type without one does not compile.
export const actionHandlers = {
  sendEmail,
  startFlow,
  createRecord,
  updateRecord,
  callWebhook,
} satisfies ActionRegistry;
