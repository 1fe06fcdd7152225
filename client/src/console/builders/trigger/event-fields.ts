import type { Flow, TriggerEvent } from '@erp/shared/documents';
import { type EventFieldType, triggerEventFields } from '@erp/shared/triggers';
import { useEffect, useState } from 'react';
import { readDocumentOnce } from '../../../collab';
import {
  type ConditionField,
  type ConditionFieldType,
  conditionFieldsOf,
} from '../../../conditions/condition-model';
import { useFormCatalog } from '../flow/use-form-catalog';

// What a trigger can read of its event: the event type's own fields, and — for flow and task events of one
// flow — the answers of that flow's forms under `data.` (what "amount > 1000" compares).

const conditionTypes: Record<EventFieldType, ConditionFieldType | null> = {
  text: 'text',
  id: 'text',
  user: 'text',
  number: 'number',
  boolean: 'boolean',
  date: 'date',
  list: 'list',
  object: null,
};

export const eventTypeLabels: Record<TriggerEvent['type'], string> = {
  'flow.started': 'A flow starts',
  'flow.level_entered': 'A flow reaches a level',
  'flow.completed': 'A flow completes',
  'task.assigned': 'A task is assigned',
  'task.completed': 'A task is completed',
  'task.overdue': 'A task is overdue',
  'record.created': 'A record is created',
  'record.updated': 'A record is updated',
  'record.deleted': 'A record is deleted',
  'webhook.received': 'A webhook arrives',
  schedule: 'On a schedule',
  'gmail.message_received': 'A Gmail message arrives',
  'sheets.row_added': 'A row is added to a Google Sheet',
  'outlook.message_received': 'An Outlook message arrives',
};

/** Fields of the event for the condition editor and the placeholders, with the flow's form answers. */
export function useEventFields(event: TriggerEvent | undefined): ConditionField[] {
  const flowId = event && 'flowId' in event ? event.flowId : undefined;
  const formIds = useFlowFormIds(flowId);
  const catalog = useFormCatalog(formIds);
  if (!event) return [];
  const own = triggerEventFields[event.type].flatMap((field) => {
    const type = conditionTypes[field.type];
    return type ? [{ key: field.path, label: field.label, type }] : [];
  });
  const answers = formIds.flatMap((formId) =>
    conditionFieldsOf(catalog.formOf(formId)?.fields ?? []).map((field) => ({
      ...field,
      key: `data.${field.key}`,
      label: `Answer: ${field.label}`,
    })),
  );
  const seen = new Set<string>();
  return [...answers, ...own].filter((field) => !seen.has(field.key) && seen.add(field.key));
}

function useFlowFormIds(flowId: string | undefined): string[] {
  const [formIds, setFormIds] = useState<string[]>([]);
  useEffect(() => {
    setFormIds([]);
    if (!flowId) return;
    let isCurrent = true;
    readDocumentOnce('flow', flowId).then(
      (json) => {
        const flow = json as Partial<Flow>;
        const ids = [
          ...(flow.triggers ?? []).flatMap((trigger) =>
            trigger.type === 'formSubmission' ? [trigger.taskFormId] : [],
          ),
          ...(flow.nodes ?? []).flatMap((node) =>
            node.type === 'task' && node.taskFormId ? [node.taskFormId] : [],
          ),
        ];
        if (isCurrent) setFormIds([...new Set(ids)]);
      },
      () => {},
    );
    return () => {
      isCurrent = false;
    };
  }, [flowId]);
  return formIds;
}
