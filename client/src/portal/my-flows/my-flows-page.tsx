import { GitBranch } from 'lucide-react';
import { PlaceholderPage } from '../../ui/placeholder-page';

export function MyFlowsPage() {
  return (
    <PlaceholderPage
      title="My flows"
      summary="The requests and processes you started, and where each one is now."
      icon={GitBranch}
      status="Tracking your flows is coming"
    >
      <p>
        Every flow you start — a purchase request, a leave request, an onboarding — will be listed here with
        its current step, who it is waiting for, and its full timeline.
      </p>
    </PlaceholderPage>
  );
}
