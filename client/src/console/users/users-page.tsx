import type { User } from '@erp/shared/api/auth';
import { type Role, roles } from '@erp/shared/roles';
import { KeyRound, Pencil, Plus, UserRoundCheck, UserRoundX, Users } from 'lucide-react';
import { useCallback, useState } from 'react';
import { usePagedList } from '../../api/use-api';
import * as usersApi from '../../api/users';
import { roleInfo } from '../../app/access';
import { useUser } from '../../app/session';
import { useSearchParam } from '../../app/use-search-param';
import { FeedbackArea, useFeedback } from '../../ui/alert';
import { Badge } from '../../ui/badge';
import { Button } from '../../ui/button';
import { ConfirmDialog } from '../../ui/confirm-dialog';
import { EmptyState } from '../../ui/empty-state';
import { inputClasses } from '../../ui/field';
import { MenuItem, MenuSeparator, RowMenu } from '../../ui/menu';
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
  const feedback = useFeedback();

  const list = usePagedList(`${q}|${role ?? ''}`, (cursor, signal) =>
    usersApi.listUsers({ q: q || undefined, role, cursor }, signal),
  );

  const onSearch = useCallback((value: string) => setQ(value.trim()), [setQ]);

  const done = (message: string) => {
    setPending(null);
    feedback.succeed(message);
    list.reload();
  };

  const enable = (user: User) =>
    feedback.attempt(async () => {
      await usersApi.updateUser(user.id, { disabled: false });
      list.reload();
      return `${user.name} can sign in again.`;
    });

  return (
    <>
      <PageHeader
        title="Users"
        description="Who can sign in, and what each person may do."
        actions={
          <Button variant="primary" icon={Plus} onClick={() => setPending({ action: 'create' })}>
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
            className={`${inputClasses} w-auto`}
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

      <FeedbackArea feedback={feedback} />

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
                    <RowMenu label={`Actions for ${user.name}`}>
                      <MenuItem icon={Pencil} onSelect={() => setPending({ action: 'edit', user })}>
                        Edit name and roles
                      </MenuItem>
                      <MenuItem icon={KeyRound} onSelect={() => setPending({ action: 'password', user })}>
                        Reset password
                      </MenuItem>
                      {user.id !== me.id && <MenuSeparator />}
                      {user.id !== me.id &&
                        (user.disabled ? (
                          <MenuItem icon={UserRoundCheck} onSelect={() => void enable(user)}>
                            Enable
                          </MenuItem>
                        ) : (
                          <MenuItem
                            tone="danger"
                            icon={UserRoundX}
                            onSelect={() => setPending({ action: 'disable', user })}
                          >
                            Disable
                          </MenuItem>
                        ))}
                    </RowMenu>
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
      {pending?.action === 'disable' && (
        <ConfirmDialog
          onClose={() => setPending(null)}
          title="Disable this account?"
          confirmLabel="Disable account"
          onConfirm={async () => {
            await usersApi.updateUser(pending.user.id, { disabled: true });
            done(`${pending.user.name} can no longer sign in.`);
          }}
        >
          <p>
            {pending.user.name} will be signed out and cannot sign in until an admin enables the account
            again. Their work and history stay.
          </p>
        </ConfirmDialog>
      )}
    </>
  );
}
