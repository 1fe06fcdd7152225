import type { ImportMode, ImportResult } from '@erp/shared/api/records';
import { Upload } from 'lucide-react';
import { useRef, useState } from 'react';
import { errorMessage } from '../../api/client';
import * as recordsApi from '../../api/records';
import { Button } from '../../ui/button';
import { Dialog } from '../../ui/dialog';

/** CSV import: a preview with the rows that would fail, then the choice of all-or-nothing or the good rows. */
export function CsvImport({ documentId, onImported }: { documentId: string; onImported: () => void }) {
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = async (chosen: File, mode: ImportMode) => {
    setProgress(0);
    setError(null);
    try {
      const answer = await recordsApi.importCsv(documentId, chosen, mode, setProgress);
      setResult(answer);
      if (mode !== 'preview') onImported();
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setProgress(null);
    }
  };
  const close = () => {
    setFile(null);
    setResult(null);
    setError(null);
  };
  return (
    <>
      <input
        ref={input}
        type="file"
        accept=".csv,text/csv"
        className="sr-only"
        aria-label="CSV file to import"
        onChange={(event) => {
          const chosen = event.target.files?.[0];
          event.target.value = '';
          if (!chosen) return;
          setFile(chosen);
          void run(chosen, 'preview');
        }}
      />
      <Button variant="ghost" size="sm" icon={Upload} onClick={() => input.current?.click()}>
        Import CSV
      </Button>
      {file && (
        <Dialog title={`Import ${file.name}`} onClose={close}>
          <div className="space-y-3 text-sm" aria-live="polite">
            {progress !== null && (
              <div>
                <p>Uploading and checking… {Math.round(progress * 100)}%</p>
                <progress className="w-full" max={1} value={progress} aria-label="Upload progress" />
              </div>
            )}
            {error && <p className="text-red-700">{error}</p>}
            {result && (
              <>
                <p>
                  {result.imported > 0
                    ? `Imported ${result.imported} of ${result.rows} rows.`
                    : `${result.valid} of ${result.rows} rows can be imported.`}
                </p>
                {result.errors.length > 0 && (
                  <ul
                    className="max-h-48 list-disc overflow-auto pl-5 text-red-800"
                    aria-label="Rows with problems"
                  >
                    {result.errors.map((problem) => (
                      <li key={`${problem.row}:${problem.key}:${problem.message}`}>
                        Row {problem.row}
                        {problem.key ? `, ${problem.key}` : ''}: {problem.message}
                      </li>
                    ))}
                  </ul>
                )}
                {result.imported === 0 && (
                  <div className="flex flex-wrap gap-2">
                    <Button
                      variant="primary"
                      size="sm"
                      disabled={result.errorCount > 0}
                      onClick={() => run(file, 'all')}
                    >
                      Import all rows
                    </Button>
                    {result.errorCount > 0 && result.valid > 0 && (
                      <Button variant="ghost" size="sm" onClick={() => run(file, 'valid')}>
                        Import the {result.valid} good rows only
                      </Button>
                    )}
                  </div>
                )}
              </>
            )}
          </div>
        </Dialog>
      )}
    </>
  );
}
