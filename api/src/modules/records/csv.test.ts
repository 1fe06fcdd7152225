import { csvCell, formatCsvRow } from '@erp/shared';
import { describe, expect, it } from 'vitest';
import { csvText, parseCsv } from './csv';

async function rowsOf(chunks: (string | Uint8Array)[], maxBytes = 1_000_000): Promise<string[][]> {
  const encoder = new TextEncoder();
  async function* source() {
    for (const chunk of chunks) yield typeof chunk === 'string' ? encoder.encode(chunk) : chunk;
  }
  const rows: string[][] = [];
  for await (const row of parseCsv(source(), maxBytes)) rows.push(row);
  return rows;
}

describe('CSV', () => {
  it('parses quotes, commas, line breaks and CRLF split anywhere across chunks', async () => {
    const text = '\uFEFFname,note\r\n"Smith, Ada","said ""hi""\nthen left"\r\nBob,\r\n\r\n';
    const expected = [
      ['name', 'note'],
      ['Smith, Ada', 'said "hi"\nthen left'],
      ['Bob', ''],
    ];
    expect(await rowsOf([text])).toEqual(expected);
    const bytes = new TextEncoder().encode(text);
    expect(await rowsOf([...bytes].map((byte) => new Uint8Array([byte])))).toEqual(expected);
  });

  it('round-trips what it formats', async () => {
    const cells = ['a,b', 'quote "x"', 'line\r\nbreak', '', 'plain ✓'];
    expect(await rowsOf([formatCsvRow(cells)])).toEqual([cells]);
  });

  it('refuses bytes that are not UTF-8, an unclosed quote and too many bytes', async () => {
    await expect(rowsOf([new Uint8Array([0x61, 0xff, 0x0a])])).rejects.toThrow(/not UTF-8/);
    await expect(rowsOf(['a,"b\n'])).rejects.toThrow(/closing "/);
    await expect(rowsOf(['a,b\n', 'c,d\n'], 5)).rejects.toThrow(/larger than/);
  });

  it('defuses text a spreadsheet would run as a formula, and takes the guard off again on import', () => {
    for (const formula of ['=HYPERLINK("http://x")', '+1+1', '-2+3', '@SUM(A1)', '\tx', '\rx']) {
      expect(csvCell(formula)).toBe(`'${formula}`);
      expect(csvText(csvCell(formula))).toBe(formula);
    }
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell("'quoted")).toBe("'quoted");
    expect(csvText("'quoted")).toBe("'quoted");
    expect(csvCell(['a', 'b'])).toBe('["a","b"]');
  });
});
