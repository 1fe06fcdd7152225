import type { ConnectionView } from '@erp/shared/api/connections';
import type { TriggerEvent } from '@erp/shared/documents';
import { triggerEventTypes } from '@erp/shared/documents';
import { Field, inputClasses } from '../../../ui/field';
import { ConnectedEventFields, connectedEventDefaults } from './connected-action-form';
import { eventTypeLabels } from './event-fields';

const flowEventTypes = new Set<string>([
  'flow.started',
  'flow.level_entered',
  'flow.completed',
  'task.assigned',
  'task.completed',
  'task.overdue',
]);

/** When the trigger fires: the event type and, for flow and task events, which flow (or any). */
export function EventPicker({
  event,
  flows,
  connections,
  isReadOnly,
  onChange,
}: {
  event: TriggerEvent;
  flows: { id: string; name: string }[] | undefined;
  connections: ConnectionView[] | undefined;
  isReadOnly: boolean;
  onChange: (next: TriggerEvent) => void;
}) {
  const changeType = (type: TriggerEvent['type']) => {
    if (type === 'schedule') onChange({ type, cron: '0 9 * * 1-5', timezone: 'UTC' });
    else if (type in connectedEventDefaults)
      onChange(connectedEventDefaults[type as keyof typeof connectedEventDefaults]);
    else if (flowEventTypes.has(type))
      onChange({ type, flowId: 'flowId' in event ? event.flowId : undefined } as TriggerEvent);
    else onChange({ type } as TriggerEvent);
  };
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      <Field label="When">
        {(control) => (
          <select
            {...control}
            name="event-type"
            className={inputClasses}
            value={event.type}
            disabled={isReadOnly}
            onChange={(change) => changeType(change.target.value as TriggerEvent['type'])}
          >
            {triggerEventTypes.map((type) => (
              <option key={type} value={type}>
                {eventTypeLabels[type]}
              </option>
            ))}
          </select>
        )}
      </Field>
      {flowEventTypes.has(event.type) && (
        <Field label="Of the flow" help="Its form answers become fields you can test and use.">
          {(control) => (
            <select
              {...control}
              name="event-flow"
              className={inputClasses}
              value={'flowId' in event ? (event.flowId ?? '') : ''}
              disabled={isReadOnly}
              onChange={(change) =>
                onChange({
                  ...event,
                  flowId: change.target.value || undefined,
                  nodeId: undefined,
                } as TriggerEvent)
              }
            >
              <option value="">Any flow</option>
              {flows?.map((flow) => (
                <option key={flow.id} value={flow.id}>
                  {flow.name}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      {event.type === 'schedule' && (
        <>
          <Field label="Cron" help="Five fields: minute hour day month weekday.">
            {(control) => (
              <input
                {...control}
                className={inputClasses}
                value={event.cron}
                readOnly={isReadOnly}
                onChange={(change) => onChange({ ...event, cron: change.target.value })}
              />
            )}
          </Field>
          <Field label="Time zone" help="An IANA name, e.g. Europe/Berlin.">
            {(control) => (
              <input
                {...control}
                className={inputClasses}
                value={event.timezone}
                readOnly={isReadOnly}
                onChange={(change) => onChange({ ...event, timezone: change.target.value })}
              />
            )}
          </Field>
        </>
      )}
      {event.type.startsWith('record.') && (
        <p className="text-sm text-amber-800 sm:col-span-2">
          Tables are not available yet: record events arrive once the tables builder has landed.
        </p>
      )}
      <ConnectedEventFields
        event={event}
        connections={connections}
        isReadOnly={isReadOnly}
        onChange={onChange}
      />
      {event.type === 'webhook.received' && (
        <Field label="Hook id" help="Create an endpoint with POST /api/webhook-endpoints; its id goes here.">
          {(control) => (
            <input
              {...control}
              className={inputClasses}
              value={event.hookId ?? ''}
              readOnly={isReadOnly}
              onChange={(change) => onChange({ ...event, hookId: change.target.value.trim() })}
            />
          )}
        </Field>
      )}
    </div>
  );
}
