import { resolveRecipients } from '@erp/prisma';
import { renderEmail } from '@erp/shared';
import type { ActionHandler } from './action';

/**
 * Sends the rendered mail through SMTP (when configured) with a Message-ID made from the idempotency key, and
 * keeps it in the outbox (the console's view of mail) in the ledger's transaction: without SMTP the outbox is
 * where it goes. A retried send carries the same Message-ID, so the receiving side can tell a repeat.
 */
export const sendEmail: ActionHandler<'sendEmail'> = async ({
  db,
  action,
  context,
  idempotencyKey,
  externalId,
  services,
}) => {
  const mail = renderEmail(action, context);
  const to = await resolveRecipients(db, action.to, context, services.flows.now());
  const messageId = `<${externalId}@erp-builder.invalid>`;
  if (services.mailer) {
    await services.mailer.sendMail({
      from: services.mailFrom,
      to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      messageId,
      disableFileAccess: true,
      disableUrlAccess: true,
    });
  }
  const sentAt = services.mailer ? services.flows.now() : null;
  await db.$executeRaw`
    INSERT INTO outbox_messages (id, idempotency_key, message_id, "to", subject, text, html, sent_at)
    VALUES (gen_random_uuid(), ${idempotencyKey}, ${messageId}, ${to}::text[], ${mail.subject}, ${mail.text},
      ${mail.html}, ${sentAt})
    ON CONFLICT (idempotency_key) DO NOTHING`;
  return { messageId, to, sent: services.mailer !== null, missing: mail.missing };
};
