import type { RichText, RichTextMark, RichTextNode } from '@erp/shared/documents';
import { clsx } from 'clsx';
import { createElement, type ReactNode } from 'react';

// Rich text (a form's instructions) rendered without an editor, so the portal loads no Tiptap. Only the node
// and mark types of the shared schema are drawn; anything else is skipped, and links open in a new tab without
// giving it this page (rel noopener) — their addresses are already limited to http(s) and mailto.

const blockTags: Partial<Record<RichTextNode['type'], string>> = {
  paragraph: 'p',
  bulletList: 'ul',
  orderedList: 'ol',
  listItem: 'li',
  blockquote: 'blockquote',
};

function withMark(mark: RichTextMark, children: ReactNode, key: number): ReactNode {
  switch (mark.type) {
    case 'bold':
      return <strong key={key}>{children}</strong>;
    case 'italic':
      return <em key={key}>{children}</em>;
    case 'underline':
      return <u key={key}>{children}</u>;
    case 'strike':
      return <s key={key}>{children}</s>;
    case 'code':
      return <code key={key}>{children}</code>;
    case 'link':
      return (
        <a key={key} href={mark.attrs.href} target="_blank" rel="noopener noreferrer nofollow">
          {children}
        </a>
      );
  }
}

function renderNodes(nodes: RichTextNode[] | undefined): ReactNode[] {
  return (nodes ?? []).map((node, index) => {
    if (node.type === 'text') {
      return (node.marks ?? []).reduceRight<ReactNode>(
        (children, mark) => withMark(mark, children, index),
        node.text ?? '',
      );
    }
    // biome-ignore lint/suspicious/noArrayIndexKey: read-only content; a node's position is its identity.
    if (node.type === 'hardBreak') return <br key={index} />;
    if (node.type === 'heading') {
      return createElement(node.attrs?.level === 2 ? 'h2' : 'h3', { key: index }, renderNodes(node.content));
    }
    const tag = blockTags[node.type];
    return tag ? createElement(tag, { key: index }, renderNodes(node.content)) : null;
  });
}

/** Draws nothing for empty text, so callers need not ask first. */
export function RichTextView({ text, className }: { text: RichText; className?: string }) {
  if (text.content.length === 0) return null;
  return (
    <div className={clsx('rich-text text-sm text-neutral-700', className)}>{renderNodes(text.content)}</div>
  );
}
