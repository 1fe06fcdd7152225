import type { DocumentKind } from '@erp/shared/ids';
import { ChartColumn, ClipboardList, Database, type LucideIcon, Workflow, Zap } from 'lucide-react';

export interface DocumentKindInfo {
  /** The URL segment under /console, and the nav entry's label. */
  segment: string;
  title: string;
  /** One item, lower case: "task form". */
  singular: string;
  icon: LucideIcon;
  /** One line under the page title. */
  summary: string;
  /** What this kind is for, told to someone who has never made one. */
  explanation: string;
}

export const documentKindInfo = {
  taskForm: {
    segment: 'tasks',
    title: 'Tasks',
    singular: 'task form',
    icon: ClipboardList,
    summary: 'The forms people fill in when a task reaches them.',
    explanation:
      'A task form is what an employee sees in their inbox: fields to fill in, files to attach, a decision to make. Flows put task forms in front of the right people.',
  },
  flow: {
    segment: 'flows',
    title: 'Flows',
    singular: 'flow',
    icon: Workflow,
    summary: 'Processes in levels: who does which task, in what order, under which conditions.',
    explanation:
      'A flow is a process drawn as levels: each level gives a task to a person, a role or someone found through the hierarchy, and conditions decide where it goes next. Every running flow stays on the version it started with.',
  },
  trigger: {
    segment: 'triggers',
    title: 'Triggers',
    singular: 'trigger',
    icon: Zap,
    summary: 'Rules that react to events: send an email, start a flow, update a record.',
    explanation:
      'A trigger waits for an event (a task completed, a record changed, a webhook, a schedule), checks its conditions and runs its actions. You can test a draft trigger against a sample event before publishing it.',
  },
  table: {
    segment: 'database',
    title: 'Database',
    singular: 'table',
    icon: Database,
    summary: 'The data tables your forms and flows read and write.',
    explanation:
      'A table holds your company’s records: customers, orders, assets. Its columns change with a publish, and the publish shows what the change does to the rows already there.',
  },
  dataset: {
    segment: 'datasets',
    title: 'Datasets',
    singular: 'dataset',
    icon: ChartColumn,
    summary: 'Reports over your tables and flows.',
    explanation:
      'A dataset is a saved question over your data: which records, which columns, how they are grouped and filtered. People use datasets as reports and exports.',
  },
} satisfies Record<DocumentKind, DocumentKindInfo>;

/** The one place that builds a document's URL in the console. */
export function documentPath(kind: DocumentKind, id: string): string {
  return `/console/${documentKindInfo[kind].segment}/${id}`;
}

export function documentListPath(kind: DocumentKind): string {
  return `/console/${documentKindInfo[kind].segment}`;
}
