import { resolveRecipients } from '@erp/prisma';
import { googleApiUrl, graphApiUrl, renderEmail, renderTemplate, UnsafeRenderError } from '@erp/shared';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { ActionHandler } from './action';
import { providerUrlsOf, sessionFor } from './connected';

// Mail sent as a connected account instead of through SMTP. Both carry the idempotency key (a Message-ID from
// it; Graph only lets custom headers through as X-…), as the SMTP action does.

const messageIdPattern = /^<[^<>\s]{1,900}>$/;

export const gmailSend: ActionHandler<'gmailSend'> = async (input) => {
  const { db, action, context, externalId, services } = input;
  const mail = renderEmail(action, context);
  const to = await resolveRecipients(db, action.to, context, services.flows.now());
  const inReplyTo = renderTemplate(action.inReplyTo, context).text.trim();
  if (inReplyTo && !messageIdPattern.test(inReplyTo)) {
    throw new UnsafeRenderError(
      `"${inReplyTo.slice(0, 100)}" is not a Message-ID (<id@host>): not replied to.`,
    );
  }
  const messageId = `<${externalId}@erp-builder.invalid>`;
  // nodemailer's composer encodes headers (and refuses line breaks in them) as it does for SMTP.
  const raw = await new MailComposer({
    to,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    messageId,
    ...(inReplyTo ? { inReplyTo, references: inReplyTo } : {}),
    disableFileAccess: true,
    disableUrlAccess: true,
  })
    .compile()
    .build();
  const session = await sessionFor(input, 'google');
  const sent = await session.call<{ id: string; threadId: string }>({
    method: 'POST',
    url: googleApiUrl(providerUrlsOf(services), 'gmail', '/gmail/v1/users/me/messages/send'),
    body: { raw: raw.toString('base64url') },
  });
  return {
    messageId,
    to,
    gmailId: sent.id,
    threadId: sent.threadId,
    missing: mail.missing,
    calls: [...session.calls],
  };
};

export const outlookSend: ActionHandler<'outlookSend'> = async (input) => {
  const { db, action, context, externalId, services } = input;
  const mail = renderEmail(action, context);
  const to = await resolveRecipients(db, action.to, context, services.flows.now());
  const session = await sessionFor(input, 'microsoft');
  await session.call({
    method: 'POST',
    url: graphApiUrl(providerUrlsOf(services), '/v1.0/me/sendMail'),
    body: {
      message: {
        subject: mail.subject,
        body: { contentType: 'HTML', content: mail.html },
        toRecipients: to.map((address) => ({ emailAddress: { address } })),
        internetMessageHeaders: [{ name: 'X-ERP-Idempotency-Key', value: externalId }],
      },
      saveToSentItems: true,
    },
  });
  return { to, idempotencyKey: externalId, missing: mail.missing, calls: [...session.calls] };
};
