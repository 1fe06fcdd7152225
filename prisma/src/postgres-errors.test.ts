import { describe, expect, it } from 'vitest';
import { isDatabaseUnreachable, isLockTimeout, postgresErrorOf } from './postgres-errors';

// The shapes below are how pg and Prisma's pg adapter hand over what PostgreSQL said.
const pgError = (code: string, constraint?: string) =>
  Object.assign(new Error('from pg'), { code, severity: 'ERROR', constraint });
const prismaWrapped = (originalCode: string, index?: string) =>
  Object.assign(new Error('from Prisma'), {
    code: 'P2002',
    meta: { driverAdapterError: { cause: { originalCode, constraint: index ? { index } : undefined } } },
  });

describe('postgresErrorOf', () => {
  it("reads pg's own error and Prisma's wrapping of it alike", () => {
    expect(postgresErrorOf(pgError('23505', 'rows_email_key'))).toEqual({
      code: '23505',
      constraint: 'rows_email_key',
    });
    expect(postgresErrorOf(prismaWrapped('23505', 'rows_email_key'))).toEqual({
      code: '23505',
      constraint: 'rows_email_key',
    });
    expect(isLockTimeout(prismaWrapped('55P03'))).toBe(true);
    expect(isLockTimeout(pgError('55P03'))).toBe(true);
  });

  it('is null for what PostgreSQL did not say (Prisma codes, plain errors, non-errors)', () => {
    expect(postgresErrorOf(Object.assign(new Error('x'), { code: 'P2025' }))).toBeNull();
    expect(postgresErrorOf(new Error('x'))).toBeNull();
    expect(postgresErrorOf(null)).toBeNull();
    expect(isLockTimeout(pgError('23505'))).toBe(false);
  });
});

describe('isDatabaseUnreachable', () => {
  it('finds a lost connection however deep it is wrapped', () => {
    expect(isDatabaseUnreachable(pgError('57P01'))).toBe(true);
    expect(isDatabaseUnreachable(pgError('08006'))).toBe(true);
    expect(isDatabaseUnreachable(new Error('outer', { cause: { code: 'ECONNREFUSED' } }))).toBe(true);
    expect(isDatabaseUnreachable({ meta: { driverAdapterError: { kind: 'ConnectionClosed' } } })).toBe(true);
    expect(isDatabaseUnreachable(new AggregateError([new Error('a'), pgError('53300')]))).toBe(true);
    expect(isDatabaseUnreachable(new Error('Connection terminated unexpectedly'))).toBe(true);
  });

  it('is false for errors of the request itself, and ends on cyclic causes', () => {
    expect(isDatabaseUnreachable(pgError('23505'))).toBe(false);
    expect(isDatabaseUnreachable(pgError('57014'))).toBe(false);
    expect(isDatabaseUnreachable(pgError('08P01'))).toBe(false);
    const cyclic: { message: string; cause?: unknown } = { message: 'loop' };
    cyclic.cause = cyclic;
    expect(isDatabaseUnreachable(cyclic)).toBe(false);
  });
});
