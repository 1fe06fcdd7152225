import type { Role } from '@erp/shared/roles';
import { ShieldBan } from 'lucide-react';
import { Link } from 'react-router';
import { buttonClasses } from '../../ui/button';
import { homePath, roleInfo } from '../access';
import { useUser } from '../session';
import { StatusPage } from './status-page';

export function ForbiddenPage({ roles }: { roles: readonly Role[] }) {
  const user = useUser();
  const needed = new Intl.ListFormat('en', { type: 'disjunction' }).format(
    roles.map((role) => roleInfo[role].label),
  );
  return (
    <StatusPage
      code="403"
      icon={ShieldBan}
      title="You don’t have access to this page"
      actions={
        <Link to={homePath(user.roles)} className={buttonClasses('primary')}>
          Go to your start page
        </Link>
      }
    >
      <p>
        This page needs the {needed} role. If you need it for your work, ask an administrator to add the role
        to your account.
      </p>
    </StatusPage>
  );
}
