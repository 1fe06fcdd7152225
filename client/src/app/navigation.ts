import { documentKinds } from '@erp/shared/ids';
import { documentWriterRoles, type Role } from '@erp/shared/roles';
import {
  ChartColumnBig,
  GitBranch,
  Inbox,
  LayoutDashboard,
  type LucideIcon,
  Mail,
  MailWarning,
  Network,
  Play,
  Plug,
  ScrollText,
  Settings,
  Users,
} from 'lucide-react';
import { documentKindInfo, documentListPath } from '../console/documents/document-kinds';
import { adminRoles, consoleRoles, isAllowed } from './access';

export interface NavItem {
  to: string;
  label: string;
  icon: LucideIcon;
  /** Needs one of these roles; none means every signed-in user. */
  roles?: readonly Role[];
  /** Highlight only on this exact path (the dashboard, whose path prefixes every console page). */
  isEnd?: boolean;
}

export interface NavSection {
  label: string;
  roles?: readonly Role[];
  items: NavItem[];
}

export const navigation: NavSection[] = [
  {
    label: 'Console',
    roles: consoleRoles,
    items: [
      { to: '/console', label: 'Dashboard', icon: LayoutDashboard, isEnd: true },
      ...documentKinds.map((kind) => ({
        to: documentListPath(kind),
        label: documentKindInfo[kind].title,
        icon: documentKindInfo[kind].icon,
      })),
      // The company structure is read by those who build (the flow builder's pickers) and changed by admins.
      { to: '/console/hierarchy', label: 'Hierarchy', icon: Network, roles: documentWriterRoles },
      { to: '/console/integrations', label: 'Integrations', icon: Plug },
      // What the engine sent and could not send: for those who build (the API answers reviewers 403).
      { to: '/console/outbox', label: 'Outbox', icon: Mail, roles: documentWriterRoles },
      { to: '/console/dead-letters', label: 'Dead letters', icon: MailWarning, roles: documentWriterRoles },
      { to: '/console/users', label: 'Users', icon: Users, roles: adminRoles },
      { to: '/console/audit', label: 'Audit log', icon: ScrollText, roles: adminRoles },
      { to: '/console/settings', label: 'Settings', icon: Settings, roles: adminRoles },
    ],
  },
  {
    label: 'Portal',
    items: [
      { to: '/portal/inbox', label: 'Inbox', icon: Inbox },
      { to: '/portal/start', label: 'Start a flow', icon: Play },
      { to: '/portal/flows', label: 'My flows', icon: GitBranch },
      { to: '/portal/reports', label: 'Reports', icon: ChartColumnBig },
      { to: '/portal/dashboard', label: 'My dashboard', icon: LayoutDashboard },
    ],
  },
];

/** The sections and items a user's roles allow; empty sections disappear. */
export function visibleNavigation(
  userRoles: readonly Role[],
  sections: NavSection[] = navigation,
): NavSection[] {
  return sections
    .filter((section) => isAllowed(userRoles, section.roles))
    .map((section) => ({
      ...section,
      items: section.items.filter((item) => isAllowed(userRoles, item.roles)),
    }))
    .filter((section) => section.items.length > 0);
}
