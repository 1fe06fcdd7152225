import { expect } from 'vitest';
import type * as Y from 'yjs';
import type { ValidationResult } from '../issues';

/** All replicas read the same JSON, and it is a valid document. */
export function expectConvergedAndValid(
  docs: Y.Doc[],
  read: (doc: Y.Doc) => unknown,
  validate: (json: unknown) => ValidationResult<unknown>,
): unknown {
  const [first, ...others] = docs.map(read);
  for (const other of others) expect(other).toEqual(first);
  const result = validate(first);
  expect(result.ok ? [] : result.issues).toEqual([]);
  return first;
}
