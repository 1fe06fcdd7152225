import { useApi } from '../../api/use-api';
import * as versionsApi from '../../api/versions';
import { ErrorAlert, FeedbackArea, useFeedback } from '../../ui/alert';
import { Card, CardHeader } from '../../ui/card';
import { Checkbox } from '../../ui/field';
import { PageHeader } from '../../ui/page-header';
import { LoadingState } from '../../ui/spinner';

/** /console/settings (admins): how publishing works in this installation. */
export function PublishingSettingsPage() {
  const settings = useApi('publishing-settings', (signal) => versionsApi.getPublishingSettings(signal));
  const feedback = useFeedback();
  const setRequiresApproval = (requiresApproval: boolean) =>
    feedback.attempt(async () => {
      await versionsApi.updatePublishingSettings(requiresApproval);
      settings.reload();
      return requiresApproval
        ? 'Publishing now needs approval: new versions wait as candidates until a reviewer approves them.'
        : 'Publishing no longer needs approval: new versions go live at once.';
    });
  return (
    <>
      <PageHeader title="Settings" description="How this installation works for everyone." />
      <FeedbackArea feedback={feedback} />
      <Card className="max-w-3xl">
        <CardHeader title="Publishing" description="What happens when a developer publishes a document." />
        <div className="px-5 py-4">
          {settings.error !== undefined ? (
            <ErrorAlert
              error={settings.error}
              title="The settings could not be loaded"
              onRetry={settings.reload}
            />
          ) : !settings.data ? (
            <LoadingState label="Loading the settings…" className="py-6" />
          ) : (
            <Checkbox
              label="Publishing needs approval"
              description="A publish makes a candidate version that goes live only when a reviewer other than its author approves it. Flows and the portal keep running the live version meanwhile. Off: a publish goes live at once."
              checked={settings.data.requiresApproval}
              disabled={settings.isLoading}
              onChange={(event) => void setRequiresApproval(event.target.checked)}
            />
          )}
        </div>
      </Card>
    </>
  );
}
