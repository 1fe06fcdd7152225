import type { readTable } from '@erp/shared/documents';
import { Card, CardHeader } from '../../ui/card';

/** This table and the tables its link fields point at, with the links between them. */
export function TableDiagram({
  documentId,
  draft,
  tables,
}: {
  documentId: string;
  draft: ReturnType<typeof readTable>;
  tables: { id: string; name: string }[];
}) {
  const links = draft.fields.flatMap((field) =>
    field.type === 'link'
      ? [
          {
            field: field.name || field.key,
            targetTableId: field.targetTableId,
            isMany: field.cardinality === 'many',
          },
        ]
      : [],
  );
  const nameOf = (id: string) => tables.find((table) => table.id === id)?.name ?? 'a table not chosen yet';
  return (
    <Card>
      <CardHeader title="Links" description="This table and the tables its link fields point at." />
      {links.length === 0 ? (
        <p className="px-5 py-4 text-sm text-neutral-600">
          No links yet: add a field of type “Link to another table”.
        </p>
      ) : (
        <ul className="space-y-2 px-5 py-4 text-sm" aria-label="Links to other tables">
          {links.map((link) => (
            <li
              key={`${link.field}:${link.targetTableId}`}
              className="flex flex-wrap items-center gap-2 break-all"
            >
              <span className="rounded border border-indigo-200 bg-indigo-50 px-2 py-1 font-medium">
                {nameOf(documentId)}
              </span>
              <span aria-hidden className="text-neutral-500">
                —{link.field}→{link.isMany ? '∗' : '1'}
              </span>
              <span className="sr-only">
                links through {link.field} to {link.isMany ? 'several records' : 'one record'} of
              </span>
              <span className="rounded border border-neutral-300 bg-white px-2 py-1">
                {nameOf(link.targetTableId)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
