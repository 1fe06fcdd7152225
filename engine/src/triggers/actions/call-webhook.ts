import { readSecret, signWebhook } from '@erp/prisma';
import { renderWebhook } from '@erp/shared';
import { PermanentActionError } from '../action-errors';
import type { ActionHandler } from './action';

/**
 * Calls the receiver through the SSRF-safe client with the idempotency key (`Idempotency-Key`, and as
 * Standard Webhooks' `webhook-id`, signed with the action's secret when it names one).
 */
export const callWebhook: ActionHandler<'callWebhook'> = async ({
  db,
  action,
  context,
  externalId,
  services,
}) => {
  const rendered = renderWebhook(action, context);
  const body = rendered.body ?? '';
  const headers: Record<string, string> = {
    ...rendered.headers,
    'idempotency-key': externalId,
    'webhook-id': externalId,
    'user-agent': 'erp-builder-webhooks',
  };
  if (rendered.body !== null) headers['content-type'] ??= 'application/json';
  if (action.secretRef) {
    if (!services.secrets)
      throw new PermanentActionError('SECRETS_KEY is not set: signed webhooks cannot be sent.');
    const secret = await readSecret(db, services.secrets, action.secretRef);
    // Real time, not the engine clock: receivers check it against theirs.
    const timestamp = Math.floor(Date.now() / 1000);
    headers['webhook-timestamp'] = String(timestamp);
    headers['webhook-signature'] = signWebhook(secret, externalId, timestamp, body);
  }
  const response = await services.outbound.request({
    method: rendered.method,
    url: rendered.url,
    headers,
    body: rendered.body,
  });
  return { status: response.status, response: response.body.slice(0, 1_000) };
};
