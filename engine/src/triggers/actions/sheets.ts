import { googleApiUrl, mapEventValues, readFieldPath } from '@erp/shared';
import { PermanentActionError } from '../action-errors';
import type { ActionHandler, ActionInput } from './action';
import { providerUrlsOf, sessionFor } from './connected';

// Rows of a Google Sheet, addressed by the headers in row 1. Values are written RAW: text from an event that
// starts with "=" stays text and never becomes a formula (IMPORTXML, HYPERLINK…) in someone's sheet.

const maxUpdatedRows = 500;
type SheetAction = Pick<ActionInput<'sheetsAppendRow'>, 'services'> & {
  action: { sheet: string; spreadsheetId: string };
};

const cell = (value: unknown): string | number | boolean =>
  value === null || value === undefined
    ? ''
    : typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
      ? value
      : JSON.stringify(value);

function columnName(index: number): string {
  let name = '';
  for (let rest = index + 1; rest > 0; rest = Math.floor((rest - 1) / 26)) {
    name = String.fromCharCode(65 + ((rest - 1) % 26)) + name;
  }
  return name;
}

function sheetApi(input: SheetAction) {
  const { action, services } = input;
  const range = (a1: string) => encodeURIComponent(`'${action.sheet}'${a1}`);
  const base = `/v4/spreadsheets/${encodeURIComponent(action.spreadsheetId)}/values`;
  return {
    url: (path: string) => googleApiUrl(providerUrlsOf(services), 'sheets', `${base}${path}`),
    range,
  };
}

// Header → column index; a mapped header the sheet lacks is an error a person must fix in the trigger.
function columnsOf(header: string[], wanted: string[], sheet: string): Map<string, number> {
  const columns = new Map(header.map((name, index) => [name.trim(), index]));
  const missing = wanted.filter((name) => !columns.has(name));
  if (missing.length > 0) {
    throw new PermanentActionError(
      `The sheet "${sheet}" has no column ${missing.map((name) => `"${name}"`).join(', ')} in row 1.`,
    );
  }
  return columns;
}

export const sheetsAppendRow: ActionHandler<'sheetsAppendRow'> = async (input) => {
  const { action, context } = input;
  const api = sheetApi(input);
  const session = await sessionFor(input, 'google');
  const header = await session.call<{ values?: string[][] }>({
    method: 'GET',
    url: api.url(`/${api.range('!1:1')}`),
  });
  const columns = columnsOf(header.values?.[0] ?? [], Object.keys(action.values), action.sheet);
  const mapped = mapEventValues(action.values, context);
  const row: (string | number | boolean)[] = Array.from({ length: columns.size }, () => '');
  for (const [name, index] of columns) row[index] = cell(mapped[name]);
  const appended = await session.call<{ updates?: { updatedRange?: string } }>({
    method: 'POST',
    url: api.url(`/${api.range('!A1')}:append?valueInputOption=RAW&insertDataOption=INSERT_ROWS`),
    body: { majorDimension: 'ROWS', values: [row] },
  });
  return { updatedRange: appended.updates?.updatedRange ?? null, calls: [...session.calls] };
};

export const sheetsUpdateRows: ActionHandler<'sheetsUpdateRows'> = async (input) => {
  const { action, context } = input;
  const match =
    action.matchValue.type === 'path'
      ? readFieldPath(context, action.matchValue.path)
      : action.matchValue.value;
  // A missing value never means "every row".
  if (match === undefined || match === null || match === '') {
    throw new PermanentActionError(
      `The value to match in "${action.matchColumn}" is missing from the event.`,
    );
  }
  const api = sheetApi(input);
  const session = await sessionFor(input, 'google');
  const sheet = await session.call<{ values?: string[][] }>({
    method: 'GET',
    url: api.url(`/${api.range('')}`),
  });
  const [header = [], ...rows] = sheet.values ?? [];
  const columns = columnsOf(header, [action.matchColumn, ...Object.keys(action.values)], action.sheet);
  const matchIndex = columns.get(action.matchColumn) ?? 0;
  const matching = rows.flatMap((row, offset) =>
    String(row[matchIndex] ?? '') === String(cell(match)) ? [offset + 2] : [],
  );
  if (matching.length > maxUpdatedRows) {
    throw new PermanentActionError(
      `${matching.length} rows match; more than ${maxUpdatedRows} are not updated at once.`,
    );
  }
  const mapped = mapEventValues(action.values, context);
  const data = matching.flatMap((rowNumber) =>
    Object.keys(action.values).map((name) => ({
      range: `'${action.sheet}'!${columnName(columns.get(name) ?? 0)}${rowNumber}`,
      values: [[cell(mapped[name])]],
    })),
  );
  if (data.length > 0) {
    await session.call({
      method: 'POST',
      url: api.url(':batchUpdate'),
      body: { valueInputOption: 'RAW', data },
    });
  }
  return { updatedRows: matching, calls: [...session.calls] };
};
