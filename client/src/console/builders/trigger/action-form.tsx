import type { ConnectionView } from '@erp/shared/api/connections';
import { type Recipient, type TriggerAction, triggerActions, webhookMethods } from '@erp/shared/documents';
import { ArrowDown, ArrowUp, Plus, Trash2, X } from 'lucide-react';
import { useState } from 'react';
import type { CollabSession } from '../../../collab';
import { useSharedText } from '../../../collab';
import type { ConditionField } from '../../../conditions/condition-model';
import { Button } from '../../../ui/button';
import { Checkbox, Field, inputClasses, textareaClasses } from '../../../ui/field';
import type { Choice } from '../../hierarchy/use-org-options';
import { ConnectionSelect, ReplyToField, SheetForm } from './connected-action-form';
import { RecordActionForm } from './record-action-form';
import { type DatasetChoice, ReportActionForm } from './report-action-form';

export const actionTypeLabels: Record<TriggerAction['type'], string> = {
  sendEmail: 'Send an email',
  startFlow: 'Start a flow',
  callWebhook: 'Call a webhook',
  createRecord: 'Create a record',
  updateRecord: 'Update a record',
  gmailSend: 'Send with Gmail',
  outlookSend: 'Send with Outlook',
  sheetsAppendRow: 'Append a row to a Google Sheet',
  sheetsUpdateRows: 'Update rows of a Google Sheet',
  sendReport: 'Email a report',
};

export interface ActionChoices {
  flows: { id: string; name: string }[] | undefined;
  tables: { id: string; name: string }[] | undefined;
  datasets: DatasetChoice[] | undefined;
  roles: Choice[] | undefined;
  secrets: { id: string; name: string }[] | undefined;
  connections: ConnectionView[] | undefined;
  fields: ConditionField[];
}

/** One action of the ordered list: its header (order, enabled, remove) and the form of its type. */
export function ActionForm({
  session,
  action,
  position,
  choices,
  isReadOnly,
}: {
  session: CollabSession;
  action: TriggerAction;
  position: { index: number; count: number };
  choices: ActionChoices;
  isReadOnly: boolean;
}) {
  const { doc, origin } = session;
  const update = (patch: Record<string, unknown>) =>
    triggerActions.update(doc, action.id, patch as Parameters<typeof triggerActions.update>[2], origin);
  return (
    <li
      className="space-y-4 px-5 py-4"
      aria-label={`Action ${position.index + 1}: ${actionTypeLabels[action.type]}`}
    >
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 className="text-sm font-semibold text-neutral-900">
          {position.index + 1}. {actionTypeLabels[action.type]}
        </h3>
        {!isReadOnly && (
          <div className="flex items-center gap-1">
            <Checkbox
              label="On"
              checked={action.enabled}
              onChange={(event) => update({ enabled: event.target.checked })}
            />
            <Button
              size="sm"
              variant="ghost"
              icon={ArrowUp}
              aria-label="Move up"
              disabled={position.index === 0}
              onClick={() => triggerActions.move(doc, action.id, position.index - 1, origin)}
            />
            <Button
              size="sm"
              variant="ghost"
              icon={ArrowDown}
              aria-label="Move down"
              disabled={position.index === position.count - 1}
              onClick={() => triggerActions.move(doc, action.id, position.index + 1, origin)}
            />
            <Button
              size="sm"
              variant="ghost"
              icon={Trash2}
              aria-label="Remove action"
              onClick={() => triggerActions.remove(doc, action.id, origin)}
            />
          </div>
        )}
      </div>
      {(action.type === 'gmailSend' || action.type === 'outlookSend') && (
        <ConnectionSelect
          provider={action.type === 'gmailSend' ? 'google' : 'microsoft'}
          value={action.connectionId ?? ''}
          connections={choices.connections}
          isReadOnly={isReadOnly}
          onChange={(connectionId) => update({ connectionId })}
        />
      )}
      {action.type === 'sendReport' && (
        <ReportActionForm
          action={action}
          datasets={choices.datasets}
          isReadOnly={isReadOnly}
          update={update}
          setParam={(name, value) => triggerActions.setReportParam(doc, action.id, name, value, origin)}
        />
      )}
      {(action.type === 'sendEmail' ||
        action.type === 'gmailSend' ||
        action.type === 'outlookSend' ||
        action.type === 'sendReport') && (
        <EmailForm
          session={session}
          action={action}
          choices={choices}
          isReadOnly={isReadOnly}
          update={update}
        />
      )}
      {action.type === 'gmailSend' && (
        <ReplyToField
          value={action.inReplyTo ?? ''}
          isReadOnly={isReadOnly}
          onChange={(inReplyTo) => update({ inReplyTo })}
        />
      )}
      {(action.type === 'sheetsAppendRow' || action.type === 'sheetsUpdateRows') && (
        <SheetForm
          session={session}
          action={action}
          connections={choices.connections}
          fields={choices.fields}
          isReadOnly={isReadOnly}
          update={update}
        />
      )}
      {action.type === 'startFlow' && (
        <Field
          label="Flow to start"
          help="Its live version starts, with the trigger's publisher as requester."
        >
          {(control) => (
            <select
              {...control}
              className={inputClasses}
              value={action.flowId ?? ''}
              disabled={isReadOnly}
              onChange={(event) => update({ flowId: event.target.value })}
            >
              <option value="">Choose a flow…</option>
              {choices.flows?.map((flow) => (
                <option key={flow.id} value={flow.id}>
                  {flow.name}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      {action.type === 'callWebhook' && (
        <WebhookForm
          session={session}
          action={action}
          choices={choices}
          isReadOnly={isReadOnly}
          update={update}
        />
      )}
      {(action.type === 'createRecord' || action.type === 'updateRecord') && (
        <RecordActionForm
          action={action}
          tables={choices.tables}
          eventFields={choices.fields}
          isReadOnly={isReadOnly}
          update={update}
        />
      )}
    </li>
  );
}

interface FormProps<Type extends TriggerAction['type']> {
  session: CollabSession;
  action: Extract<TriggerAction, { type: Type }>;
  choices: ActionChoices;
  isReadOnly: boolean;
  update: (patch: Record<string, unknown>) => void;
}

function EmailForm({
  session,
  action,
  choices,
  isReadOnly,
  update,
}: FormProps<'sendEmail' | 'gmailSend' | 'outlookSend' | 'sendReport'>) {
  const text = { session, actionId: action.id, fields: choices.fields, isReadOnly };
  return (
    <div className="space-y-4">
      <Recipients
        recipients={action.to ?? []}
        choices={choices}
        isReadOnly={isReadOnly}
        onChange={(to) => update({ to })}
      />
      <TemplateField {...text} textKey="subject" label="Subject" />
      <TemplateField
        {...text}
        textKey="body"
        label="Message"
        help="Plain text; blank lines separate paragraphs. Values from the event are escaped."
        rows={4}
      />
    </div>
  );
}

const recipientKinds = [
  { value: 'orgRole', label: 'Company role' },
  { value: 'email', label: 'Address' },
  { value: 'path', label: 'Field of the event' },
] as const;

function Recipients({
  recipients,
  choices,
  isReadOnly,
  onChange,
}: {
  recipients: Recipient[];
  choices: ActionChoices;
  isReadOnly: boolean;
  onChange: (next: Recipient[]) => void;
}) {
  const [kind, setKind] = useState<(typeof recipientKinds)[number]['value']>('orgRole');
  const [value, setValue] = useState('');
  const describe = (recipient: Recipient) => {
    if (recipient.type === 'email') return recipient.address;
    if (recipient.type === 'orgRole')
      return `Role: ${choices.roles?.find((role) => role.id === recipient.orgRoleId)?.label ?? recipient.orgRoleId}`;
    if (recipient.type === 'user') return `Person: ${recipient.userId}`;
    return `Field: ${recipient.path}`;
  };
  const add = () => {
    if (!value) return;
    const next: Recipient =
      kind === 'email'
        ? { type: 'email', address: value.trim() }
        : kind === 'orgRole'
          ? { type: 'orgRole', orgRoleId: value }
          : { type: 'path', path: value.trim() };
    onChange([...recipients, next]);
    setValue('');
  };
  return (
    <fieldset className="space-y-2">
      <legend className="text-sm font-medium text-neutral-800">To</legend>
      {recipients.length === 0 ? (
        <p className="text-sm text-neutral-500">Nobody yet: add a company role, an address or a field.</p>
      ) : (
        <ul className="flex flex-wrap gap-2" aria-label="Recipients">
          {recipients.map((recipient, index) => (
            <li
              key={JSON.stringify(recipient)}
              className="flex items-center gap-1 rounded-full bg-indigo-50 px-3 py-1 text-sm text-indigo-900"
            >
              {describe(recipient)}
              {!isReadOnly && (
                <button
                  type="button"
                  className="rounded-full p-0.5 hover:bg-indigo-100"
                  aria-label={`Remove ${describe(recipient)}`}
                  onClick={() => onChange(recipients.filter((_, other) => other !== index))}
                >
                  <X className="size-3.5" aria-hidden />
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {!isReadOnly && (
        <div className="flex flex-wrap items-center gap-2">
          <label className="sr-only" htmlFor="recipient-kind">
            Kind of recipient
          </label>
          <select
            id="recipient-kind"
            className={`${inputClasses} w-44`}
            value={kind}
            onChange={(event) => {
              setKind(event.target.value as typeof kind);
              setValue('');
            }}
          >
            {recipientKinds.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
          <label className="sr-only" htmlFor="recipient-value">
            Recipient
          </label>
          {kind === 'orgRole' ? (
            <select
              id="recipient-value"
              className={`${inputClasses} w-56`}
              value={value}
              onChange={(event) => setValue(event.target.value)}
            >
              <option value="">Choose a role…</option>
              {choices.roles?.map((role) => (
                <option key={role.id} value={role.id}>
                  {role.label}
                </option>
              ))}
            </select>
          ) : (
            <input
              id="recipient-value"
              className={`${inputClasses} w-56`}
              placeholder={kind === 'email' ? 'finance@example.com' : 'data.approver'}
              value={value}
              onChange={(event) => setValue(event.target.value)}
            />
          )}
          <Button size="sm" icon={Plus} onClick={add} disabled={!value}>
            Add recipient
          </Button>
        </div>
      )}
    </fieldset>
  );
}

function WebhookForm({ session, action, choices, isReadOnly, update }: FormProps<'callWebhook'>) {
  return (
    <div className="space-y-4">
      <div className="grid gap-3 sm:grid-cols-[8rem_1fr]">
        <Field label="Method">
          {(control) => (
            <select
              {...control}
              className={inputClasses}
              value={action.method}
              disabled={isReadOnly}
              onChange={(event) => update({ method: event.target.value })}
            >
              {webhookMethods.map((method) => (
                <option key={method}>{method}</option>
              ))}
            </select>
          )}
        </Field>
        <Field label="URL" help="Internal addresses are refused unless OUTBOUND_ALLOWED_HOSTS names them.">
          {(control) => (
            <input
              {...control}
              className={inputClasses}
              value={action.url ?? ''}
              readOnly={isReadOnly}
              placeholder="https://example.com/hooks/orders"
              onChange={(event) => update({ url: event.target.value })}
            />
          )}
        </Field>
      </div>
      <Field
        label="Signing secret"
        help="Signs each call (Standard Webhooks); made and rotated on the Integrations page, never shown here."
      >
        {(control) => (
          <select
            {...control}
            className={inputClasses}
            value={action.secretRef ?? ''}
            disabled={isReadOnly}
            onChange={(event) => update({ secretRef: event.target.value || undefined })}
          >
            <option value="">Unsigned</option>
            {choices.secrets?.map((secret) => (
              <option key={secret.id} value={secret.id}>
                {secret.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <TemplateField
        session={session}
        actionId={action.id}
        fields={choices.fields}
        isReadOnly={isReadOnly}
        textKey="body"
        label="JSON body"
        help="Placeholders inside quotes are filled as JSON text."
        rows={4}
        isCode
      />
    </div>
  );
}

/** A text of the action bound to its shared Y.Text, with the event's placeholders offered below it. */
function TemplateField({
  session,
  actionId,
  textKey,
  fields,
  isReadOnly,
  label,
  help,
  rows,
  isCode = false,
}: {
  session: CollabSession;
  actionId: string;
  textKey: 'subject' | 'body';
  fields: ConditionField[];
  isReadOnly: boolean;
  label: string;
  help?: string;
  /** A text area of this many rows; a one-line input without. */
  rows?: number;
  isCode?: boolean;
}) {
  const [value, setValue] = useSharedText(
    triggerActions.getText(session.doc, actionId, textKey),
    session.origin,
  );
  return (
    <>
      <Field label={label} help={help}>
        {(control) =>
          rows ? (
            <textarea
              {...control}
              rows={rows}
              className={isCode ? `${textareaClasses} font-mono` : textareaClasses}
              value={value}
              readOnly={isReadOnly}
              onChange={(event) => setValue(event.target.value)}
            />
          ) : (
            <input
              {...control}
              className={inputClasses}
              value={value}
              readOnly={isReadOnly}
              onChange={(event) => setValue(event.target.value)}
            />
          )
        }
      </Field>
      <Placeholders fields={fields} isReadOnly={isReadOnly} onPick={(text) => setValue(`${value}${text}`)} />
    </>
  );
}

/** The event's fields as `{{path}}` chips that append themselves to the text above. */
function Placeholders({
  fields,
  isReadOnly,
  onPick,
}: {
  fields: ConditionField[];
  isReadOnly: boolean;
  onPick: (text: string) => void;
}) {
  if (isReadOnly || fields.length === 0) return null;
  return (
    <div className="-mt-2 flex flex-wrap items-center gap-1.5 text-xs">
      <span className="text-neutral-500">Insert:</span>
      {fields.slice(0, 12).map((field) => (
        <button
          key={field.key}
          type="button"
          title={field.label}
          className="rounded bg-neutral-100 px-2 py-0.5 font-mono text-neutral-700 hover:bg-neutral-200"
          onClick={() => onPick(`{{${field.key}}}`)}
        >
          {`{{${field.key}}}`}
        </button>
      ))}
    </div>
  );
}
