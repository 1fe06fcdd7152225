import {
  type FieldDefinition,
  fieldSqlType,
  formIdOfSource,
  isSystemSource,
  systemSourceIds,
  type Table,
  type TableField,
} from '@erp/shared';
import type { SqlParams } from '../sql-params';
import { columnIdent, qualifiedTable, quoteIdent } from '../user-tables/identifiers';
import type { LiveTable } from '../user-tables/records';

// What a dataset's sources are in SQL. A user table is its PostgreSQL table; flow instances, tasks and a
// form's answers are subqueries over the platform's own tables that expose every field (shared's
// system-sources.ts) under the same generated column names a user table has, so the compiler reads all sources
// one way. The subqueries keep only the rows the reader may see: instances they started or hold, may claim or
// completed a task in, unless they see all flow data (admins; the dataset's allFlowDataRoles).

/** A source as the compiler needs it, before it has a SQL alias. */
export interface LoadedSource {
  /** A table's document id, or a system source id (`system.tasks`, `form.<id>`). */
  id: string;
  table: Table;
  /** The live user table (its read roles, its version); null for work data. */
  live: LiveTable | null;
  /** The form whose answers this source reads, by field key, for `form.<id>`. */
  formKeys?: Map<string, string>;
}

export interface Viewer {
  userId: string;
  seesAllFlowData: boolean;
}

/** `source` as a FROM item with alias `sql`, and the condition its rows must meet (none: ''). */
export function sourceRelation(
  source: LoadedSource,
  sql: string,
  params: SqlParams,
  viewer: Viewer,
): { from: string; live: string } {
  if (source.live) {
    return { from: `${qualifiedTable(source.live.documentId)} ${sql}`, live: `${sql}.deleted_at IS NULL` };
  }
  const visible = visibleInstanceSql(params, viewer);
  if (source.id === systemSourceIds.flowInstances)
    return { from: `(${instancesSql(visible)}) ${sql}`, live: '' };
  const answers = [...(source.formKeys ?? [])].map(
    ([fieldId, key]) => `${answerSql(source.table, fieldId, key, params)} AS ${col(fieldId)}`,
  );
  const formId = formIdOfSource(source.id);
  const onlyForm = formId
    ? ` AND t.task_form_id = ${params.add(formId, 'uuid')} AND t.status = 'completed'`
    : '';
  if (!isSystemSource(source.id) && !formId) throw new Error(`Not a source: ${source.id}`);
  return { from: `(${tasksSql(visible, answers)}${onlyForm}) ${sql}`, live: '' };
}

const col = (fieldId: string) => quoteIdent(columnIdent(fieldId));
const hours = (later: string, earlier: string) =>
  `(extract(epoch FROM ${later} - ${earlier}) / 3600)::float8`;

// Participation, as the portal's own instance list has it (api flows/task-access.ts).
function visibleInstanceSql(params: SqlParams, viewer: Viewer): string {
  if (viewer.seesAllFlowData) return 'TRUE';
  const me = params.add(viewer.userId, 'uuid');
  return `(i.requester_id = ${me} OR EXISTS (SELECT 1 FROM tasks vt WHERE vt.instance_id = i.id AND (vt.assignee_id = ${me} OR vt.completed_by_id = ${me} OR vt.candidate_ids @> ARRAY[${me}])))`;
}

// The requester's department when the instance started.
const departmentSql = `(SELECT dep.name FROM position_assignments pa JOIN positions pos ON pos.id = pa.position_id JOIN departments dep ON dep.id = pos.department_id WHERE pa.user_id = i.requester_id AND pa.valid_from <= i.created_at AND (pa.valid_to IS NULL OR pa.valid_to > i.created_at) ORDER BY pa.valid_from DESC LIMIT 1)`;

function instancesSql(visible: string): string {
  const columns = [
    'i.id',
    `d.name AS ${col('flow')}`,
    `i.version_number::float8 AS ${col('flowVersion')}`,
    `i.status::text AS ${col('status')}`,
    `i.requester_id AS ${col('requester')}`,
    `ru.name AS ${col('requesterName')}`,
    `${departmentSql} AS ${col('department')}`,
    `i.created_at AS ${col('startedAt')}`,
    `i.finished_at AS ${col('finishedAt')}`,
    `${hours('i.finished_at', 'i.created_at')} AS ${col('durationHours')}`,
  ];
  return `SELECT ${columns.join(', ')} FROM flow_instances i JOIN documents d ON d.id = i.document_id JOIN users ru ON ru.id = i.requester_id WHERE ${visible}`;
}

function tasksSql(visible: string, answers: string[]): string {
  const columns = [
    't.id',
    `t.name AS ${col('name')}`,
    `d.name AS ${col('flow')}`,
    `t.status::text AS ${col('status')}`,
    `t.assignee_id AS ${col('assignee')}`,
    `au.name AS ${col('assigneeName')}`,
    `t.completed_by_id AS ${col('completedBy')}`,
    `cu.name AS ${col('completedByName')}`,
    `t.created_at AS ${col('createdAt')}`,
    `t.due_at AS ${col('dueAt')}`,
    `t.completed_at AS ${col('completedAt')}`,
    `${hours('t.completed_at', 't.created_at')} AS ${col('durationHours')}`,
    `(t.due_at IS NOT NULL AND coalesce(t.completed_at, statement_timestamp()) > t.due_at) AS ${col('slaBreached')}`,
    `t.instance_id AS ${col('instance')}`,
    ...answers,
  ];
  return `SELECT ${columns.join(', ')} FROM tasks t JOIN flow_instances i ON i.id = t.instance_id JOIN documents d ON d.id = i.document_id LEFT JOIN users au ON au.id = t.assignee_id LEFT JOIN users cu ON cu.id = t.completed_by_id WHERE ${visible}`;
}

// An answer from the task's JSON data as a value of its field's column type (the key is a parameter).
function answerSql(table: Table, fieldId: string, key: string, params: SqlParams): string {
  const field = table.fields.find((candidate) => candidate.id === fieldId) as TableField;
  const type = fieldSqlType(field as FieldDefinition);
  const name = params.add(key, 'text');
  if (type.endsWith('[]')) {
    const list = `CASE WHEN jsonb_typeof(t.data -> ${name}) = 'array' THEN t.data -> ${name} ELSE '[]'::jsonb END`;
    return `ARRAY(SELECT jsonb_array_elements_text(${list}))::${type}`;
  }
  return `(t.data ->> ${name})::${type}`;
}
