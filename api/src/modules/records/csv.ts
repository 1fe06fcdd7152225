import { AppError, formulaStart } from '@erp/shared';

// RFC 4180 CSV, streamed: rows come out as the bytes arrive, so a file is never held whole. Bytes must be UTF-8
// (a BOM is skipped); quoted cells may hold commas, quotes ("") and line breaks.

/** The rows of a CSV byte stream; refuses invalid UTF-8 and more than `maxBytes`. */
export async function* parseCsv(
  source: AsyncIterable<Uint8Array>,
  maxBytes: number,
): AsyncGenerator<string[]> {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  let bytes = 0;
  let cell = '';
  let row: string[] = [];
  let quoted = false;
  let afterQuote = false;
  let pendingCarriageReturn = false;
  let hasContent = false;
  const decode = (chunk?: Uint8Array) => {
    try {
      return chunk ? decoder.decode(chunk, { stream: true }) : decoder.decode();
    } catch {
      throw new AppError(
        'unsupported_media_type',
        'The file is not UTF-8 text; save it as CSV UTF-8 and try again.',
      );
    }
  };
  const endCell = () => {
    row.push(cell);
    cell = '';
    afterQuote = false;
  };
  for await (const chunk of source) {
    bytes += chunk.byteLength;
    if (bytes > maxBytes)
      throw new AppError(
        'payload_too_large',
        `The file is larger than ${Math.round(maxBytes / 1024 ** 2)} MB.`,
      );
    const text = decode(chunk);
    const rows: string[][] = [];
    for (const char of text) {
      if (pendingCarriageReturn) {
        pendingCarriageReturn = false;
        if (char === '\n') continue;
      }
      if (quoted) {
        if (char === '"') {
          quoted = false;
          afterQuote = true;
        } else cell += char;
        continue;
      }
      if (char === '"') {
        // "" inside a quoted cell is one quote.
        if (afterQuote) cell += '"';
        quoted = true;
        afterQuote = false;
        hasContent = true;
      } else if (char === ',') {
        endCell();
        hasContent = true;
      } else if (char === '\n' || char === '\r') {
        pendingCarriageReturn = char === '\r';
        if (hasContent || cell !== '') {
          endCell();
          rows.push(row);
        }
        row = [];
        hasContent = false;
      } else {
        cell += char;
        afterQuote = false;
        hasContent = true;
      }
    }
    yield* rows;
  }
  decode();
  if (quoted)
    throw new AppError('invalid_input', 'The file ends inside a quoted cell: a closing " is missing.');
  if (hasContent || cell !== '') {
    endCell();
    yield row;
  }
}

/** A cell's text as it was before `csvCell` defused a formula. */
export const csvText = (cell: string): string =>
  cell.startsWith("'") && formulaStart.test(cell.slice(1)) ? cell.slice(1) : cell;
