import type { Role } from '@erp/shared/roles';
import type { ReactNode } from 'react';
import { Navigate, Outlet, useLocation } from 'react-router';
import { ErrorAlert } from '../ui/alert';
import { LoadingState } from '../ui/spinner';
import { isAllowed } from './access';
import { ForbiddenPage } from './errors/forbidden-page';
import { useSession } from './session';

/** Everything below needs a signed-in user; others go to sign-in (or setup) and come back afterwards. */
export function RequireSession() {
  const { state, refresh } = useSession();
  const location = useLocation();
  switch (state.status) {
    case 'loading':
      return <LoadingState label="Loading your session…" className="min-h-screen" />;
    case 'error':
      return (
        <div className="mx-auto max-w-md px-6 py-24">
          <ErrorAlert error={state.error} title="ERP Builder could not start" onRetry={() => void refresh()}>
            <p>Check that the server is running, then try again.</p>
          </ErrorAlert>
        </div>
      );
    case 'needsSetup':
      return <Navigate to="/setup" replace />;
    case 'signedOut': {
      if (state.reason === 'signOut') return <Navigate to="/login" replace />;
      const next = `${location.pathname}${location.search}`;
      const query = new URLSearchParams(next === '/' ? {} : { next });
      if (state.reason === 'expired') query.set('expired', '1');
      const search = query.toString();
      return <Navigate to={search ? `/login?${search}` : '/login'} replace />;
    }
    case 'signedIn':
      return <Outlet />;
  }
}

/** A 403 page in place of the content when the user has none of the roles. */
export function RequireRoles({ roles, children }: { roles: readonly Role[]; children?: ReactNode }) {
  const { state } = useSession();
  const userRoles = state.status === 'signedIn' ? state.user.roles : [];
  if (!isAllowed(userRoles, roles)) return <ForbiddenPage roles={roles} />;
  return children ?? <Outlet />;
}
