import { resolveRecipients } from '@erp/prisma';
import { renderEmail } from '@erp/shared';
import { type ActionServices, type BatchedActionHandler, oneAtATime } from './action';

interface OutboxRow {
  idempotencyKey: string;
  messageId: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  sentAt: Date | null;
}

/**
 * Sends the rendered mail through SMTP (when configured) with a Message-ID made from the idempotency key, and
 * keeps it in the outbox (the console's view of mail) in the ledger's transaction: without SMTP the outbox is
 * where it goes. A retried send carries the same Message-ID, so the receiving side can tell a repeat. A batch
 * of mails is kept with one insert.
 */
/** Hands a rendered mail to SMTP (when configured) with our Message-ID; never reads files or URLs. */
export async function sendThroughSmtp(
  services: ActionServices,
  mail: { to: string[]; subject: string; text: string; html: string; messageId: string },
  attachments: { filename: string; contentType: string; content: Buffer }[] = [],
): Promise<void> {
  await services.mailer?.sendMail({
    from: services.mailFrom,
    ...mail,
    attachments,
    disableFileAccess: true,
    disableUrlAccess: true,
  });
}

export const sendEmails: BatchedActionHandler<'sendEmail', OutboxRow> = {
  async prepare({ db, action, context, idempotencyKey, externalId, services }) {
    const mail = renderEmail(action, context);
    const to = await resolveRecipients(db, action.to, context, services.flows.now());
    const messageId = `<${externalId}@erp-builder.invalid>`;
    await sendThroughSmtp(services, {
      to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      messageId,
    });
    const sentAt = services.mailer ? services.flows.now() : null;
    return {
      row: { idempotencyKey, messageId, to, subject: mail.subject, text: mail.text, html: mail.html, sentAt },
      result: { messageId, to, sent: services.mailer !== null, missing: mail.missing },
    };
  },
  // A column per array (no field names repeated per row); recipients as JSON, as their count varies.
  async write(sql, rows) {
    await sql.query(
      `INSERT INTO outbox_messages (id, idempotency_key, message_id, "to", subject, text, html, sent_at)
       SELECT gen_random_uuid(), m.key, m.message_id, ARRAY(SELECT jsonb_array_elements_text(m."to")), m.subject,
              m.text, m.html, m.sent_at
       FROM unnest($1::text[], $2::text[], $3::jsonb[], $4::text[], $5::text[], $6::text[], $7::timestamptz[])
         AS m(key, message_id, "to", subject, text, html, sent_at)
       ON CONFLICT (idempotency_key) DO NOTHING`,
      [
        rows.map((row) => row.idempotencyKey),
        rows.map((row) => row.messageId),
        rows.map((row) => JSON.stringify(row.to)),
        rows.map((row) => row.subject),
        rows.map((row) => row.text),
        rows.map((row) => row.html),
        rows.map((row) => row.sentAt?.toISOString() ?? null),
      ],
    );
  },
};

export const sendEmail = oneAtATime(sendEmails);
