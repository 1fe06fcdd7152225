import type { TriggerAction, TriggerActionType } from '@erp/shared';
import type { ActionRegistry, ActionServices } from './action';
import { callWebhook } from './call-webhook';
import { gmailSend, outlookSend } from './connected-mail';
import { createRecord, updateRecord } from './record';
import { sendEmail, sendEmails } from './send-email';
import { sendReport } from './send-report';
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
  sendReport,
} satisfies ActionRegistry;

/** The action types that write a batch of themselves with one statement (the runner prefers this form). */
export const batchedActionHandlers = { sendEmail: sendEmails };

/**
 * Whether an action's effect is only rows of ours — a flow started, a record written, a mail kept in the
 * outbox when no SMTP server is set — so the dispatcher runs it in the transaction that makes its run (no
 * second queue pass, milliseconds from the event). Outside effects go to the action runners, whose
 * transactions may wait on a receiver.
 */
export function runsInline(type: TriggerActionType, services: ActionServices): boolean {
  if (type === 'sendEmail') return services.mailer === null;
  return type === 'startFlow' || type === 'createRecord' || type === 'updateRecord';
}

/**
 * Whether an inline action needs nothing but plain SQL, so the dispatcher may run it on a plain pg connection: a
 * mail to addresses as written (no user or company role to look up). The rest read through Prisma's client.
 */
export function runsOnPlainSql(action: TriggerAction): boolean {
  return action.type === 'sendEmail' && action.to.every((recipient) => recipient.type === 'email');
}
