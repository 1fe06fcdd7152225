import type { User } from '@erp/shared/api/auth';
import { newPasswordSchema } from '@erp/shared/api/common';
import { createUserInputSchema, updateUserInputSchema } from '@erp/shared/api/users';
import { type Role, roles } from '@erp/shared/roles';
import { useState } from 'react';
import { z } from 'zod';
import { parseForm, splitFormError } from '../../api/client';
import { useAction } from '../../api/use-api';
import * as usersApi from '../../api/users';
import { roleInfo } from '../../app/access';
import { FormDialog } from '../../ui/dialog';
import { Checkbox, Fieldset, TextField } from '../../ui/field';

function RoleCheckboxes({
  value,
  onChange,
  error,
}: {
  value: Role[];
  onChange: (roles: Role[]) => void;
  error?: string;
}) {
  return (
    <Fieldset legend="Roles" error={error}>
      {roles.map((role) => (
        <Checkbox
          key={role}
          label={roleInfo[role].label}
          description={roleInfo[role].description}
          checked={value.includes(role)}
          onChange={(event) =>
            onChange(event.target.checked ? [...value, role] : value.filter((held) => held !== role))
          }
        />
      ))}
    </Fieldset>
  );
}

export function CreateUserDialog({
  onClose,
  onCreated,
}: {
  onClose: () => void;
  onCreated: (user: User) => void;
}) {
  const [values, setValues] = useState({ name: '', email: '', password: '', roles: ['employee'] as Role[] });
  const create = useAction(() => usersApi.createUser(parseForm(createUserInputSchema, values)));
  const { fieldErrors, formError } = splitFormError(create.error, ['name', 'email', 'password', 'roles']);
  const set = <K extends keyof typeof values>(field: K, value: (typeof values)[K]) =>
    setValues((current) => ({ ...current, [field]: value }));

  return (
    <FormDialog
      title="Add a user"
      description="Tell them their email and this first password; they can change it under Account."
      submitLabel="Add user"
      action={create}
      formError={formError}
      onClose={onClose}
      onDone={onCreated}
    >
      <TextField
        label="Name"
        autoComplete="off"
        value={values.name}
        onChange={(event) => set('name', event.target.value)}
        error={fieldErrors.name}
      />
      <TextField
        label="Email"
        type="email"
        autoComplete="off"
        value={values.email}
        onChange={(event) => set('email', event.target.value)}
        error={fieldErrors.email}
      />
      <TextField
        label="Password"
        type="password"
        autoComplete="new-password"
        value={values.password}
        onChange={(event) => set('password', event.target.value)}
        error={fieldErrors.password}
        help="At least 8 characters."
      />
      <RoleCheckboxes
        value={values.roles}
        onChange={(next) => set('roles', next)}
        error={fieldErrors.roles}
      />
    </FormDialog>
  );
}

export function EditUserDialog({
  user,
  onClose,
  onSaved,
}: {
  user: User;
  onClose: () => void;
  onSaved: (user: User) => void;
}) {
  const [name, setName] = useState(user.name);
  const [userRoles, setUserRoles] = useState<Role[]>(user.roles);
  const save = useAction(() =>
    usersApi.updateUser(user.id, parseForm(updateUserInputSchema, { name, roles: userRoles })),
  );
  const { fieldErrors, formError } = splitFormError(save.error, ['name', 'roles']);

  return (
    <FormDialog
      title={`Edit ${user.name}`}
      description={user.email}
      submitLabel="Save changes"
      action={save}
      formError={formError}
      onClose={onClose}
      onDone={onSaved}
    >
      <TextField
        label="Name"
        value={name}
        onChange={(event) => setName(event.target.value)}
        error={fieldErrors.name}
      />
      <RoleCheckboxes value={userRoles} onChange={setUserRoles} error={fieldErrors.roles} />
    </FormDialog>
  );
}

const resetPasswordSchema = z.object({ password: newPasswordSchema });

export function ResetPasswordDialog({
  user,
  onClose,
  onSaved,
}: {
  user: User;
  onClose: () => void;
  onSaved: (user: User) => void;
}) {
  const [password, setPassword] = useState('');
  const save = useAction(() => usersApi.updateUser(user.id, parseForm(resetPasswordSchema, { password })));
  const { fieldErrors, formError } = splitFormError(save.error, ['password']);

  return (
    <FormDialog
      title={`Reset the password of ${user.name}`}
      description="They will sign in with this new password. Give it to them in person or over a channel you trust."
      submitLabel="Set new password"
      action={save}
      formError={formError}
      onClose={onClose}
      onDone={onSaved}
    >
      <TextField
        label="New password"
        type="password"
        autoComplete="new-password"
        value={password}
        onChange={(event) => setPassword(event.target.value)}
        error={fieldErrors.password}
        help="At least 8 characters."
      />
    </FormDialog>
  );
}
