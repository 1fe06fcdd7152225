import type { ConnectionView } from '@erp/shared/api/connections';
import { type ConnectionProvider, providerScopes } from '@erp/shared/integrations';
import { Plug } from 'lucide-react';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { disconnect, listConnections, reconnect, startConnection } from '../../api/connections';
import { useApi } from '../../api/use-api';
import { ErrorAlert, FeedbackArea, Notice, useFeedback } from '../../ui/alert';
import { Badge, type BadgeTone } from '../../ui/badge';
import { Button } from '../../ui/button';
import { Card, CardHeader } from '../../ui/card';
import { ConfirmDialog } from '../../ui/confirm-dialog';
import { EmptyState } from '../../ui/empty-state';
import { Checkbox } from '../../ui/field';
import { formatDateTime } from '../../ui/format';
import { PageHeader } from '../../ui/page-header';
import { Webhooks } from './webhooks';

// Connected Google and Microsoft accounts (what triggers send mail and write sheets as) and webhooks in and out.

const providerNames: Record<ConnectionProvider, string> = { google: 'Google', microsoft: 'Microsoft' };
const statusTones: Record<ConnectionView['status'], BadgeTone> = {
  pending: 'neutral',
  connected: 'green',
  expired: 'amber',
  revoked: 'red',
};

const accountName = (connection: ConnectionView) => connection.account ?? providerNames[connection.provider];
const scopeLabel = (provider: ConnectionProvider, key: string) =>
  (providerScopes[provider] as Record<string, { label: string }>)[key]?.label ?? key;

export function IntegrationsPage() {
  const [params, setParams] = useSearchParams();
  const connections = useApi('connections', (signal) => listConnections(signal));
  const feedback = useFeedback();
  const [isConnecting, setIsConnecting] = useState(false);
  const [leaving, setLeaving] = useState<ConnectionView | null>(null);
  const returned = params.get('connected');
  const returnError = params.get('error');
  const clearReturn = () => setParams({}, { replace: true });
  // Off to the provider's consent page; it sends the browser back here.
  const go = async (start: Promise<{ authorizationUrl: string }>) => {
    const { authorizationUrl } = await start;
    window.location.assign(authorizationUrl);
    return 'Opening the provider…';
  };
  return (
    <>
      <PageHeader
        title="Integrations"
        description="Accounts that triggers act as (Gmail, Google Sheets, Outlook), webhooks that start them, and the secrets outgoing webhooks sign with."
      />
      <div className="space-y-3">
        {returned && (
          <Notice onDismiss={clearReturn}>The account is connected. Triggers can use it now.</Notice>
        )}
        {returnError && (
          <ErrorAlert title="The account was not connected">
            <p>{returnError}</p>
            <Button size="sm" className="mt-3" onClick={clearReturn}>
              Dismiss
            </Button>
          </ErrorAlert>
        )}
        <FeedbackArea feedback={feedback} />
      </div>
      <div className="space-y-6">
        <Card>
          <CardHeader
            title="Connected accounts"
            description="Tokens are encrypted at rest and never shown; a revoked account fails its runs until reconnected."
            actions={
              !isConnecting && (
                <Button variant="primary" icon={Plug} onClick={() => setIsConnecting(true)}>
                  Connect an account
                </Button>
              )
            }
          />
          {isConnecting && (
            <ConnectForm
              onCancel={() => setIsConnecting(false)}
              onConnect={(input) => feedback.attempt(() => go(startConnection(input)))}
            />
          )}
          {connections.error ? (
            <div className="p-5">
              <ErrorAlert error={connections.error} onRetry={connections.reload} />
            </div>
          ) : connections.data?.items.length === 0 ? (
            <EmptyState icon={Plug} title="No account connected">
              <p>Connect a Google or Microsoft account to send mail or write sheets from triggers.</p>
            </EmptyState>
          ) : (
            <ul className="divide-y divide-neutral-100" aria-label="Connected accounts">
              {connections.data?.items.map((connection) => (
                <li
                  key={connection.id}
                  className="flex flex-wrap items-center gap-x-4 gap-y-2 px-5 py-3 text-sm"
                >
                  <div className="min-w-0 basis-full sm:basis-0 sm:flex-1">
                    <p className="font-medium text-neutral-900">
                      {providerNames[connection.provider]} · {connection.account ?? 'unknown account'}
                    </p>
                    <p className="text-neutral-600">
                      {connection.scopes.map((key) => scopeLabel(connection.provider, key)).join(' · ')}
                    </p>
                    {connection.lastError && <p className="text-red-700">{connection.lastError}</p>}
                  </div>
                  <Badge tone={statusTones[connection.status]}>{connection.status}</Badge>
                  <span className="text-neutral-500">{formatDateTime(connection.updatedAt)}</span>
                  <Button
                    size="sm"
                    aria-label={`Reconnect ${accountName(connection)}`}
                    onClick={() => feedback.attempt(() => go(reconnect(connection.id)))}
                  >
                    Reconnect
                  </Button>
                  <Button
                    size="sm"
                    variant="ghost"
                    aria-label={`Disconnect ${accountName(connection)}`}
                    onClick={() => setLeaving(connection)}
                  >
                    Disconnect
                  </Button>
                </li>
              ))}
            </ul>
          )}
        </Card>
        <Webhooks />
      </div>
      {leaving && (
        <ConfirmDialog
          title={`Disconnect ${accountName(leaving)}?`}
          confirmLabel="Disconnect"
          onClose={() => setLeaving(null)}
          onConfirm={async () => {
            await disconnect(leaving.id);
            connections.reload();
            feedback.succeed(
              'Disconnected. Triggers that use this account will fail until you pick another.',
            );
          }}
        >
          The access is revoked at {providerNames[leaving.provider]} where it can be, and the tokens are
          deleted.
        </ConfirmDialog>
      )}
    </>
  );
}

function ConnectForm({
  onCancel,
  onConnect,
}: {
  onCancel: () => void;
  onConnect: (input: { provider: ConnectionProvider; scopes: string[] }) => void;
}) {
  const [provider, setProvider] = useState<ConnectionProvider>('google');
  const [scopes, setScopes] = useState<string[]>([]);
  const offered = Object.entries(providerScopes[provider]) as [string, { label: string }][];
  return (
    <form
      className="space-y-4 border-b border-neutral-200 bg-neutral-50 px-5 py-4"
      aria-label="Connect an account"
      onSubmit={(event) => {
        event.preventDefault();
        onConnect({ provider, scopes } as { provider: ConnectionProvider; scopes: string[] });
      }}
    >
      <fieldset className="flex flex-wrap gap-4">
        <legend className="mb-2 text-sm font-medium text-neutral-800">Provider</legend>
        {(Object.keys(providerNames) as ConnectionProvider[]).map((name) => (
          <label key={name} className="flex items-center gap-2 text-sm">
            <input
              type="radio"
              name="provider"
              value={name}
              checked={provider === name}
              className="accent-indigo-600"
              onChange={() => {
                setProvider(name);
                setScopes([]);
              }}
            />
            {providerNames[name]}
          </label>
        ))}
      </fieldset>
      <fieldset className="space-y-2">
        <legend className="mb-2 text-sm font-medium text-neutral-800">What triggers may do with it</legend>
        {offered.map(([key, scope]) => (
          <Checkbox
            key={key}
            label={scope.label}
            checked={scopes.includes(key)}
            onChange={(event) =>
              setScopes(event.target.checked ? [...scopes, key] : scopes.filter((other) => other !== key))
            }
          />
        ))}
      </fieldset>
      <div className="flex gap-2">
        <Button type="submit" variant="primary" disabled={scopes.length === 0}>
          Continue to {providerNames[provider]}
        </Button>
        <Button variant="ghost" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
