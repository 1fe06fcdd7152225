import type { DocumentSummary } from '@erp/shared/api/documents';
import { type DocumentKind, documentKinds } from '@erp/shared/ids';
import { ChevronRight, ScrollText, Users } from 'lucide-react';
import { Link } from 'react-router';
import * as documentsApi from '../../api/documents';
import { useApi } from '../../api/use-api';
import { adminRoles, canEditDocuments, isAllowed } from '../../app/access';
import { useUser } from '../../app/session';
import { ErrorAlert } from '../../ui/alert';
import { Card, CardHeader } from '../../ui/card';
import { PageHeader } from '../../ui/page-header';
import { RelativeTime } from '../../ui/relative-time';
import { LoadingState } from '../../ui/spinner';
import { hasBuilder } from '../builders/builder-kinds';
import { documentKindInfo, documentListPath, documentPath } from '../documents/document-kinds';

const recentCount = 6;

export function DashboardPage() {
  const user = useUser();
  const documents = useApi('dashboard', (signal) =>
    documentsApi.listDocuments({ limit: recentCount }, signal),
  );
  const counts = useApi('dashboard-counts', (signal) => documentsApi.countDocuments(signal));
  const firstName = user.name.split(/\s+/)[0] ?? user.name;
  const canEdit = canEditDocuments(user.roles);

  return (
    <>
      <PageHeader
        title={`Welcome, ${firstName}`}
        description={
          canEdit
            ? 'Design your company’s processes here: task forms, flows, triggers, tables and reports.'
            : 'Here you can read everything that is being built, and review it before it goes live.'
        }
      />

      {counts.error !== undefined && (
        <ErrorAlert
          className="mb-6"
          error={counts.error}
          title="The counts could not be loaded"
          onRetry={counts.reload}
        />
      )}

      <section aria-labelledby="builders-heading">
        <h2 id="builders-heading" className="sr-only">
          Builders
        </h2>
        <ul className="grid gap-4 sm:grid-cols-2 xl:grid-cols-3">
          {documentKinds.map((kind) => (
            <li key={kind}>
              <KindCard kind={kind} count={counts.data?.counts[kind]} />
            </li>
          ))}
        </ul>
      </section>

      <div className="mt-8 grid items-start gap-6 lg:grid-cols-3">
        <Card className="lg:col-span-2">
          <CardHeader
            title={canEdit ? 'Recently changed' : 'The latest changes to read'}
            description={
              canEdit
                ? 'The latest edits across all builders.'
                : 'What developers changed last, newest first. Open one to read it as it is now.'
            }
          />
          {documents.error !== undefined ? (
            <ErrorAlert
              className="m-5"
              error={documents.error}
              title="The latest documents could not be loaded"
              onRetry={documents.reload}
            />
          ) : documents.data ? (
            <RecentDocuments documents={documents.data.items} canEdit={canEdit} />
          ) : (
            <LoadingState />
          )}
        </Card>
        {!canEdit && <ReviewerGuide />}
        {isAllowed(user.roles, adminRoles) && (
          <Card>
            <CardHeader title="Administration" />
            <ul className="divide-y divide-neutral-100">
              <QuickLink to="/console/users" icon={Users} label="Users" hint="Accounts and roles" />
              <QuickLink
                to="/console/audit"
                icon={ScrollText}
                label="Audit log"
                hint="Who changed what, when"
              />
            </ul>
          </Card>
        )}
      </div>
    </>
  );
}

/** What a reviewer does here, and what is still to come for them. */
function ReviewerGuide() {
  return (
    <Card>
      <CardHeader title="Reviewing" />
      <div className="space-y-3 px-5 py-4 text-sm text-neutral-600">
        <p>
          You can open every task form, flow and table being built and read it as it is now, including while
          developers edit it. You cannot change anything.
        </p>
        <p>Versions waiting for your approval will be listed here once publishing arrives.</p>
      </div>
    </Card>
  );
}

function KindCard({ kind, count }: { kind: DocumentKind; count: number | undefined }) {
  const { icon: Icon, title, summary } = documentKindInfo[kind];
  return (
    <Link
      to={documentListPath(kind)}
      className="group flex h-full flex-col rounded-lg border border-neutral-200 bg-white p-5 shadow-xs transition hover:border-indigo-300 hover:shadow-sm"
    >
      <div className="flex items-center justify-between">
        <span className="flex size-10 items-center justify-center rounded-lg bg-indigo-50 text-indigo-600">
          <Icon className="size-5" aria-hidden="true" />
        </span>
        <span className="text-2xl font-semibold text-neutral-900 tabular-nums">{count ?? '–'}</span>
      </div>
      <h3 className="mt-4 font-semibold text-neutral-900 group-hover:text-indigo-700">{title}</h3>
      <p className="mt-1 text-sm text-neutral-600">{summary}</p>
      {!hasBuilder(kind) && (
        <p className="mt-2 text-xs font-medium text-neutral-500">Builder not available yet</p>
      )}
    </Link>
  );
}

// Already newest first and at most `recentCount` long: the API orders documents by their last change.
function RecentDocuments({ documents, canEdit }: { documents: DocumentSummary[]; canEdit: boolean }) {
  if (documents.length === 0) {
    return (
      <p className="px-5 py-8 text-sm text-neutral-500">
        Nothing has been built yet.{' '}
        {canEdit ? (
          <Link to={documentListPath('taskForm')} className="font-medium text-indigo-700 hover:underline">
            Start with a task form
          </Link>
        ) : (
          'When developers create task forms and flows, they appear here for you to read.'
        )}
      </p>
    );
  }
  return (
    <ul className="divide-y divide-neutral-100">
      {documents.map((document) => {
        const { icon: Icon, singular } = documentKindInfo[document.kind];
        return (
          <li key={document.id}>
            <Link
              to={documentPath(document.kind, document.id)}
              className="flex items-center gap-3 px-5 py-3 text-sm hover:bg-neutral-50"
            >
              <Icon className="size-4 shrink-0 text-neutral-400" aria-hidden="true" />
              <span className="min-w-0 flex-1">
                <span className="block truncate font-medium text-neutral-900">{document.name}</span>
                <span className="text-neutral-500">
                  {singular} · <RelativeTime iso={document.updatedAt} /> by {document.updatedBy.name}
                </span>
              </span>
              <ChevronRight className="size-4 text-neutral-300" aria-hidden="true" />
            </Link>
          </li>
        );
      })}
    </ul>
  );
}

function QuickLink({
  to,
  icon: Icon,
  label,
  hint,
}: {
  to: string;
  icon: typeof Users;
  label: string;
  hint: string;
}) {
  return (
    <li>
      <Link to={to} className="flex items-center gap-3 px-5 py-3 text-sm hover:bg-neutral-50">
        <Icon className="size-4 text-neutral-400" aria-hidden="true" />
        <span className="flex-1">
          <span className="block font-medium text-neutral-900">{label}</span>
          <span className="text-neutral-500">{hint}</span>
        </span>
        <ChevronRight className="size-4 text-neutral-300" aria-hidden="true" />
      </Link>
    </li>
  );
}
