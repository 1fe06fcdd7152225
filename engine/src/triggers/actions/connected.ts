import type { ConnectionProvider, ProviderUrls, TriggerActionType } from '@erp/shared';
import {
  type IntegrationServices,
  openProviderSession,
  type ProviderSession,
} from '../../integrations/provider-client';
import { PermanentActionError } from '../action-errors';
import type { ActionInput, ActionServices } from './action';

/** A provider session for an action that names a connection: the ledger's transaction reads its tokens. */
export function sessionFor(
  input: Pick<ActionInput<TriggerActionType>, 'db' | 'services'> & { action: { connectionId: string } },
  provider: ConnectionProvider,
): Promise<ProviderSession> {
  return openProviderSession({
    db: input.db,
    box: input.services.secrets,
    outbound: input.services.outbound,
    services: integrationsOf(input.services),
    connectionId: input.action.connectionId,
    provider,
  });
}

export function integrationsOf(services: ActionServices): IntegrationServices {
  if (!services.integrations)
    throw new PermanentActionError('Connected accounts are not available in this engine.');
  return services.integrations;
}

/** Where the providers' APIs are, for building request URLs. */
export const providerUrlsOf = (services: ActionServices): ProviderUrls => integrationsOf(services).config;
