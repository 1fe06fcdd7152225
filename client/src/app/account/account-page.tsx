import { changePasswordInputSchema } from '@erp/shared/api/auth';
import { useState } from 'react';
import { changePassword } from '../../api/auth';
import { parseForm, splitFormError } from '../../api/client';
import { useAction } from '../../api/use-api';
import { ErrorAlert, Notice } from '../../ui/alert';
import { Badge } from '../../ui/badge';
import { Button } from '../../ui/button';
import { Card, CardHeader } from '../../ui/card';
import { TextField } from '../../ui/field';
import { Form } from '../../ui/form';
import { formatDateTime } from '../../ui/format';
import { PageHeader } from '../../ui/page-header';
import { roleInfo } from '../access';
import { useUser } from '../session';

export function AccountPage() {
  const user = useUser();
  return (
    <>
      <PageHeader title="Account" description="Your profile and password." />
      <div className="grid items-start gap-6 lg:grid-cols-2">
        <Card>
          <CardHeader title="Profile" description="An administrator can change your name and roles." />
          <dl className="divide-y divide-neutral-100 text-sm">
            <div className="px-5 py-3">
              <dt className="text-neutral-500">Name</dt>
              <dd className="mt-0.5 text-neutral-900">{user.name}</dd>
            </div>
            <div className="px-5 py-3">
              <dt className="text-neutral-500">Email</dt>
              <dd className="mt-0.5 text-neutral-900">{user.email}</dd>
            </div>
            <div className="px-5 py-3">
              <dt className="text-neutral-500">Roles</dt>
              <dd className="mt-1.5 flex flex-wrap gap-1.5">
                {user.roles.map((role) => (
                  <Badge key={role} tone="indigo">
                    {roleInfo[role].label}
                  </Badge>
                ))}
              </dd>
            </div>
            <div className="px-5 py-3">
              <dt className="text-neutral-500">Member since</dt>
              <dd className="mt-0.5 text-neutral-900">{formatDateTime(user.createdAt)}</dd>
            </div>
          </dl>
        </Card>
        <ChangePasswordCard />
      </div>
    </>
  );
}

const emptyPasswords = { currentPassword: '', newPassword: '', confirmPassword: '' };

function ChangePasswordCard() {
  const [values, setValues] = useState(emptyPasswords);
  const [isDone, setIsDone] = useState(false);
  const submit = useAction(async () => {
    const input = parseForm(
      changePasswordInputSchema
        .extend({ confirmPassword: changePasswordInputSchema.shape.newPassword })
        .refine((value) => value.newPassword === value.confirmPassword, {
          path: ['confirmPassword'],
          message: 'The two new passwords are not the same.',
        }),
      values,
    );
    await changePassword({ currentPassword: input.currentPassword, newPassword: input.newPassword });
  });
  const { fieldErrors, formError } = splitFormError(submit.error, [
    'currentPassword',
    'newPassword',
    'confirmPassword',
  ]);
  const change = (field: keyof typeof values) => (event: { target: { value: string } }) => {
    setIsDone(false);
    setValues((current) => ({ ...current, [field]: event.target.value }));
  };

  return (
    <Card>
      <CardHeader title="Change password" description="This signs you out on your other devices." />
      <Form
        className="space-y-5 p-5"
        onSubmit={async () => {
          if ((await submit.run()).ok) {
            setValues(emptyPasswords);
            setIsDone(true);
          }
        }}
      >
        <TextField
          label="Current password"
          type="password"
          autoComplete="current-password"
          value={values.currentPassword}
          onChange={change('currentPassword')}
          error={fieldErrors.currentPassword}
        />
        <TextField
          label="New password"
          type="password"
          autoComplete="new-password"
          value={values.newPassword}
          onChange={change('newPassword')}
          error={fieldErrors.newPassword}
          help="At least 8 characters."
        />
        <TextField
          label="Repeat the new password"
          type="password"
          autoComplete="new-password"
          value={values.confirmPassword}
          onChange={change('confirmPassword')}
          error={fieldErrors.confirmPassword}
        />
        {formError !== undefined && <ErrorAlert error={formError} title="The password was not changed" />}
        {isDone && <Notice>Your password was changed. Your other sessions were signed out.</Notice>}
        <Button type="submit" variant="primary" isPending={submit.isPending}>
          Change password
        </Button>
      </Form>
    </Card>
  );
}
