import type { ActionRegistry } from './action';
import { callWebhook } from './call-webhook';
import { gmailSend, outlookSend } from './connected-mail';
import { createRecord, updateRecord } from './record';
import { sendEmail } from './send-email';
import { sheetsAppendRow, sheetsUpdateRows } from './sheets';
import { startFlow } from './start-flow';

// One handler per action type of the trigger schema; a type without one does not compile.
export const actionHandlers = {
  sendEmail,
  startFlow,
  createRecord,
  updateRecord,
  callWebhook,
  gmailSend,
  outlookSend,
  sheetsAppendRow,
  sheetsUpdateRows,
} satisfies ActionRegistry;
