import { describe, expect, it } from 'vitest';
import { extensionOf, fileRuleProblem, formatBytes, isAllowedFileType, sanitizeFileName } from './files';

describe('file names and rules', () => {
  it('keeps the extension of a name cut to 255 characters, and never leaves a name empty', () => {
    const long = sanitizeFileName(`${'é'.repeat(400)}.docx`);
    expect([...long]).toHaveLength(255);
    expect(long.endsWith('.docx')).toBe(true);
    expect(sanitizeFileName('\u0000\u0001')).toBe('file');
    expect(sanitizeFileName('a/b\\c\u200Fd.txt')).toBe('cd.txt');
  });

  it('matches allowed types by sniffed type, by family (image/*) and by extension, any case', () => {
    const png = { name: 'Photo.PNG', contentType: 'image/png' };
    expect(isAllowedFileType(png, undefined)).toBe(true);
    expect(isAllowedFileType(png, ['image/*'])).toBe(true);
    expect(isAllowedFileType(png, ['.png'])).toBe(true);
    expect(isAllowedFileType(png, ['application/pdf', '.jpg'])).toBe(false);
    expect(extensionOf('archive.tar.gz')).toBe('.gz');
    expect(extensionOf('no-extension')).toBe('');
  });

  it('names what breaks the rules in words', () => {
    const file = { name: 'big.pdf', contentType: 'application/pdf', size: 3_000_000 };
    expect(fileRuleProblem(file, { maxSizeBytes: 2_000_000 })).toBe('“big.pdf” is larger than 2 MB.');
    expect(fileRuleProblem(file, { allowedTypes: ['image/*'] })).toMatch(
      /not one of the allowed types \(image\/\*\)/,
    );
    expect(fileRuleProblem(file, { allowedTypes: ['.pdf'], maxSizeBytes: 5_000_000 })).toBeNull();
    expect([formatBytes(1), formatBytes(999), formatBytes(1_500), formatBytes(25 * 1024 ** 2)]).toEqual([
      '1 byte',
      '999 bytes',
      '1.5 KB',
      '26 MB',
    ]);
  });
});
