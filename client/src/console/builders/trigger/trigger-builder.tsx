import {
  getTriggerText,
  readTrigger,
  type Trigger,
  type TriggerAction,
  triggerActions,
  updateTrigger,
  validateDocument,
} from '@erp/shared/documents';
import { Plus, Zap } from 'lucide-react';
import { useMemo, useState } from 'react';
import { useParams } from 'react-router';
import { listConnections } from '../../../api/connections';
import * as documentsApi from '../../../api/documents';
import { listSecrets } from '../../../api/triggers';
import { useApi } from '../../../api/use-api';
import { useSharedText } from '../../../collab';
import { ConditionEditor } from '../../../conditions/condition-editor';
import { Button } from '../../../ui/button';
import { Card, CardHeader } from '../../../ui/card';
import { EmptyState } from '../../../ui/empty-state';
import { Checkbox, Field, inputClasses } from '../../../ui/field';
import { useOrgOptions } from '../../hierarchy/use-org-options';
import type { BuilderProps } from '../builder-props';
import { ChecksCard } from '../checks-card';
import { useDocumentJson } from '../use-document-json';
import { ActionForm, actionTypeLabels } from './action-form';
import { useEventFields } from './event-fields';
import { EventPicker } from './event-picker';
import { TriggerRuns } from './trigger-runs';
import { TriggerTester } from './trigger-tester';

// What a new action of each type starts with: valid as soon as its blanks are filled in.
const newAction: Record<TriggerAction['type'], Parameters<typeof triggerActions.add>[1]> = {
  sendEmail: { type: 'sendEmail', enabled: true, to: [], subject: '', body: '' },
  startFlow: { type: 'startFlow', enabled: true, flowId: '', data: {} },
  callWebhook: { type: 'callWebhook', enabled: true, url: '', method: 'POST', headers: {}, body: '{}' },
  createRecord: { type: 'createRecord', enabled: true, tableId: '', values: {} },
  updateRecord: {
    type: 'updateRecord',
    enabled: true,
    tableId: '',
    recordId: { type: 'path', path: 'recordId' },
    values: {},
  },
  gmailSend: {
    type: 'gmailSend',
    enabled: true,
    connectionId: '',
    to: [],
    subject: '',
    body: '',
    inReplyTo: '',
  },
  outlookSend: { type: 'outlookSend', enabled: true, connectionId: '', to: [], subject: '', body: '' },
  sheetsAppendRow: {
    type: 'sheetsAppendRow',
    enabled: true,
    connectionId: '',
    spreadsheetId: '',
    sheet: 'Sheet1',
    values: {},
  },
  sheetsUpdateRows: {
    type: 'sheetsUpdateRows',
    enabled: true,
    connectionId: '',
    spreadsheetId: '',
    sheet: 'Sheet1',
    matchColumn: '',
    matchValue: { type: 'path', path: 'instanceId' },
    values: {},
  },
  sendReport: {
    type: 'sendReport',
    enabled: true,
    datasetId: '',
    params: {},
    attachCsv: true,
    to: [],
    subject: '',
    body: '',
  },
};

/** The trigger builder: event → nested AND / OR conditions → ordered actions; a tester and the runs beside. */
export default function TriggerBuilder({ session, snapshot }: BuilderProps) {
  const { doc, origin } = session;
  const { id = '' } = useParams();
  const isReadOnly = snapshot.isReadOnly;
  const draft = useDocumentJson(doc, readTrigger) as Trigger;
  const issues = useMemo(() => {
    const result = validateDocument('trigger', draft);
    return result.ok ? [] : result.issues;
  }, [draft]);
  const [description, setDescription] = useSharedText(getTriggerText(doc, 'description'), origin);
  const [newType, setNewType] = useState<TriggerAction['type']>('sendEmail');
  const flows = useApi('flows', (signal) => documentsApi.listDocuments({ kind: 'flow', limit: 200 }, signal));
  const tables = useApi('tables', (signal) =>
    documentsApi.listDocuments({ kind: 'table', limit: 200 }, signal),
  );
  const datasets = useApi('datasets', (signal) =>
    documentsApi.listDocuments({ kind: 'dataset', limit: 200 }, signal),
  );
  const secrets = useApi('secrets', (signal) => listSecrets(signal));
  const connections = useApi('connections', (signal) => listConnections(signal));
  const org = useOrgOptions();
  const fields = useEventFields(draft.event);
  const flowChoices = flows.data?.items.map((item) => ({ id: item.id, name: item.name }));
  // Only a published table has records to write.
  const tableChoices = tables.data?.items
    .filter((item) => item.publication.liveVersion !== null)
    .map((item) => ({ id: item.id, name: item.name }));
  // A report mails the live version of its dataset.
  const datasetChoices = datasets.data?.items.flatMap((item) =>
    item.publication.liveVersion === null
      ? []
      : [{ id: item.id, name: item.name, liveVersion: item.publication.liveVersion }],
  );
  const actions = draft.actions ?? [];

  return (
    <div className="grid gap-6 xl:grid-cols-5">
      <div className="min-w-0 space-y-6 xl:col-span-3">
        <Card>
          <CardHeader title="When" description="The event that sets this trigger off." />
          <div className="space-y-4 p-5">
            <EventPicker
              event={draft.event}
              flows={flowChoices}
              connections={connections.data?.items}
              isReadOnly={isReadOnly}
              onChange={(event) => updateTrigger(doc, { event }, origin)}
            />
            <Field label="Notes" help="For developers: what this trigger is for.">
              {(control) => (
                <input
                  {...control}
                  className={inputClasses}
                  value={description}
                  readOnly={isReadOnly}
                  onChange={(event) => setDescription(event.target.value)}
                />
              )}
            </Field>
            <Checkbox
              label="Enabled"
              description="A published trigger runs only while this is on."
              checked={draft.enabled}
              disabled={isReadOnly}
              onChange={(event) => updateTrigger(doc, { enabled: event.target.checked }, origin)}
            />
          </div>
        </Card>
        <Card>
          <CardHeader
            title="Only if"
            description="Conditions over the event's fields; a missing value never matches."
          />
          <div className="p-5">
            <ConditionEditor
              value={draft.condition}
              fields={fields}
              isReadOnly={isReadOnly}
              emptyText="No condition: every matching event runs the actions."
              onChange={(condition) => updateTrigger(doc, { condition }, origin)}
            />
          </div>
        </Card>
        <Card>
          <CardHeader
            title="Then"
            description="Actions run in this order; each is retried on failure and never done twice."
            actions={
              isReadOnly ? undefined : (
                <div className="flex flex-wrap items-center gap-2">
                  <label className="sr-only" htmlFor="new-action-type">
                    Type of the new action
                  </label>
                  <select
                    id="new-action-type"
                    className={`${inputClasses} w-44`}
                    value={newType}
                    onChange={(event) => setNewType(event.target.value as TriggerAction['type'])}
                  >
                    {Object.entries(actionTypeLabels).map(([type, label]) => (
                      <option key={type} value={type}>
                        {label}
                      </option>
                    ))}
                  </select>
                  <Button
                    variant="primary"
                    icon={Plus}
                    onClick={() => triggerActions.add(doc, newAction[newType], origin)}
                  >
                    Add action
                  </Button>
                </div>
              )
            }
          />
          {actions.length === 0 ? (
            <EmptyState icon={Zap} title="No actions yet">
              <p>Add what should happen: send an email, start a flow, call a webhook.</p>
            </EmptyState>
          ) : (
            <ol className="divide-y divide-neutral-100" aria-label="Actions">
              {actions.map((action, index) => (
                <ActionForm
                  key={action.id}
                  session={session}
                  action={action}
                  position={{ index, count: actions.length }}
                  choices={{
                    flows: flowChoices,
                    tables: tableChoices,
                    datasets: datasetChoices,
                    roles: org.roles,
                    secrets: secrets.data?.items,
                    connections: connections.data?.items,
                    fields,
                  }}
                  isReadOnly={isReadOnly}
                />
              ))}
            </ol>
          )}
        </Card>
        <ChecksCard issues={issues} subject="trigger" />
      </div>
      <div className="min-w-0 space-y-6 xl:col-span-2">
        <TriggerTester documentId={id} draft={draft} />
        <TriggerRuns documentId={id} />
      </div>
    </div>
  );
}
