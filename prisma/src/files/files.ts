import { AppError, type FileRules, fileRuleProblem, type TaskForm, type TaskFormData } from '@erp/shared';
import type { Prisma } from '../generated/client';
import { type SqlRunner, sqlOf } from '../sql';

// Uploaded files: the metadata row and, apart, its bytes. A file starts unattached (only its uploader sees it);
// saving a form or record that names it attaches it there, in that save's transaction, after checking it is
// the saver's own upload (or already attached to that same place) and fits the field's rules.

type Db = Prisma.TransactionClient;

export interface NewFile {
  uploaderId: string;
  name: string;
  contentType: string;
  size: number;
  sha256: string;
  bytes: Uint8Array<ArrayBuffer>;
}

export const fileMetaSelect = {
  id: true,
  uploaderId: true,
  name: true,
  contentType: true,
  size: true,
  sha256: true,
  createdAt: true,
  attachedAt: true,
  instanceId: true,
  tableId: true,
  recordId: true,
} as const satisfies Prisma.StoredFileSelect;

export type FileMeta = Prisma.StoredFileGetPayload<{ select: typeof fileMetaSelect }>;

export async function storeFile(db: Db, file: NewFile): Promise<FileMeta> {
  const { bytes, ...meta } = file;
  return db.storedFile.create({
    data: { ...meta, content: { create: { bytes } } },
    select: fileMetaSelect,
  });
}

/** Where a file is attached: a flow instance, or a record of a table. */
export type FileTarget = { instanceId: string } | { tableId: string; recordId: string };

/** A file field of a form or table, the ids a submission names for it and the field's rules. */
export interface FileFieldValue {
  key: string;
  label: string;
  ids: string[];
  rules: FileRules | undefined;
}

/** The file fields of a checked form submission, with the ids it names. */
function formFileFields(form: Pick<TaskForm, 'fields'>, data: TaskFormData): FileFieldValue[] {
  return form.fields.flatMap((field) =>
    field.type === 'file' && Array.isArray(data[field.key])
      ? [
          {
            key: field.key,
            label: field.label || field.key,
            ids: data[field.key] as string[],
            rules: field.validation,
          },
        ]
      : [],
  );
}

function isAttachedTo(file: FileMeta, target: FileTarget): boolean {
  if ('instanceId' in target) return file.instanceId === target.instanceId;
  return file.tableId === target.tableId && file.recordId === target.recordId;
}

/**
 * Attaches the files that `fields` name to `target`, unless some field's files are not the actor's own unattached
 * uploads (nor already attached here) or break the field's rules (type, size, count): then nothing is attached
 * and the problems come back by field key, for the caller to refuse in its own error shape.
 */
export async function attachFiles(
  db: SqlRunner,
  actorId: string | null,
  target: FileTarget,
  fields: FileFieldValue[],
): Promise<Record<string, string>> {
  const ids = [...new Set(fields.flatMap((field) => field.ids))];
  if (ids.length === 0) return {};
  const sql = sqlOf(db);
  // Locked: two saves naming the same upload cannot both attach it (rows read FOR UPDATE are their latest).
  const found = await sql.query<FileMeta>(
    `SELECT id, uploader_id AS "uploaderId", name, content_type AS "contentType", size, sha256,
            created_at AS "createdAt", attached_at AS "attachedAt", instance_id AS "instanceId",
            table_id AS "tableId", record_id AS "recordId"
     FROM files WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`,
    [ids],
  );
  const byId = new Map(found.map((file) => [file.id, file]));
  const problems: Record<string, string> = {};
  for (const field of fields) {
    const problem = findProblem(field, byId, actorId, target);
    if (problem) problems[field.key] = problem;
  }
  if (Object.keys(problems).length > 0) return problems;
  const toAttach = found.filter((file) => !isAttachedTo(file, target)).map((file) => file.id);
  if (toAttach.length > 0) {
    // Only unattached files get here: the target's other columns are null already.
    const [instanceId, tableId, recordId] =
      'instanceId' in target ? [target.instanceId, null, null] : [null, target.tableId, target.recordId];
    await sql.query(
      `UPDATE files SET instance_id = $2::uuid, table_id = $3::uuid, record_id = $4::uuid,
              attached_at = $5::timestamptz
       WHERE id = ANY($1::uuid[])`,
      [toAttach, instanceId, tableId, recordId, new Date()],
    );
  }
  return {};
}

/** Attaches the files a checked form submission names to its flow instance; 422 by field key otherwise. */
export async function attachFormFiles(
  db: SqlRunner,
  actorId: string,
  instanceId: string,
  form: Pick<TaskForm, 'fields'>,
  data: TaskFormData,
): Promise<void> {
  const problems = await attachFiles(db, actorId, { instanceId }, formFileFields(form, data));
  if (Object.keys(problems).length > 0) {
    throw new AppError('validation_failed', 'Some files cannot be attached.', { fields: problems });
  }
}

function findProblem(
  field: FileFieldValue,
  byId: Map<string, FileMeta>,
  actorId: string | null,
  target: FileTarget,
): string | null {
  const { maxFiles } = field.rules ?? {};
  if (maxFiles !== undefined && field.ids.length > maxFiles) {
    return `${field.label}: attach at most ${maxFiles} file${maxFiles === 1 ? '' : 's'}.`;
  }
  for (const id of field.ids) {
    const file = byId.get(id);
    const isUsable =
      file && (isAttachedTo(file, target) || (file.attachedAt === null && file.uploaderId === actorId));
    // Someone else's file is reported exactly like a missing one: its existence is not revealed.
    if (!file || !isUsable)
      return `${field.label}: a file is missing or was not uploaded by you. Upload it again.`;
    const problem = fileRuleProblem(file, field.rules);
    if (problem) return `${field.label}: ${problem}`;
  }
  return null;
}

/** Deletes files uploaded before `before` that were never attached (a form abandoned after uploading). */
export async function purgeUnattachedFiles(db: Db, before: Date): Promise<number> {
  const { count } = await db.storedFile.deleteMany({
    where: { attachedAt: null, createdAt: { lt: before } },
  });
  return count;
}
