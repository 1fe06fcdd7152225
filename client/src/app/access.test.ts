import type { Role } from '@erp/shared/roles';
import { describe, expect, it } from 'vitest';
import { canEditDocuments, canUseConsole, homePath, isAllowed, safeNextPath } from './access';
import { visibleNavigation } from './navigation';

const labelsFor = (roles: Role[]) =>
  visibleNavigation(roles).map((section) => [section.label, section.items.map((item) => item.label)]);

describe('route access', () => {
  it('lets builders and reviewers into the console, and only employees stay in the portal', () => {
    expect(canUseConsole(['developer'])).toBe(true);
    expect(canUseConsole(['reviewer'])).toBe(true);
    expect(canUseConsole(['admin'])).toBe(true);
    expect(canUseConsole(['employee'])).toBe(false);
    expect(homePath(['employee'])).toBe('/portal/inbox');
    expect(homePath(['employee', 'reviewer'])).toBe('/console');
  });

  it('keeps reviewers read-only', () => {
    expect(canEditDocuments(['reviewer'])).toBe(false);
    expect(canEditDocuments(['reviewer', 'developer'])).toBe(true);
  });

  it('needs one of the required roles; no requirement lets everyone in', () => {
    expect(isAllowed(['developer'], ['admin'])).toBe(false);
    expect(isAllowed(['developer', 'admin'], ['admin'])).toBe(true);
    expect(isAllowed([], undefined)).toBe(true);
  });
});

describe('navigation', () => {
  it('shows an employee the portal only', () => {
    expect(labelsFor(['employee'])).toEqual([
      ['Portal', ['Inbox', 'Start a flow', 'My flows', 'Reports', 'My dashboard']],
    ]);
  });

  it('shows a reviewer the console without the admin pages', () => {
    const [consoleSection] = labelsFor(['reviewer']);
    expect(consoleSection).toEqual([
      'Console',
      ['Dashboard', 'Tasks', 'Flows', 'Triggers', 'Database', 'Datasets', 'Integrations'],
    ]);
  });

  it('shows an admin the users and the audit log', () => {
    expect(labelsFor(['admin'])[0]?.[1]).toEqual(expect.arrayContaining(['Users', 'Audit log']));
  });

  it('shows developers the hierarchy, the outbox and the dead letters, which reviewers may not read', () => {
    expect(labelsFor(['developer'])[0]?.[1]).toEqual(
      expect.arrayContaining(['Hierarchy', 'Outbox', 'Dead letters']),
    );
  });
});

describe('safeNextPath', () => {
  it('returns to paths in this app', () => {
    expect(safeNextPath('/console/flows?q=leave')).toBe('/console/flows?q=leave');
  });

  it.each([
    null,
    '',
    'https://evil.example/',
    '//evil.example',
    '/\\evil.example',
    'console',
    '/login',
    '/setup?x=1',
  ])('refuses %s', (next) => {
    expect(safeNextPath(next)).toBeNull();
  });
});
