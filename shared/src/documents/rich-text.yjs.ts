import * as Y from 'yjs';
import type { RichText, RichTextMark, RichTextNode } from './rich-text';

// Rich text in a Y.XmlFragment, in the layout Tiptap's Collaboration extension (y-tiptap, after y-prosemirror)
// reads and writes: a node is a Y.XmlElement named after its type with its attrs as attributes, text is a
// Y.XmlText whose formatting attributes are the marks (mark type → mark attrs). Written here for seeding and
// restoring, read here for publishing, so neither needs an editor.

// y-tiptap names a mark that may overlap itself `type--hash`; the type is what matters here.
const markTypeOf = (key: string) => key.split('--')[0] ?? key;

function readInline(text: Y.XmlText): RichTextNode[] {
  return (text.toDelta() as { insert: unknown; attributes?: Record<string, unknown> }[]).flatMap((part) => {
    if (typeof part.insert !== 'string' || part.insert === '') return [];
    const marks = Object.entries(part.attributes ?? {}).map(([key, attrs]) => {
      const type = markTypeOf(key);
      const hasAttrs = attrs !== null && typeof attrs === 'object' && Object.keys(attrs).length > 0;
      return (hasAttrs ? { type, attrs } : { type }) as RichTextMark;
    });
    return [{ type: 'text', text: part.insert, ...(marks.length > 0 ? { marks } : {}) } as RichTextNode];
  });
}

function readNodes(parent: Y.XmlFragment | Y.XmlElement): RichTextNode[] {
  return parent.toArray().flatMap((child): RichTextNode[] => {
    if (child instanceof Y.XmlText) return readInline(child);
    if (!(child instanceof Y.XmlElement)) return [];
    const attrs = child.getAttributes() as Record<string, string | number | boolean | null>;
    const content = readNodes(child);
    return [
      {
        type: child.nodeName as RichTextNode['type'],
        ...(Object.keys(attrs).length > 0 ? { attrs } : {}),
        ...(content.length > 0 ? { content } : {}),
      },
    ];
  });
}

/** The fragment as Tiptap JSON (not validated: a draft may hold anything a newer editor wrote). */
export function readRichText(fragment: Y.XmlFragment): RichText {
  return { type: 'doc', content: readNodes(fragment) };
}

function toYNodes(nodes: RichTextNode[]): (Y.XmlElement | Y.XmlText)[] {
  const out: (Y.XmlElement | Y.XmlText)[] = [];
  // Adjacent text nodes share one Y.XmlText, as y-tiptap writes them; its delta is applied once (a text not
  // yet in a document has no length to insert at).
  let delta: { insert: string; attributes: Record<string, unknown> }[] = [];
  const flushText = () => {
    if (delta.length === 0) return;
    const text = new Y.XmlText();
    text.applyDelta(delta);
    out.push(text);
    delta = [];
  };
  for (const node of nodes) {
    if (node.type === 'text') {
      const attributes = Object.fromEntries(
        (node.marks ?? []).map((mark) => [mark.type, 'attrs' in mark ? mark.attrs : {}]),
      );
      delta.push({ insert: node.text ?? '', attributes });
      continue;
    }
    flushText();
    const element = new Y.XmlElement(node.type);
    for (const [key, value] of Object.entries(node.attrs ?? {})) {
      element.setAttribute(key, value as string);
    }
    element.insert(0, toYNodes(node.content ?? []));
    out.push(element);
  }
  flushText();
  return out;
}

/** Replaces the fragment's content (call inside the caller's transaction). */
export function writeRichText(fragment: Y.XmlFragment, doc: RichText): void {
  if (fragment.length > 0) fragment.delete(0, fragment.length);
  fragment.insert(0, toYNodes(doc.content));
}
