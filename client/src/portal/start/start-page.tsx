import type { TaskForm } from '@erp/shared';
import type { StartableFlow } from '@erp/shared/api/flows';
import { checkTaskFormData, initialFormData, type TaskFormData } from '@erp/shared/forms';
import { ArrowLeft, GitBranch } from 'lucide-react';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError } from '../../api/client';
import { listStartableFlows, startFlow } from '../../api/flows';
import { useAction, useApi } from '../../api/use-api';
import { useUser } from '../../app/session';
import { fileFieldRenderer, useUploadCount } from '../../forms/file-field';
import { PublishedForm, problemsAfterEdit } from '../../forms/published-form';
import { RichTextView } from '../../forms/rich-text-view';
import { ErrorAlert } from '../../ui/alert';
import { Button } from '../../ui/button';
import { Card } from '../../ui/card';
import { EmptyState } from '../../ui/empty-state';
import { PageHeader } from '../../ui/page-header';
import { LoadingState } from '../../ui/spinner';

// The flows I may start (live versions only), then the chosen one's start form.

export function StartPage() {
  const { documentId } = useParams();
  const flows = useApi('startable-flows', (signal) => listStartableFlows(signal));
  if (flows.error !== undefined) {
    return (
      <>
        <PageHeader title="Start a flow" />
        <ErrorAlert error={flows.error} title="The flows could not be loaded" onRetry={flows.reload} />
      </>
    );
  }
  if (!flows.data) return <LoadingState label="Loading flows…" />;
  const chosen = flows.data.items.find((flow) => flow.documentId === documentId);
  if (documentId && chosen) return <StartForm key={chosen.documentId} flow={chosen} />;
  return (
    <>
      <PageHeader title="Start a flow" description="Choose what you want to ask for or begin." />
      {flows.data.items.length === 0 ? (
        <Card>
          <EmptyState icon={GitBranch} title="No flow can be started yet">
            <p>When developers publish a flow, it appears here for you to start.</p>
          </EmptyState>
        </Card>
      ) : (
        <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {flows.data.items.map((flow) => (
            <li key={flow.documentId}>
              <Link
                to={`/portal/start/${flow.documentId}`}
                className="block h-full rounded-lg border border-neutral-200 bg-white p-5 shadow-xs hover:border-indigo-300 focus-visible:outline-2 focus-visible:outline-indigo-600"
              >
                <span className="font-medium text-neutral-900">{flow.name}</span>
                {flow.description && (
                  <span className="mt-1 block text-sm text-neutral-600">{flow.description}</span>
                )}
                <span className="mt-3 block text-xs text-neutral-500">Version {flow.version}</span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function StartForm({ flow }: { flow: StartableFlow }) {
  const navigate = useNavigate();
  const form = flow.startForm as TaskForm | null;
  const user = useUser();
  const [values, setValues] = useState<TaskFormData>(() =>
    form ? initialFormData(form, { userId: user.id, now: new Date() }) : {},
  );
  const [problems, setProblems] = useState<Record<string, string>>({});
  const uploads = useUploadCount();
  const start = useAction(async () => {
    uploads.checkDone();
    const checked = form ? checkTaskFormData(form, values) : { ok: true as const, data: values };
    if (!checked.ok) {
      setProblems(checked.problems);
      return;
    }
    try {
      const started = await startFlow(flow.documentId, checked.data);
      navigate(`/portal/flows/${started.id}`);
    } catch (error) {
      const details =
        error instanceof ApiError ? (error.details as { fields?: Record<string, string> }) : null;
      if (details?.fields) setProblems(details.fields);
      throw error;
    }
  });
  return (
    <>
      <PageHeader
        eyebrow={
          <Link to="/portal/start" className="inline-flex items-center gap-1 hover:text-neutral-800">
            <ArrowLeft className="size-4" aria-hidden="true" /> All flows
          </Link>
        }
        title={form?.title || flow.name}
        description={flow.description || `Start “${flow.name}” (version ${flow.version}).`}
      />
      <Card className="max-w-2xl p-4 sm:p-6">
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void start.run();
          }}
        >
          {form && <RichTextView text={form.description} className="mb-5" />}
          {form ? (
            <PublishedForm
              form={form}
              values={values}
              problems={problems}
              onChange={(next) => {
                setProblems((current) => problemsAfterEdit(current, values, next));
                setValues(next);
              }}
              renderFile={fileFieldRenderer({ values, setValues, problems, files: [], uploads })}
            />
          ) : (
            <p className="text-sm text-neutral-600">This flow needs nothing from you to start.</p>
          )}
          <div className="mt-6 border-t border-neutral-200 pt-5">
            <Button type="submit" variant="primary" isPending={start.isPending}>
              Start
            </Button>
          </div>
          {start.error !== null && !(start.error instanceof ApiError && start.error.status === 422) && (
            <ErrorAlert error={start.error} title="The flow could not be started" className="mt-4" />
          )}
        </form>
      </Card>
    </>
  );
}
