import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { applyTextChange } from './shared-text';

function replicaPair() {
  const a = new Y.Doc();
  const b = new Y.Doc();
  const sync = () => {
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
  };
  return { a, b, sync };
}

describe('applyTextChange', () => {
  it('merges two people typing in different places of the same text', () => {
    const { a, b, sync } = replicaPair();
    a.getText('title').insert(0, 'Expense claim');
    sync();
    applyTextChange(a.getText('title'), 'Travel expense claim', 'a');
    applyTextChange(b.getText('title'), 'Expense claim form', 'b');
    sync();
    expect(a.getText('title').toString()).toBe('Travel expense claim form');
    expect(b.getText('title').toString()).toBe('Travel expense claim form');
  });

  it('edits only the changed middle, tagged with the origin', () => {
    const doc = new Y.Doc();
    const text = doc.getText('t');
    text.insert(0, 'aaXbb');
    const origins: unknown[] = [];
    doc.on('afterTransaction', (transaction) => origins.push(transaction.origin));
    applyTextChange(text, 'aaYYbb', 'me');
    expect(text.toString()).toBe('aaYYbb');
    expect(origins).toEqual(['me']);
    applyTextChange(text, 'aaYYbb', 'me');
    expect(origins).toHaveLength(1);
    applyTextChange(text, '', 'me');
    expect(text.toString()).toBe('');
  });
});
