import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { replaceText } from './text.yjs';

function textWith(value: string): Y.Text {
  const text = new Y.Doc().getText('t');
  text.insert(0, value);
  return text;
}

describe('replaceText', () => {
  it.each([
    ['Purchase request', 'Purchase order'],
    ['abc', ''],
    ['', 'abc'],
    ['aaa', 'aa'],
    ['emoji 😀 here', 'emoji 😃 here'],
    ['😀', '😀😀'],
  ])('turns %j into %j', (before, after) => {
    const text = textWith(before);
    replaceText(text, after);
    expect(text.toString()).toBe(after);
  });

  it('only touches the span that changed, so concurrent typing elsewhere survives', () => {
    const [left, right] = [new Y.Doc(), new Y.Doc()];
    left.getText('t').insert(0, 'Hello world');
    Y.applyUpdate(right, Y.encodeStateAsUpdate(left));
    replaceText(left.getText('t'), 'Hello brave world');
    replaceText(right.getText('t'), 'Hello world!');
    Y.applyUpdate(left, Y.encodeStateAsUpdate(right));
    Y.applyUpdate(right, Y.encodeStateAsUpdate(left));
    expect(left.getText('t').toString()).toBe('Hello brave world!');
    expect(right.getText('t').toString()).toBe('Hello brave world!');
  });

  it('writes nothing when the text is unchanged', () => {
    const text = textWith('same');
    const updates: Uint8Array[] = [];
    text.doc?.on('update', (update: Uint8Array) => updates.push(update));
    replaceText(text, 'same');
    expect(updates).toEqual([]);
  });
});
