import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

// The package dependency rules (docs/decisions/0001) live in biome.json; these probes prove Biome enforces them.
const root = path.resolve(import.meta.dirname, '..');
const biome = path.join(root, 'node_modules/.bin/biome');

async function restrictedImportsIn(folder: string, source: string, suffix = '.ts'): Promise<number> {
  const file = path.join(root, folder, `import-probe-${randomBytes(4).toString('hex')}${suffix}`);
  await writeFile(file, `import { probe } from '${source}';\nexport const used = probe;\n`);
  try {
    const { stdout, stderr } = await promisify(execFile)(biome, ['lint', file], { cwd: root }).catch(
      (error: { stdout: string; stderr: string }) => error,
    );
    return `${stdout}${stderr}`.split('lint/style/noRestrictedImports').length - 1;
  } finally {
    await rm(file, { force: true });
  }
}

describe('import rules between packages', () => {
  it.each([
    ['api/src', 'yjs'],
    ['api/src', '@erp/shared/documents'],
    ['api/src', '@erp/shared/testing'],
    ['api/src', '@erp/collab-server'],
    ['api/src', '@erp/engine'],
    ['engine/src', 'yjs'],
    ['engine/src', '@erp/shared/documents'],
    ['engine/src', '@erp/shared/documents/snapshot'],
    ['engine/src', '@erp/api'],
    ['engine/src', '@erp/collab-server'],
    ['collab-server/src', '@erp/api'],
    ['collab-server/src', '@erp/engine'],
  ])('Biome refuses %s importing %s', async (folder, source) => {
    expect(await restrictedImportsIn(folder, source)).toBe(1);
  });

  it.each([
    ['api/src', '@erp/shared/documents/snapshot'],
    ['api/src', '@erp/shared'],
    ['collab-server/src', '@erp/shared/documents'],
  ])('Biome allows %s importing %s', async (folder, source) => {
    expect(await restrictedImportsIn(folder, source)).toBe(0);
  });

  it('lets api tests use the real collab server', async () => {
    expect(await restrictedImportsIn('api/src', '@erp/collab-server', '.test.ts')).toBe(0);
  });
});
