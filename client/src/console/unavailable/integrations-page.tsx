import { Plug } from 'lucide-react';
import { PlaceholderPage } from '../../ui/placeholder-page';

export function IntegrationsPage() {
  return (
    <PlaceholderPage
      title="Integrations"
      summary="Connections to the other systems your company uses."
      icon={Plug}
      status="Integrations are not available yet"
    >
      <p>
        Here you will connect outside services — incoming webhooks, outgoing HTTP calls, email — and keep
        their secrets encrypted. Triggers and flows will then use them as actions.
      </p>
    </PlaceholderPage>
  );
}
