import type { FlowRuntime, Prisma, SecretBox, Sql } from '@erp/prisma';
import type { TriggerAction, TriggerActionType } from '@erp/shared';
import type { Transporter } from 'nodemailer';
import type { IntegrationServices } from '../../integrations/provider-client';
import type { OutboundClient } from '../../outbound/outbound-client';
import type { ReportServices } from './send-report';

export interface ActionServices {
  /** SMTP when SMTP_URL is set; without it mail stays in the outbox. */
  mailer: Transporter | null;
  mailFrom: string;
  outbound: OutboundClient;
  /** Opens webhook signing secrets; null when SECRETS_KEY is not set (signed webhooks then fail). */
  secrets: SecretBox | null;
  /** The engine's clock, and how flows started by an action schedule their SLA timers. */
  flows: FlowRuntime;
  /** Connected accounts' providers (Gmail, Sheets, Outlook actions); null where none are configured (tests). */
  integrations: IntegrationServices | null;
  /** How reports are run (the sendReport action); null where none are (tests of other actions, the bench). */
  reports: ReportServices | null;
}

/** What an action runs with: the ledger row's transaction (own-data effects commit with "done"), and its key. */
export interface ActionInput<Type extends TriggerActionType> {
  db: Prisma.TransactionClient;
  /** The same transaction as plain SQL (the dispatcher's may be a plain pg connection; see runsOnPlainSql). */
  sql: Sql;
  action: Extract<TriggerAction, { type: Type }>;
  /** The event as the trigger saw it. */
  context: Record<string, unknown>;
  idempotencyKey: string;
  /** The key's digest, for identifiers with a restricted alphabet (Message-ID, webhook-id). */
  externalId: string;
  run: { id: string; depth: number; authorId: string };
  services: ActionServices;
}

/** One action type: runs the effect and returns what to keep in the ledger as its result. */
export type ActionHandler<Type extends TriggerActionType> = (
  input: ActionInput<Type>,
) => Promise<Prisma.InputJsonValue>;

export type ActionRegistry = { [Type in TriggerActionType]: ActionHandler<Type> };

/**
 * An action whose own-data effect is one row per action, so a batch of them writes in one statement: `prepare`
 * does the rest (reads, an outside call) and names the row and the result; `write` inserts many rows at once.
 */
export interface BatchedActionHandler<Type extends TriggerActionType, Row> {
  prepare(input: ActionInput<Type>): Promise<{ row: Row; result: Prisma.InputJsonValue }>;
  write(sql: Sql, rows: Row[]): Promise<void>;
}

/** The same action run alone: prepared, then its one row written. */
export function oneAtATime<Type extends TriggerActionType, Row>(
  batched: BatchedActionHandler<Type, Row>,
): ActionHandler<Type> {
  return async (input) => {
    const { row, result } = await batched.prepare(input);
    await batched.write(input.sql, [row]);
    return result;
  };
}
