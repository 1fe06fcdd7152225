import { PrismaPg } from '@prisma/adapter-pg';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import { SchemaEngine } from '@prisma/schema-engine-wasm';

const emptyFilter = { externalTables: [], externalEnums: [] };

/**
 * SQL that takes a database from the `from` Prisma schema to the `to` schema ('' when nothing changes).
 * Uses the schema engine compiled to wasm: the native one is downloaded at run time, which fails offline.
 * The engine insists on a live connection even for a datamodel-to-datamodel diff (it changes nothing there),
 * so `connectionString` names any reachable PostgreSQL.
 */
export async function diffSchemas(
  connectionString: string,
  from: string | null,
  to: string,
): Promise<string> {
  const adapter = bindMigrationAwareSqlAdapterFactory(new PrismaPg({ connectionString }));
  const engine = await SchemaEngine.new({ datamodels: undefined }, () => {}, adapter);
  try {
    const result = await engine.diff({
      from:
        from === null
          ? { tag: 'empty' }
          : { tag: 'schemaDatamodel', files: [{ path: 'schema.prisma', content: from }] },
      to: { tag: 'schemaDatamodel', files: [{ path: 'schema.prisma', content: to }] },
      script: true,
      exitCode: null,
      filters: emptyFilter,
    });
    const sql = result.stdout ?? '';
    return sql.includes('This is an empty migration.') ? '' : sql;
  } finally {
    engine.free();
  }
}
