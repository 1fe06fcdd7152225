import type { AuditEntryView } from '@erp/shared/api/audit';
import { type DocumentKind, documentKindNames } from '@erp/shared/ids';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { documentPath } from '../documents/document-kinds';

// One audit entry told for people: who (a link to them), what they did to what (named, linked while it
// exists), and what changed.

const linkClasses = 'font-medium text-neutral-900 hover:text-indigo-700 hover:underline';

const targetNouns: Record<string, string> = {
  user: 'user',
  document: 'document',
  department: 'department',
  position: 'position',
  org_role: 'company role',
  position_assignment: 'position assignment',
  org_role_assignment: 'company role assignment',
};

/** Where a user's entry leads: the users list, searched for them. */
export function userLink(name: string): string {
  return `/console/users?q=${encodeURIComponent(name)}`;
}

export function AuditTarget({ entry }: { entry: AuditEntryView }) {
  const { target, targetType, targetId } = entry;
  const noun = targetNouns[targetType] ?? targetType;
  if (!target || !targetId) return <span className="text-neutral-500">—</span>;
  const name = target.name ?? `a ${noun}`;
  let named: ReactNode = <span className="font-medium text-neutral-900">{name}</span>;
  if (target.exists && target.kind) {
    named = (
      <Link to={documentPath(target.kind, targetId)} className={linkClasses}>
        {name}
      </Link>
    );
  } else if (target.exists && targetType === 'user' && target.name) {
    named = (
      <Link to={userLink(target.name)} className={linkClasses}>
        {name}
      </Link>
    );
  }
  return (
    <span className="break-words">
      {named}
      <span className="text-neutral-500">
        {' '}
        ({noun}
        {target.exists ? '' : ', since deleted'})
      </span>
    </span>
  );
}

function formatValue(value: unknown): string {
  if (typeof value === 'string' && value in documentKindNames)
    return documentKindNames[value as DocumentKind];
  if (value === null || value === undefined || value === '') return '—';
  if (Array.isArray(value)) return value.map(formatValue).join(', ') || '—';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

const detailLabels: Record<string, string> = {
  passwordReset: 'password reset',
  imported: 'imported from a file',
  validFrom: 'valid from',
  validTo: 'valid to',
};

/** The entry's details: each change as "from → to", other facts as "name: value"; ids are left out. */
export function AuditChanges({ details }: { details: Record<string, unknown> }) {
  const changes =
    details.changes !== null && typeof details.changes === 'object'
      ? Object.entries(details.changes as Record<string, { from?: unknown; to?: unknown }>)
      : [];
  const facts = Object.entries(details).filter(
    // The name is the target's, shown beside it already.
    ([key, value]) =>
      key !== 'changes' && key !== 'name' && !/id$/i.test(key) && value !== false && value !== undefined,
  );
  if (changes.length === 0 && facts.length === 0) return null;
  return (
    <ul className="mt-1 space-y-0.5 text-xs text-neutral-600">
      {changes.map(([key, change]) => (
        <li key={key}>
          {detailLabels[key] ?? key}: {formatValue(change?.from)} → {formatValue(change?.to)}
        </li>
      ))}
      {facts.map(([key, value]) => (
        <li key={key}>
          {detailLabels[key] ?? key}
          {value === true ? '' : `: ${formatValue(value)}`}
        </li>
      ))}
    </ul>
  );
}
