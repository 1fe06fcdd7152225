import { describe, expect, it } from 'vitest';
import { richTextFromPlain, richTextMaxCharacters, richTextSchema, richTextToPlain } from './rich-text';

// The published rich-text contract: only the listed nodes and marks, safe links, bounded size and depth.

const paragraph = (text: string, marks?: object[]) => ({
  type: 'paragraph',
  content: [{ type: 'text', text, ...(marks ? { marks } : {}) }],
});
const doc = (...content: object[]) => ({ type: 'doc', content });

describe('rich text', () => {
  it('accepts what the editor makes and reads back as plain text, a block per line', () => {
    const text = doc(
      { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Title' }] },
      paragraph('bold', [{ type: 'bold' }, { type: 'italic' }]),
      {
        type: 'orderedList',
        attrs: { start: 1, type: null },
        content: [{ type: 'listItem', content: [paragraph('first')] }],
      },
      {
        type: 'paragraph',
        content: [{ type: 'text', text: 'a' }, { type: 'hardBreak' }, { type: 'text', text: 'b' }],
      },
    );
    expect(richTextSchema.safeParse(text).success).toBe(true);
    expect(richTextToPlain(richTextSchema.parse(text))).toBe('Title\nbold\nfirst\na\nb');
    expect(richTextToPlain(richTextFromPlain('one\ntwo'))).toBe('one\ntwo');
  });

  it('refuses scripts in links, unknown nodes and marks, and text beyond the limits', () => {
    const link = (href: string) => doc(paragraph('x', [{ type: 'link', attrs: { href } }]));
    expect(richTextSchema.safeParse(link('https://example.com')).success).toBe(true);
    expect(richTextSchema.safeParse(link('mailto:a@example.com')).success).toBe(true);
    expect(richTextSchema.safeParse(link('javascript:alert(1)')).success).toBe(false);
    expect(richTextSchema.safeParse(link(' JaVaScRiPt:alert(1)')).success).toBe(false);
    expect(richTextSchema.safeParse(doc({ type: 'iframe' })).success).toBe(false);
    expect(richTextSchema.safeParse(doc(paragraph('x', [{ type: 'script' }]))).success).toBe(false);
    expect(richTextSchema.safeParse(doc(paragraph('x'.repeat(richTextMaxCharacters + 1)))).success).toBe(
      false,
    );
    let deep: object = paragraph('deep');
    for (let level = 0; level < 10; level += 1) deep = { type: 'blockquote', content: [deep] };
    expect(richTextSchema.safeParse(doc(deep)).success).toBe(false);
  });
});
