import { loginInputSchema } from '@erp/shared/api/auth';
import { useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { parseForm, splitFormError } from '../../api/client';
import { useAction } from '../../api/use-api';
import { ErrorAlert } from '../../ui/alert';
import { Button } from '../../ui/button';
import { TextField } from '../../ui/field';
import { Form } from '../../ui/form';
import { LoadingState } from '../../ui/spinner';
import { homePath, safeNextPath } from '../access';
import { useSession } from '../session';
import { AuthLayout } from './auth-layout';

export function LoginPage() {
  const { state, signIn } = useSession();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const next = safeNextPath(params.get('next'));
  const submit = useAction(async () => {
    const user = await signIn(parseForm(loginInputSchema, { email, password }));
    navigate(next ?? homePath(user.roles), { replace: true });
  });
  const { fieldErrors, formError } = splitFormError(submit.error, ['email', 'password']);

  if (state.status === 'loading') return <LoadingState className="min-h-screen" />;
  if (state.status === 'needsSetup') return <Navigate to="/setup" replace />;
  if (state.status === 'signedIn' && !submit.isPending) {
    return <Navigate to={next ?? homePath(state.user.roles)} replace />;
  }

  return (
    <AuthLayout title="Sign in" description="Use the email and password your administrator gave you.">
      <Form onSubmit={() => void submit.run()}>
        {params.get('expired') && !submit.error && (
          <p role="status" className="rounded-md bg-indigo-50 px-3 py-2.5 text-sm text-indigo-800">
            Your session has ended. Sign in again to continue where you were.
          </p>
        )}
        {state.status === 'error' && <ErrorAlert error={state.error} title="The server cannot be reached" />}
        <TextField
          label="Email"
          type="email"
          name="email"
          autoComplete="username"
          required
          autoFocus
          value={email}
          onChange={(event) => setEmail(event.target.value)}
          error={fieldErrors.email}
        />
        <TextField
          label="Password"
          type="password"
          name="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          error={fieldErrors.password}
        />
        {formError !== undefined && <ErrorAlert error={formError} title="You are not signed in" />}
        <Button type="submit" variant="primary" className="w-full" isPending={submit.isPending}>
          Sign in
        </Button>
      </Form>
    </AuthLayout>
  );
}
