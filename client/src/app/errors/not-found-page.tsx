import { FileQuestionMark } from 'lucide-react';
import { Link, useLocation } from 'react-router';
import { buttonClasses } from '../../ui/button';
import { homePath } from '../access';
import { useUser } from '../session';
import { StatusPage } from './status-page';

export function NotFoundPage() {
  const user = useUser();
  const { pathname } = useLocation();
  return (
    <StatusPage
      code="404"
      icon={FileQuestionMark}
      title="This page does not exist"
      actions={
        <Link to={homePath(user.roles)} className={buttonClasses('primary')}>
          Go to your start page
        </Link>
      }
    >
      <p>Nothing lives at this address. The link may be old, or the address mistyped:</p>
      <p className="mt-2">
        <code className="rounded bg-neutral-100 px-1.5 py-0.5 break-all text-neutral-800">{pathname}</code>
      </p>
    </StatusPage>
  );
}
