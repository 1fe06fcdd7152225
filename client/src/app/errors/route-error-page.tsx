import { TriangleExclamationPoint } from 'lucide-react';
import { useRouteError } from 'react-router';
import { errorMessage } from '../../api/client';
import { Button } from '../../ui/button';
import { StatusPage } from './status-page';

/** What a crash in a page shows instead of a blank screen. A failed lazy import usually means a new deploy. */
export function RouteErrorPage() {
  const error = useRouteError();
  const isStaleBuild =
    error instanceof TypeError && /dynamically imported module|import/i.test(error.message);
  return (
    <StatusPage
      code="Error"
      icon={TriangleExclamationPoint}
      title={isStaleBuild ? 'ERP Builder was updated' : 'This page ran into a problem'}
      actions={
        <Button variant="primary" onClick={() => window.location.reload()}>
          Reload the page
        </Button>
      }
    >
      <p>
        {isStaleBuild
          ? 'A newer version is on the server. Reload to get it; nothing you saved is lost.'
          : `${errorMessage(error)} Reloading usually helps; if it happens again, tell your administrator what you were doing.`}
      </p>
    </StatusPage>
  );
}
