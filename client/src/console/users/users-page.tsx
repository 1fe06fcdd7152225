import type { User } from '@erp/shared/api/auth';
import { type Role, roles } from '@erp/shared/roles';
import { Ellipsis, KeyRound, Pencil, Plus, UserRoundCheck, UserRoundX, Users } from 'lucide-react';
import { useCallback, useState } from 'react';
import { usePagedList } from '../../api/use-api';
import * as usersApi from '../../api/users';
import { roleInfo } from '../../app/access';
import { useUser } from '../../app/session';
import { useSearchParam } from '../../app/use-search-param';
import { ErrorAlert, Notice } from '../../ui/alert';
import { Badge } from '../../ui/badge';
import { Button } from '../../ui/button';
import { ConfirmDialog } from '../../ui/confirm-dialog';
import { EmptyState } from '../../ui/empty-state';
import { Menu, MenuItem, MenuSeparator } from '../../ui/menu';
import { PageHeader } from '../../ui/page-header';
import { PagedListCard } from '../../ui/paged-list-card';
import { RelativeTime } from '../../ui/relative-time';
import { SearchInput } from '../../ui/search-input';
import { Table, Td, Th } from '../../ui/table';
import { CreateUserDialog, EditUserDialog, ResetPasswordDialog } from './user-dialogs';

type Pending = { action: 'create' } | { action: 'edit' | 'password' | 'disable'; user: User } | null;

export function UsersPage() {
  const me = useUser();
  const [q, setQ] = useSearchParam('q');
  const [roleParam, setRoleParam] = useSearchParam('role');
  const role = roles.find((candidate) => candidate === roleParam);
  const [pending, setPending] = useState<Pending>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [rowError, setRowError] = useState<unknown>(null);

  const list = usePagedList(`${q}|${role ?? ''}`, (cursor, signal) =>
    usersApi.listUsers({ q: q || undefined, role, cursor }, signal),
  );

  const onSearch = useCallback((value: string) => setQ(value.trim()), [setQ]);

  const done = (message: string) => {
    setPending(null);
    setRowError(null);
    setNotice(message);
    list.reload();
  };

  const enable = async (user: User) => {
    setNotice(null);
    setRowError(null);
    try {
      await usersApi.updateUser(user.id, { disabled: false });
      done(`${user.name} can sign in again.`);
    } catch (error) {
      setRowError(error);
    }
  };

  return (
    <>
      <PageHeader
        title="Users"
        description="Who can sign in, and what each person may do."
        actions={
          <Button
            variant="primary"
            icon={<Plus className="size-4" aria-hidden="true" />}
            onClick={() => setPending({ action: 'create' })}
          >
            Add user
          </Button>
        }
      />

      <div className="mb-4 flex flex-wrap items-center gap-3">
        <SearchInput
          label="Search users by name or email"
          placeholder="Search by name or email"
          value={q}
          onSearch={onSearch}
        />
        <label className="flex items-center gap-2 text-sm text-neutral-700">
          Role
          <select
            value={role ?? ''}
            onChange={(event) => setRoleParam(event.target.value)}
            className="h-10 rounded-md border-0 bg-white px-3 text-sm shadow-xs ring-1 ring-neutral-300 ring-inset"
          >
            <option value="">All roles</option>
            {roles.map((option) => (
              <option key={option} value={option}>
                {roleInfo[option].label}
              </option>
            ))}
          </select>
        </label>
      </div>

      <div className="mb-4 space-y-3 empty:hidden">
        {notice && <Notice onDismiss={() => setNotice(null)}>{notice}</Notice>}
        {rowError !== null && <ErrorAlert error={rowError} title="That change was not saved" />}
      </div>

      <PagedListCard
        list={list}
        noun="Users"
        empty={
          <EmptyState icon={Users} title="No users match">
            <p>Try another search or role.</p>
          </EmptyState>
        }
      >
        {(users) => (
          <Table aria-busy={list.isLoading}>
            <caption className="sr-only">Users</caption>
            <thead>
              <tr>
                <Th>Name</Th>
                <Th>Roles</Th>
                <Th>Status</Th>
                <Th className="hidden md:table-cell">Added</Th>
                <Th>
                  <span className="sr-only">Actions</span>
                </Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-neutral-100">
              {users.map((user) => (
                <tr key={user.id} className="hover:bg-neutral-50">
                  <Td>
                    <div className="font-medium text-neutral-900">
                      {user.name}
                      {user.id === me.id && (
                        <span className="ml-1.5 font-normal text-neutral-500">(you)</span>
                      )}
                    </div>
                    <div className="text-neutral-500">{user.email}</div>
                  </Td>
                  <Td>
                    <div className="flex flex-wrap gap-1.5">
                      {user.roles.map((held: Role) => (
                        <Badge key={held} tone={held === 'admin' ? 'indigo' : 'neutral'}>
                          {roleInfo[held].label}
                        </Badge>
                      ))}
                    </div>
                  </Td>
                  <Td>
                    {user.disabled ? <Badge tone="red">Disabled</Badge> : <Badge tone="green">Active</Badge>}
                  </Td>
                  <Td className="hidden md:table-cell">
                    <RelativeTime iso={user.createdAt} />
                  </Td>
                  <Td className="w-12 text-right">
                    <Menu
                      label={`Actions for ${user.name}`}
                      triggerClassName="rounded-md p-1.5 text-neutral-500 hover:bg-neutral-100 hover:text-neutral-800"
                      trigger={<Ellipsis className="size-5" aria-hidden="true" />}
                    >
                      <MenuItem
                        icon={<Pencil className="size-4 text-neutral-400" aria-hidden="true" />}
                        onSelect={() => setPending({ action: 'edit', user })}
                      >
                        Edit name and roles
                      </MenuItem>
                      <MenuItem
                        icon={<KeyRound className="size-4 text-neutral-400" aria-hidden="true" />}
                        onSelect={() => setPending({ action: 'password', user })}
                      >
                        Reset password
                      </MenuItem>
                      {user.id !== me.id && <MenuSeparator />}
                      {user.id !== me.id &&
                        (user.disabled ? (
                          <MenuItem
                            icon={<UserRoundCheck className="size-4 text-neutral-400" aria-hidden="true" />}
                            onSelect={() => void enable(user)}
                          >
                            Enable
                          </MenuItem>
                        ) : (
                          <MenuItem
                            tone="danger"
                            icon={<UserRoundX className="size-4" aria-hidden="true" />}
                            onSelect={() => setPending({ action: 'disable', user })}
                          >
                            Disable
                          </MenuItem>
                        ))}
                    </Menu>
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </PagedListCard>

      {pending?.action === 'create' && (
        <CreateUserDialog
          onClose={() => setPending(null)}
          onCreated={(user) => done(`${user.name} was added.`)}
        />
      )}
      {pending?.action === 'edit' && (
        <EditUserDialog
          user={pending.user}
          onClose={() => setPending(null)}
          onSaved={(user) => done(`${user.name} was saved.`)}
        />
      )}
      {pending?.action === 'password' && (
        <ResetPasswordDialog
          user={pending.user}
          onClose={() => setPending(null)}
          onSaved={(user) => done(`The password of ${user.name} was reset.`)}
        />
      )}
      <ConfirmDialog
        isOpen={pending?.action === 'disable'}
        onClose={() => setPending(null)}
        title="Disable this account?"
        confirmLabel="Disable account"
        onConfirm={async () => {
          if (pending?.action !== 'disable') return;
          await usersApi.updateUser(pending.user.id, { disabled: true });
          done(`${pending.user.name} can no longer sign in.`);
        }}
      >
        {pending?.action === 'disable' && (
          <p>
            {pending.user.name} will be signed out and cannot sign in until an admin enables the account
            again. Their work and history stay.
          </p>
        )}
      </ConfirmDialog>
    </>
  );
}
