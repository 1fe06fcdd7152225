import { describe, expect, it } from 'vitest';
import { formatRelativeTime, initials } from './format';

describe('formatRelativeTime', () => {
  const now = Date.parse('2026-03-10T12:00:00Z');
  it.each([
    ['2026-03-10T11:59:50Z', 'just now'],
    ['2026-03-10T11:55:00Z', '5 minutes ago'],
    ['2026-03-10T09:00:00Z', '3 hours ago'],
    ['2026-03-09T12:00:00Z', 'yesterday'],
    ['2025-12-10T12:00:00Z', '3 months ago'],
  ])('%s is "%s"', (iso, expected) => {
    expect(formatRelativeTime(iso, now)).toBe(expected);
  });
});

describe('initials', () => {
  it.each([
    ['Grace Hopper', 'GH'],
    ['ada  lovelace byron', 'AL'],
    ['Linus', 'L'],
    ['', ''],
  ])('%s is "%s"', (name, expected) => {
    expect(initials(name)).toBe(expected);
  });
});
