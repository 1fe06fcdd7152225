/** What a step submitted, read-only: each answer by its field key. */
export function AnswerList({ title, data }: { title: string; data: Record<string, unknown> }) {
  const entries = Object.entries(data);
  return (
    <div className="mt-3">
      <h3 className="text-sm font-medium text-neutral-800">{title}</h3>
      {entries.length === 0 ? (
        <p className="text-sm text-neutral-500">No answers.</p>
      ) : (
        <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
          {entries.map(([key, value]) => (
            <div key={key} className="contents">
              <dt className="text-neutral-500">{key}</dt>
              <dd className="break-words text-neutral-800">{formatAnswer(value)}</dd>
            </div>
          ))}
        </dl>
      )}
    </div>
  );
}

function formatAnswer(value: unknown): string {
  if (value === true) return 'Yes';
  if (value === false) return 'No';
  if (Array.isArray(value)) return value.map(formatAnswer).join(', ');
  if (value === null || value === undefined) return '—';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}
