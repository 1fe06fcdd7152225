import { escapeHtml, renderTemplate } from './template';

// An email body: a Tiptap document (JSON, from the rich text editor) or plain text, with placeholders filled
// and everything from the event escaped. Only the node and mark types below become HTML; anything else is
// rendered as its text, so no markup reaches a mail that the editor could not produce.

interface TiptapNode {
  type?: unknown;
  text?: unknown;
  attrs?: unknown;
  marks?: unknown;
  content?: unknown;
}

export interface RenderedBody {
  text: string;
  html: string;
  missing: string[];
}

const maxDepth = 32;

export function renderEmailBody(body: string, context: unknown): RenderedBody {
  const missing: string[] = [];
  const fill = (template: string, encode?: (value: string) => string) => {
    const rendered = renderTemplate(template, context, encode);
    missing.push(...rendered.missing);
    return rendered.text;
  };
  const document = parseTiptap(body);
  if (!document) {
    const text = fill(body);
    const html = body
      .split(/\n{2,}/)
      .map((paragraph) => `<p>${fill(escapeHtml(paragraph), escapeHtml).replace(/\n/g, '<br>')}</p>`)
      .join('');
    return { text, html, missing: [...new Set(missing)] };
  }
  const html = renderNode(document, (value) => fill(escapeHtml(value), escapeHtml), 0);
  const text = fill(textOf(document, 0).trim());
  return { text, html, missing: [...new Set(missing)] };
}

function parseTiptap(body: string): TiptapNode | null {
  if (!body.trimStart().startsWith('{')) return null;
  try {
    const parsed = JSON.parse(body) as TiptapNode;
    return parsed && typeof parsed === 'object' && parsed.type === 'doc' ? parsed : null;
  } catch {
    return null;
  }
}

const blockTags: Record<string, string> = {
  paragraph: 'p',
  bulletList: 'ul',
  orderedList: 'ol',
  listItem: 'li',
  blockquote: 'blockquote',
};
const markTags: Record<string, string> = { bold: 'strong', italic: 'em', underline: 'u', code: 'code' };

function childrenOf(node: TiptapNode): TiptapNode[] {
  return Array.isArray(node.content) ? (node.content as TiptapNode[]) : [];
}

function renderNode(node: TiptapNode, text: (value: string) => string, depth: number): string {
  if (depth > maxDepth) return '';
  const inner = () =>
    childrenOf(node)
      .map((child) => renderNode(child, text, depth + 1))
      .join('');
  if (node.type === 'text' && typeof node.text === 'string') return renderMarks(node, text(node.text));
  if (node.type === 'hardBreak') return '<br>';
  if (node.type === 'heading') {
    const level = Number((node.attrs as { level?: unknown } | undefined)?.level);
    const tag = `h${Number.isInteger(level) && level >= 1 && level <= 6 ? level : 2}`;
    return `<${tag}>${inner()}</${tag}>`;
  }
  const tag = typeof node.type === 'string' ? blockTags[node.type] : undefined;
  return tag ? `<${tag}>${inner()}</${tag}>` : inner();
}

function renderMarks(node: TiptapNode, html: string): string {
  const marks = Array.isArray(node.marks) ? (node.marks as { type?: unknown; attrs?: unknown }[]) : [];
  return marks.reduce((inner, mark) => {
    if (mark.type === 'link') {
      const href = (mark.attrs as { href?: unknown } | undefined)?.href;
      // Only web and mail links; a javascript: or data: URL stays text.
      return typeof href === 'string' && /^(https?:|mailto:)/i.test(href)
        ? `<a href="${escapeHtml(href)}">${inner}</a>`
        : inner;
    }
    const tag = typeof mark.type === 'string' ? markTags[mark.type] : undefined;
    return tag ? `<${tag}>${inner}</${tag}>` : inner;
  }, html);
}

function textOf(node: TiptapNode, depth: number): string {
  if (depth > maxDepth) return '';
  if (node.type === 'text' && typeof node.text === 'string') return node.text;
  if (node.type === 'hardBreak') return '\n';
  const inner = childrenOf(node)
    .map((child) => textOf(child, depth + 1))
    .join('');
  return typeof node.type === 'string' && (node.type in blockTags || node.type === 'heading')
    ? `${inner}\n\n`
    : inner;
}
