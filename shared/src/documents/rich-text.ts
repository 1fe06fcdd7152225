import { z } from 'zod';

// Rich text as published: Tiptap's JSON (ProseMirror's document shape) limited to what a form's instructions
// need — paragraphs, headings, lists, quotes, line breaks; bold, italic, underline, strike, code and links. The
// portal renders it without an editor, so nothing outside this list can reach a page, and a link is only ever
// http(s) or mailto.

export const richTextMarkTypes = ['bold', 'italic', 'underline', 'strike', 'code', 'link'] as const;
export const richTextBlockTypes = [
  'paragraph',
  'heading',
  'bulletList',
  'orderedList',
  'listItem',
  'blockquote',
] as const;
const maxDepth = 8;
export const richTextMaxCharacters = 20_000;

const safeHref = z
  .string()
  .max(2_000)
  .refine((href) => /^(https?:|mailto:)/i.test(href), 'A link must start with http:, https: or mailto:.');
const markSchema = z.discriminatedUnion('type', [
  z.object({ type: z.enum(['bold', 'italic', 'underline', 'strike', 'code']) }),
  z.object({ type: z.literal('link'), attrs: z.object({ href: safeHref }).loose() }),
]);
export type RichTextMark = z.infer<typeof markSchema>;

const attrValueSchema = z.union([z.string().max(200), z.number(), z.boolean(), z.null()]);

export interface RichTextNode {
  type: (typeof richTextBlockTypes)[number] | 'text' | 'hardBreak';
  attrs?: Record<string, string | number | boolean | null>;
  content?: RichTextNode[];
  text?: string;
  marks?: RichTextMark[];
}

const nodeSchema: z.ZodType<RichTextNode> = z.lazy(() =>
  z.union([
    z.object({
      type: z.literal('text'),
      text: z.string().min(1),
      marks: z.array(markSchema).max(6).optional(),
    }),
    z.object({ type: z.literal('hardBreak') }),
    z.object({
      type: z.enum(richTextBlockTypes),
      attrs: z.record(z.string().max(40), attrValueSchema).optional(),
      content: z.array(nodeSchema).max(1_000).optional(),
    }),
  ]),
);

export const richTextSchema = z
  .object({ type: z.literal('doc'), content: z.array(nodeSchema).max(1_000) })
  .superRefine((doc, ctx) => {
    let characters = 0;
    const visit = (nodes: RichTextNode[] | undefined, depth: number): void => {
      if (depth > maxDepth) {
        ctx.addIssue({ code: 'custom', message: `Rich text nests deeper than ${maxDepth} levels.` });
        return;
      }
      for (const node of nodes ?? []) {
        characters += node.text?.length ?? 0;
        visit(node.content, depth + 1);
      }
    };
    visit(doc.content, 1);
    if (characters > richTextMaxCharacters) {
      ctx.addIssue({
        code: 'custom',
        message: `Rich text is longer than ${richTextMaxCharacters} characters.`,
      });
    }
  });
export type RichText = z.infer<typeof richTextSchema>;

export const emptyRichText = (): RichText => ({ type: 'doc', content: [] });

/** Plain text as rich text: one paragraph per line (an older document's text, an import). */
export function richTextFromPlain(text: string): RichText {
  const lines = text.split(/\r?\n/);
  if (text === '') return emptyRichText();
  return {
    type: 'doc',
    content: lines.map((line) => ({
      type: 'paragraph',
      ...(line ? { content: [{ type: 'text', text: line }] } : {}),
    })),
  };
}

/** The words of rich text, one block per line (for diffs, search and previews). */
export function richTextToPlain(doc: RichText | { content?: RichTextNode[] }): string {
  const blocks: string[] = [];
  const inline = (nodes: RichTextNode[] | undefined): string =>
    (nodes ?? []).map((node) => (node.type === 'hardBreak' ? '\n' : (node.text ?? ''))).join('');
  const visit = (nodes: RichTextNode[] | undefined): void => {
    for (const node of nodes ?? []) {
      if (node.type === 'paragraph' || node.type === 'heading') blocks.push(inline(node.content));
      else visit(node.content);
    }
  };
  visit(doc.content);
  return blocks.join('\n');
}
