import { setupInputSchema } from '@erp/shared/api/auth';
import { useState } from 'react';
import { Navigate, useNavigate } from 'react-router';
import { parseForm, splitFormError } from '../../api/client';
import { useAction } from '../../api/use-api';
import { ErrorAlert } from '../../ui/alert';
import { Button } from '../../ui/button';
import { TextField } from '../../ui/field';
import { Form } from '../../ui/form';
import { LoadingState } from '../../ui/spinner';
import { homePath } from '../access';
import { useSession } from '../session';
import { AuthLayout } from './auth-layout';

/** The first visit to a new installation: the first account becomes admin and developer. */
export function SetupPage() {
  const { state, setUp } = useSession();
  const navigate = useNavigate();
  const [values, setValues] = useState({ name: '', email: '', password: '', setupCode: '' });
  const submit = useAction(async () => {
    const { setupCode, ...account } = values;
    const user = await setUp(parseForm(setupInputSchema, needsSetupCode ? values : account));
    navigate(homePath(user.roles), { replace: true });
  });
  const { fieldErrors, formError } = splitFormError(submit.error, ['name', 'email', 'password', 'setupCode']);
  const change = (field: keyof typeof values) => (event: { target: { value: string } }) =>
    setValues((current) => ({ ...current, [field]: event.target.value }));

  const needsSetupCode = state.status === 'needsSetup' && state.needsSetupCode;
  if (state.status === 'loading') return <LoadingState className="min-h-screen" />;
  if (state.status === 'signedIn' && !submit.isPending)
    return <Navigate to={homePath(state.user.roles)} replace />;
  if (state.status === 'signedOut') return <Navigate to="/login" replace />;

  return (
    <AuthLayout
      title="Create the first account"
      description="This installation has no accounts yet. The first one can manage users and build everything; you can invite others afterwards."
    >
      <Form onSubmit={() => void submit.run()}>
        <TextField
          label="Name"
          name="name"
          autoComplete="name"
          required
          autoFocus
          value={values.name}
          onChange={change('name')}
          error={fieldErrors.name}
        />
        <TextField
          label="Email"
          type="email"
          name="email"
          autoComplete="username"
          required
          value={values.email}
          onChange={change('email')}
          error={fieldErrors.email}
        />
        <TextField
          label="Password"
          type="password"
          name="password"
          autoComplete="new-password"
          required
          minLength={8}
          value={values.password}
          onChange={change('password')}
          error={fieldErrors.password}
          help="At least 8 characters. A long passphrase is best."
        />
        {needsSetupCode && (
          <TextField
            label="Setup code"
            name="setupCode"
            autoComplete="off"
            required
            value={values.setupCode}
            onChange={change('setupCode')}
            error={fieldErrors.setupCode}
            help="This server is reachable over the network, so it printed a one-time setup code to its log. Copy it from there."
          />
        )}
        {formError !== undefined && <ErrorAlert error={formError} title="The account was not created" />}
        <Button type="submit" variant="primary" className="w-full" isPending={submit.isPending}>
          Create account
        </Button>
      </Form>
    </AuthLayout>
  );
}
