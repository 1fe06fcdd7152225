import type { TableMigrationPreview } from '@erp/shared/api/records';

/** A table's publish preview: the migration's steps and what it found in the rows (which blocks publishing). */
export function MigrationPreview({ migration }: { migration: TableMigrationPreview }) {
  return (
    <section aria-label="Migration" className="space-y-2 text-sm">
      <h3 className="font-medium text-neutral-900">
        Migration{' '}
        {migration.fromVersion === null ? 'creating the table' : `from version ${migration.fromVersion}`}
      </h3>
      {migration.checks.length > 0 && (
        <div role="alert" className="rounded-lg border border-red-200 bg-red-50 p-3 text-red-800">
          <p className="font-medium">Publishing is refused until the rows are fixed:</p>
          <ul className="mt-1 list-disc pl-5">
            {migration.checks.map((check) => (
              <li key={`${check.kind}:${check.fieldId}`}>{check.message}</li>
            ))}
          </ul>
        </div>
      )}
      {migration.steps.length === 0 ? (
        <p className="text-neutral-600">The table's columns stay as they are.</p>
      ) : (
        <ol className="list-decimal space-y-1 pl-5 text-neutral-800">
          {migration.steps.map((step) => (
            <li key={`${step.kind}:${step.fieldId}:${step.description}`}>{step.description}</li>
          ))}
        </ol>
      )}
    </section>
  );
}
