import { ChevronDown, LogOut, UserRound } from 'lucide-react';
import { useState } from 'react';
import { useAction } from '../../api/use-api';
import { hasUnsyncedCopies } from '../../collab/local-copies';
import { ErrorAlert } from '../../ui/alert';
import { ConfirmDialog } from '../../ui/confirm-dialog';
import { initials } from '../../ui/format';
import { Menu, MenuHeader, MenuItem, MenuLink, MenuSeparator } from '../../ui/menu';
import { Spinner } from '../../ui/spinner';
import { roleInfo } from '../access';
import { useSession, useUser } from '../session';

export function UserMenu() {
  const user = useUser();
  const { signOut } = useSession();
  // Signing out changes the session; the route guard then shows the sign-in page.
  const signingOut = useAction(signOut);
  const [isConfirming, setIsConfirming] = useState(false);
  // Signing out deletes this browser's copies of the user's documents: edits still waiting for the server
  // would be lost, so the person decides.
  const requestSignOut = () => (hasUnsyncedCopies(user.id) ? setIsConfirming(true) : void signingOut.run());

  return (
    <div className="flex items-center gap-3">
      {signingOut.error !== null && (
        <ErrorAlert error={signingOut.error} title="Sign out did not work" className="py-2" />
      )}
      <Menu
        label={`User menu for ${user.name}`}
        triggerClassName="flex items-center gap-2 rounded-full py-1 pr-2 pl-1 text-sm text-neutral-700 hover:bg-neutral-100"
        trigger={
          <>
            <span
              aria-hidden="true"
              className="flex size-8 items-center justify-center rounded-full bg-indigo-100 text-xs font-semibold text-indigo-700"
            >
              {signingOut.isPending ? <Spinner /> : initials(user.name) || '?'}
            </span>
            <span className="hidden font-medium sm:inline">{user.name}</span>
            <ChevronDown className="size-4 text-neutral-400" aria-hidden="true" />
          </>
        }
      >
        <MenuHeader>
          <p className="truncate text-sm font-medium text-neutral-900">{user.name}</p>
          <p className="truncate text-sm text-neutral-500">{user.email}</p>
          <p className="mt-1 text-xs text-neutral-500">
            {user.roles.map((role) => roleInfo[role].label).join(' · ')}
          </p>
        </MenuHeader>
        <MenuSeparator />
        <MenuLink to="/account" icon={UserRound}>
          Account
        </MenuLink>
        <MenuItem onSelect={requestSignOut} icon={LogOut}>
          Sign out
        </MenuItem>
      </Menu>
      {isConfirming && (
        <ConfirmDialog
          title="Some edits have not reached the server"
          confirmLabel="Sign out and discard them"
          onConfirm={signOut}
          onClose={() => setIsConfirming(false)}
        >
          They are kept on this device only, and signing out deletes them. Go back online and wait until the
          document says “All changes saved”, or sign out anyway.
        </ConfirmDialog>
      )}
    </div>
  );
}
