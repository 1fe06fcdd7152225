import type { DocumentIssue } from '@erp/shared/documents';
import { Card, CardHeader } from '../../ui/card';
import { focusIssue } from './issue-focus';

/**
 * What publishing will refuse, in every builder. Where the builder marks its controls with paths (see
 * issue-focus.ts), each problem is a button that takes you to what it is about.
 */
export function ChecksCard({
  issues,
  subject,
  canFocus = false,
}: {
  issues: readonly DocumentIssue[];
  /** What is checked, for "The form is valid." */
  subject: string;
  canFocus?: boolean;
}) {
  return (
    <Card className="min-w-0 self-start">
      <CardHeader title="Checks" description="Publishing needs these to be fixed." />
      {issues.length === 0 ? (
        <p className="px-5 py-4 text-sm text-emerald-700">The {subject} is valid.</p>
      ) : (
        <ul className="divide-y divide-neutral-100 text-sm" aria-label="Problems">
          {issues.map((issue) => {
            const text = (
              <>
                {issue.where && <span className="block font-medium text-neutral-900">{issue.where}</span>}
                <span className="block text-neutral-700">{issue.message}</span>
              </>
            );
            return (
              <li key={`${issue.path.join('.')}:${issue.message}`}>
                {canFocus ? (
                  <button
                    type="button"
                    className="block w-full px-5 py-3 text-left hover:bg-neutral-50 focus-visible:bg-neutral-50"
                    onClick={() => focusIssue(issue.path)}
                  >
                    {text}
                  </button>
                ) : (
                  <div className="px-5 py-3">{text}</div>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </Card>
  );
}
