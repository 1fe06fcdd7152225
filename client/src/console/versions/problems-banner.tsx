import { ErrorAlert } from '../../ui/alert';
import { Button } from '../../ui/button';
import { describeIssuePath } from './issue-paths';
import type { PublishProblems } from './publish-problems';
import type { Snapshot } from './snapshot-content';

/** Above a builder after a refused publish: every problem with where it is; the builder marks the elements. */
export function ProblemsBanner({
  problems,
  draft,
  onDismiss,
}: {
  problems: PublishProblems;
  /** The draft the problems are about, to name elements as people know them. */
  draft: Snapshot;
  onDismiss: () => void;
}) {
  const count = problems.issues.length;
  return (
    <ErrorAlert title={`Publishing needs ${count === 1 ? 'one fix' : `${count} fixes`} first`}>
      <p>They are marked where they are below. Fix them, then publish again.</p>
      <ul aria-label="Publish problems" className="mt-2 space-y-1">
        {problems.issues.map((issue) => (
          <li key={`${issue.path.join('.')}:${issue.message}`}>
            <span className="font-medium">{describeIssuePath(draft, issue.path)}:</span> {issue.message}
          </li>
        ))}
      </ul>
      <Button size="sm" variant="ghost" className="mt-2" onClick={onDismiss}>
        Dismiss
      </Button>
    </ErrorAlert>
  );
}
