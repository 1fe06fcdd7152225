import type { TriggerTestResult } from '@erp/shared/api/triggers';
import type { ConditionExplanation } from '@erp/shared/conditions';
import { listConditionPaths } from '@erp/shared/conditions';
import type { Trigger } from '@erp/shared/documents';
import { listPlaceholders, sampleEventContext } from '@erp/shared/triggers';
import { FlaskConical } from 'lucide-react';
import { useState } from 'react';
import { listRecentEvents, testTrigger } from '../../../api/triggers';
import { useAction, useApi } from '../../../api/use-api';
import { ErrorAlert } from '../../../ui/alert';
import { Badge } from '../../../ui/badge';
import { Button } from '../../../ui/button';
import { Card, CardHeader } from '../../../ui/card';
import { Field, inputClasses, textareaClasses } from '../../../ui/field';
import { formatDateTime } from '../../../ui/format';
import { actionTypeLabels } from './action-form';

/** The paths a draft reads (condition and placeholders): the sample event gets a value for each. */
function pathsRead(trigger: Trigger): string[] {
  const texts = trigger.actions.flatMap((action) =>
    action.type === 'sendEmail'
      ? [action.subject, action.body]
      : action.type === 'callWebhook'
        ? [action.body]
        : [],
  );
  return [
    ...(trigger.condition ? listConditionPaths(trigger.condition) : []),
    ...texts.flatMap(listPlaceholders),
  ];
}

/** Tries the draft on screen against an event (a sample to edit): no side effects, everything explained. */
export function TriggerTester({ documentId, draft }: { documentId: string; draft: Trigger }) {
  const [eventText, setEventText] = useState('');
  const [parseError, setParseError] = useState<string | null>(null);
  const [result, setResult] = useState<TriggerTestResult | null>(null);
  const running = useAction(async (event: Record<string, unknown>) =>
    setResult(await testTrigger(documentId, { event, trigger: draft })),
  );
  const recent = useApi(`recent|${draft.event.type}`, (signal) => listRecentEvents(draft.event.type, signal));
  const sample = () => JSON.stringify(sampleEventContext(draft.event, pathsRead(draft), documentId), null, 2);
  const run = () => {
    try {
      setParseError(null);
      void running.run(JSON.parse(eventText || sample()) as Record<string, unknown>);
    } catch {
      setParseError('The event is not valid JSON.');
    }
  };
  return (
    <Card>
      <CardHeader
        title="Tester"
        description="Runs this draft against an event. Nothing is sent, nothing is saved."
      />
      <div className="space-y-4 p-5">
        <Field
          label="Event"
          error={parseError ?? undefined}
          help="A sample built from the event's fields; edit the values."
        >
          {(control) => (
            <textarea
              {...control}
              name="tester-event"
              rows={8}
              className={`${textareaClasses} font-mono text-xs`}
              value={eventText || sample()}
              onChange={(event) => setEventText(event.target.value)}
            />
          )}
        </Field>
        <div className="flex flex-wrap gap-2">
          <Button variant="primary" icon={FlaskConical} isPending={running.isPending} onClick={run}>
            Run test
          </Button>
          <Button variant="ghost" onClick={() => setEventText(sample())}>
            New sample
          </Button>
          {recent.data && recent.data.items.length > 0 && (
            <>
              <label className="sr-only" htmlFor="tester-recent">
                A recent event
              </label>
              <select
                id="tester-recent"
                className={`${inputClasses} w-56`}
                value=""
                onChange={(event) => {
                  const picked = recent.data?.items.find((item) => item.id === event.target.value);
                  if (picked) setEventText(JSON.stringify(picked.context, null, 2));
                }}
              >
                <option value="">Or a recent event…</option>
                {recent.data.items.map((item) => (
                  <option key={item.id} value={item.id}>
                    {formatDateTime(item.createdAt)}
                  </option>
                ))}
              </select>
            </>
          )}
        </div>
        {running.error ? <ErrorAlert error={running.error} title="The test could not run" /> : null}
        {result && <TestResult result={result} />}
      </div>
    </Card>
  );
}

function TestResult({ result }: { result: TriggerTestResult }) {
  return (
    <section aria-label="Test result" className="space-y-3 text-sm">
      <p className="flex items-center gap-2">
        <Badge tone={result.wouldRun ? 'green' : 'neutral'}>
          {result.wouldRun ? 'Would run' : 'Would not run'}
        </Badge>
        {!result.matches && (
          <span className="text-neutral-600">The event type or its flow does not match.</span>
        )}
      </p>
      {result.condition ? <Explanation node={result.condition as ConditionExplanation} /> : null}
      <ol className="space-y-3" aria-label="Actions that would run">
        {result.actions.map((action) => (
          <li key={action.id} className="rounded-md border border-neutral-200 p-3">
            <p className="font-medium text-neutral-900">
              {actionTypeLabels[action.type as keyof typeof actionTypeLabels] ?? action.type}
              {!action.enabled && <span className="ml-2 text-neutral-500">(off)</span>}
            </p>
            {action.error && <p className="mt-1 text-red-700">{action.error}</p>}
            {action.preview?.kind === 'email' && (
              <div className="mt-2 space-y-1">
                <p>
                  <span className="text-neutral-500">To </span>
                  {action.preview.to.join(', ')}
                </p>
                <p>
                  <span className="text-neutral-500">Subject </span>
                  {action.preview.subject}
                </p>
                <iframe
                  title="Rendered email"
                  sandbox=""
                  className="h-28 w-full rounded border border-neutral-200 bg-white"
                  srcDoc={action.preview.html}
                />
              </div>
            )}
            {action.preview?.kind === 'webhook' && (
              <pre className="mt-2 overflow-x-auto rounded bg-neutral-50 p-2 text-xs">
                {`${action.preview.method} ${action.preview.url}\n\n${action.preview.body ?? ''}`}
              </pre>
            )}
            {action.preview?.kind === 'startFlow' && (
              <pre className="mt-2 overflow-x-auto rounded bg-neutral-50 p-2 text-xs">
                {JSON.stringify(action.preview.data, null, 2)}
              </pre>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}

function Explanation({ node }: { node: ConditionExplanation }) {
  if (node.type === 'comparison') {
    return (
      <p className={node.result ? 'text-emerald-800' : 'text-red-800'}>
        {node.result ? '✓' : '✗'} {node.text}{' '}
        <span className="text-neutral-500">
          (read{' '}
          {node.actual === undefined ? 'nothing: the event has no such value' : JSON.stringify(node.actual)})
        </span>
      </p>
    );
  }
  return (
    <div className="space-y-1">
      <p className={node.result ? 'text-emerald-800' : 'text-red-800'}>
        {node.result ? '✓' : '✗'} {node.op === 'and' ? 'All of' : 'Any of'}
      </p>
      <div className="ml-4 space-y-1 border-l border-neutral-200 pl-3">
        {node.children.map((child, index) => (
          // Explanations have no ids; their order is the condition's.
          // biome-ignore lint/suspicious/noArrayIndexKey: positions are stable for one result.
          <Explanation key={index} node={child} />
        ))}
      </div>
    </div>
  );
}
