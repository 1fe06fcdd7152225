// RFC 4180 CSV out: the records export, a dataset's export and a mailed report's attachment write the same.

// Text a spreadsheet would run as a formula (CSV injection): exported with a leading apostrophe, which
// spreadsheets show as text and an import here takes off again.
export const formulaStart = /^[=+\-@\t\r]/;

/** A value as a CSV cell: nothing for null, JSON for a list, text that looks like a formula defused. */
export const csvCell = (value: unknown): string => {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return JSON.stringify(value);
  return typeof value === 'string' && formulaStart.test(value) ? `'${value}` : String(value);
};

/** One CSV line (with CRLF) of these cells. */
export function formatCsvRow(cells: readonly string[]): string {
  return `${cells.map((cell) => (/[",\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell)).join(',')}\r\n`;
}
