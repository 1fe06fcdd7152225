import { Network } from 'lucide-react';
import { PlaceholderPage } from '../../ui/placeholder-page';

export function HierarchyPage() {
  return (
    <PlaceholderPage
      title="Hierarchy"
      summary="Departments, positions and who reports to whom."
      icon={Network}
      status="The hierarchy editor is not available yet"
    >
      <p>
        Here you will set up your company’s departments, positions and reporting lines, with the dates they
        are valid from and to. Flows use it to route tasks — “the requester’s manager”, “one level up when the
        deadline passes”.
      </p>
    </PlaceholderPage>
  );
}
