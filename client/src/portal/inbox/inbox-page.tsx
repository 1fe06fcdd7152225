import { Inbox } from 'lucide-react';
import { PlaceholderPage } from '../../ui/placeholder-page';

export function InboxPage() {
  return (
    <PlaceholderPage
      title="Inbox"
      summary="The tasks that are waiting for you."
      icon={Inbox}
      status="Your inbox is coming"
    >
      <p>
        When a flow reaches a step that is yours — an approval, a form to fill in, a check to make — the task
        will appear here with its deadline. You will open it, complete the form, and the flow moves on.
      </p>
    </PlaceholderPage>
  );
}
