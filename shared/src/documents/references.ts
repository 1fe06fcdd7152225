import type { Condition } from '../conditions/condition.schema';
import { listConditionPaths } from '../conditions/paths';
import { type DocumentKind, documentKindNames } from '../ids';
import { drawnChartTypes } from '../reports/chart-svg';
import type { Dataset } from './dataset/dataset.schema';
import { listDatasetParams, mainAlias } from './dataset/dataset-parts.schema';
import { formIdOfSource, isTableSource, sourceTableOf } from './dataset/system-sources';
import type { Flow } from './flow/flow.schema';
import type { DocumentIssue } from './issues';
import type { DocumentContent, DocumentContents } from './schemas';
import type { Table } from './table/table.schema';
import type { TaskForm } from './task-form/task-form.schema';
import type { Trigger } from './trigger/trigger.schema';
import type { TriggerAction } from './trigger/trigger-actions.schema';

// Cross-references a publish or a release must satisfy: what a document points at is published (live, or
// published in the same release), of the right kind, and has the fields a condition or a column reads.
// Issue paths go through stable ids, like the schema's own.

/** A published document by id (live, or in the release being checked), or undefined. */
export type PublishedLookup = (documentId: string) => PublishedDocument | undefined;
export type PublishedDocument = {
  [Kind in DocumentKind]: { kind: Kind; content: DocumentContent<Kind> };
}[DocumentKind];

interface ReferenceChecker<Content> {
  // Every other document the content points at (what the caller must look up).
  list: (content: Content) => string[];
  check: (content: Content, lookup: Lookups) => DocumentIssue[];
}

interface Lookups {
  find: <Kind extends DocumentKind>(kind: Kind, id: string) => DocumentContents[Kind] | undefined;
}

const missing = (kind: DocumentKind) => `No published ${documentKindNames[kind]} has this id.`;

function issue(path: string[], message: string): DocumentIssue {
  return { path, message };
}

// Sections have no key: they hold no value.
const keysOf = (fields: readonly object[]) =>
  new Set(fields.flatMap((field) => ('key' in field && typeof field.key === 'string' ? [field.key] : [])));

function unknownRoots(condition: Condition | undefined, keys: Set<string>, prefix = ''): string[] {
  if (!condition) return [];
  return listConditionPaths(condition)
    .filter((path) => path.startsWith(prefix))
    .map((path) => path.slice(prefix.length).split('.')[0] ?? '')
    .filter((key) => !keys.has(key));
}

const flowChecker: ReferenceChecker<Flow> = {
  list: (flow) => [
    ...flow.nodes.flatMap((node) => (node.type === 'task' ? [node.taskFormId] : [])),
    ...flow.triggers.flatMap((trigger) =>
      trigger.type === 'formSubmission'
        ? [trigger.taskFormId]
        : trigger.type === 'recordEvent'
          ? [trigger.tableId]
          : [],
    ),
  ],
  check(flow, lookups) {
    const issues: DocumentIssue[] = [];
    // What instance data can hold when every way to start the flow has a known shape.
    const dataKeys = new Set<string>();
    let isDataKnown = flow.triggers.length > 0;
    for (const trigger of flow.triggers) {
      if (trigger.type === 'formSubmission') {
        const form = lookups.find('taskForm', trigger.taskFormId);
        if (!form) issues.push(issue(['triggers', trigger.id, 'taskFormId'], missing('taskForm')));
        for (const key of keysOf(form?.fields ?? [])) dataKeys.add(key);
      } else if (trigger.type === 'recordEvent') {
        const table = lookups.find('table', trigger.tableId);
        if (!table) issues.push(issue(['triggers', trigger.id, 'tableId'], missing('table')));
        for (const key of keysOf(table?.fields ?? [])) dataKeys.add(key);
      } else {
        isDataKnown = false;
      }
    }
    for (const node of flow.nodes) {
      if (node.type !== 'task') continue;
      const form = lookups.find('taskForm', node.taskFormId);
      if (!form) issues.push(issue(['nodes', node.id, 'taskFormId'], missing('taskForm')));
      for (const key of keysOf(form?.fields ?? [])) dataKeys.add(key);
    }
    if (!isDataKnown) return issues;
    for (const edge of flow.edges) {
      for (const key of unknownRoots(edge.condition, dataKeys)) {
        issues.push(issue(['edges', edge.id, 'condition'], `No form of this flow has the field ${key}.`));
      }
    }
    return issues;
  },
};

const triggerChecker: ReferenceChecker<Trigger> = {
  list: (trigger) => [
    ...[trigger.event].flatMap((event) => [
      ...('flowId' in event && event.flowId ? [event.flowId] : []),
      ...('taskFormId' in event && event.taskFormId ? [event.taskFormId] : []),
      ...('tableId' in event ? [event.tableId] : []),
    ]),
    ...trigger.actions.flatMap((action) =>
      action.type === 'startFlow'
        ? [action.flowId]
        : action.type === 'sendReport'
          ? [action.datasetId]
          : 'tableId' in action
            ? [action.tableId]
            : [],
    ),
  ],
  check(trigger, lookups) {
    const issues: DocumentIssue[] = [];
    const { event } = trigger;
    if ('flowId' in event && event.flowId) {
      const flow = lookups.find('flow', event.flowId);
      if (!flow) issues.push(issue(['event', 'flowId'], missing('flow')));
      else if ('nodeId' in event && event.nodeId && !flow.nodes.some((node) => node.id === event.nodeId)) {
        issues.push(issue(['event', 'nodeId'], 'The published flow has no level with this id.'));
      }
    }
    if ('taskFormId' in event && event.taskFormId && !lookups.find('taskForm', event.taskFormId)) {
      issues.push(issue(['event', 'taskFormId'], missing('taskForm')));
    }
    if ('tableId' in event) {
      const table = lookups.find('table', event.tableId);
      if (!table) issues.push(issue(['event', 'tableId'], missing('table')));
      for (const key of unknownRoots(trigger.condition, keysOf(table?.fields ?? []), 'record.')) {
        issues.push(issue(['condition'], `The table has no field ${key}.`));
      }
    }
    for (const action of trigger.actions) {
      if (action.type === 'startFlow' && !lookups.find('flow', action.flowId)) {
        issues.push(issue(['actions', action.id, 'flowId'], missing('flow')));
      }
      if ('tableId' in action && !lookups.find('table', action.tableId)) {
        issues.push(issue(['actions', action.id, 'tableId'], missing('table')));
      }
      if (action.type === 'sendReport') issues.push(...checkReport(action, lookups));
    }
    return issues;
  },
};

// A mailed report reads a published dataset, and draws one of its chart sections (a number or a table is not
// a picture).
function checkReport(
  action: Extract<TriggerAction, { type: 'sendReport' }>,
  lookups: Lookups,
): DocumentIssue[] {
  const dataset = lookups.find('dataset', action.datasetId);
  if (!dataset) return [issue(['actions', action.id, 'datasetId'], missing('dataset'))];
  const missingParams = listDatasetParams(dataset.filter)
    .filter((name) => !Object.hasOwn(action.params, name))
    .map((name) =>
      issue(['actions', action.id, 'params', name], `Give the report's parameter ${name} a value.`),
    );
  if (action.chartSectionId === undefined) return missingParams;
  const section = dataset.sections.find((candidate) => candidate.id === action.chartSectionId);
  const at = ['actions', action.id, 'chartSectionId'];
  if (!section) return [...missingParams, issue(at, 'The published dataset has no such section.')];
  if (!drawnChartTypes.includes(section.chart.type))
    return [...missingParams, issue(at, 'Choose a bar, line, area or pie chart section.')];
  return missingParams;
}

// A table's and a task form's link fields point at published tables alike.
const linkChecker: ReferenceChecker<{
  fields: readonly (Table['fields'][number] | TaskForm['fields'][number])[];
}> = {
  list: (content) => content.fields.flatMap((field) => (field.type === 'link' ? [field.targetTableId] : [])),
  check: (content, lookups) =>
    content.fields.flatMap((field) =>
      field.type === 'link' && !lookups.find('table', field.targetTableId)
        ? [issue(['fields', field.id, 'targetTableId'], missing('table'))]
        : [],
    ),
};
const tableChecker: ReferenceChecker<Table> = linkChecker;
const taskFormChecker: ReferenceChecker<TaskForm> = linkChecker;

const datasetChecker: ReferenceChecker<Dataset> = {
  // System sources are always there; a form's answers need the form published.
  list: (dataset) => {
    const id = dataset.tableId;
    if (!id) return [];
    if (isTableSource(id)) return [id];
    const formId = formIdOfSource(id);
    return formId ? [formId] : [];
  },
  check(dataset, lookups) {
    if (!dataset.tableId) return [];
    const tableOf = (id: string) =>
      sourceTableOf(id, {
        table: (tableId) => lookups.find('table', tableId),
        taskForm: (formId) => lookups.find('taskForm', formId),
      });
    const main = tableOf(dataset.tableId);
    if (!main) return [issue(['tableId'], missing(formIdOfSource(dataset.tableId) ? 'taskForm' : 'table'))];
    const issues: DocumentIssue[] = [];
    // Joins name relation fields by id; each alias reads the table its relation points at.
    const tables = new Map<string, Table>([[mainAlias, main]]);
    const byJoin = new Map<string, Table>();
    for (const join of dataset.joins) {
      const from = join.fromJoinId ? byJoin.get(join.fromJoinId) : main;
      const relation = from?.fields.find((field) => field.id === join.relationFieldId);
      const target = relation?.type === 'link' ? tableOf(relation.targetTableId) : undefined;
      if (from && !target) {
        issues.push(issue(['joins', join.id, 'relationFieldId'], 'No published relation field has this id.'));
      }
      if (target) {
        tables.set(join.alias, target);
        byJoin.set(join.id, target);
      }
    }
    const checkColumn = (column: string, path: string[]) => {
      const [alias = '', key = ''] = column.split('.');
      const table = tables.get(alias);
      if (table && !table.fields.some((field) => field.key === key)) {
        issues.push(issue(path, `The table of ${alias} has no field ${key}.`));
      }
    };
    for (const grouping of dataset.groupings)
      checkColumn(grouping.field, ['groupings', grouping.id, 'field']);
    for (const aggregate of dataset.aggregates) {
      if (aggregate.field) checkColumn(aggregate.field, ['aggregates', aggregate.id, 'field']);
    }
    for (const path of dataset.filter ? listConditionPaths(dataset.filter) : [])
      checkColumn(path, ['filter']);
    return issues;
  },
};

const referenceCheckers = {
  taskForm: taskFormChecker,
  flow: flowChecker,
  trigger: triggerChecker,
  table: tableChecker,
  dataset: datasetChecker,
} satisfies { [Kind in DocumentKind]: ReferenceChecker<DocumentContent<Kind>> };

type CheckerRegistry = { [Kind in DocumentKind]: ReferenceChecker<DocumentContent<Kind>> };

/** Ids of the documents `content` (a valid snapshot of `kind`) points at. */
export function listReferences<Kind extends DocumentKind>(
  kind: Kind,
  content: DocumentContent<Kind>,
): string[] {
  const registry: CheckerRegistry = referenceCheckers;
  return [...new Set(registry[kind].list(content))];
}

/** The cross-reference problems of a valid snapshot, given what is published; empty when there are none. */
export function checkReferences<Kind extends DocumentKind>(
  kind: Kind,
  content: DocumentContent<Kind>,
  lookup: PublishedLookup,
): DocumentIssue[] {
  const registry: CheckerRegistry = referenceCheckers;
  const lookups: Lookups = {
    find: <Wanted extends DocumentKind>(wanted: Wanted, id: string) => {
      const found = lookup(id);
      return found?.kind === wanted ? (found.content as DocumentContents[Wanted]) : undefined;
    },
  };
  return registry[kind].check(content, lookups);
}
