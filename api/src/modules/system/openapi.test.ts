import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createConfig, lintFromString } from '@redocly/openapi-core';
import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { allRoutes } from '../../routes';
import { buildOpenApiDocument } from './openapi';

// What /api/openapi.json serves.
const document = buildOpenApiDocument(allRoutes);

describe('the OpenAPI document as other tools see it', () => {
  it("passes Redocly's recommended rules", async () => {
    const config = await createConfig({ extends: ['recommended'] });
    const problems = await lintFromString({ source: JSON.stringify(document), config });
    const found = problems
      // The project has not chosen a license yet: nothing to declare.
      .filter((problem) => problem.ruleId !== 'info-license')
      .map(
        (problem) =>
          `${problem.severity} ${problem.ruleId}: ${problem.message} at ${problem.location[0]?.pointer}`,
      );
    expect(found).toEqual([]);
  });

  it('declares security, an operationId and the error responses on every operation', () => {
    const operations = Object.values(document.paths).flatMap((item) => Object.values(item));
    expect(operations.length).toBe(allRoutes.length);
    expect(new Set(operations.map((operation) => operation.operationId)).size).toBe(operations.length);
    for (const operation of operations) {
      expect(Object.keys(operation.responses).some((status) => status.startsWith('4'))).toBe(true);
    }
    expect(document.paths['/api/users/{id}']?.patch?.operationId).toBe('patchUsersById');
    expect(document.components.securitySchemes).toHaveProperty('bearer');
  });

  it('generates a TypeScript client that compiles, recursive hierarchy tree included', async () => {
    const source = astToString(await openapiTS(structuredClone(document) as never));
    expect(source).toContain('getHierarchyTree');
    const folder = await mkdtemp(path.join(tmpdir(), 'erp-openapi-'));
    try {
      const file = path.join(folder, 'api.d.ts');
      await writeFile(file, source);
      // The generated types need nothing beyond ES5's lib; loading no more keeps the compile quick.
      const options = { strict: true, noEmit: true, lib: ['lib.es5.d.ts'], types: [] };
      const program = ts.createProgram([file], options);
      const diagnostics = ts
        .getPreEmitDiagnostics(program)
        .map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
      expect(diagnostics).toEqual([]);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  }, 120_000);
});
