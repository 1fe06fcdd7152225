import type { DocumentChange } from '@erp/shared/documents/diff/changes';
import { diffDocuments } from '@erp/shared/documents/diff/diff';
import { describe, expect, it } from 'vitest';
import { changeMarks, describeChange } from './changes';
import { describeIssuePath } from './issue-paths';
import { entityOfIssue, toPublishProblems } from './publish-problems';
import { parseDiffSide } from './sides';

const field = (id: string, label: string, order: string, extra: object = {}) => ({
  id,
  key: id,
  type: 'text',
  label,
  helpText: '',
  required: false,
  order,
  ...extra,
});
const form = (fields: object[]) => ({
  kind: 'taskForm',
  schemaVersion: 1,
  title: 'Travel',
  description: '',
  fields,
});

describe('describeChange', () => {
  it('names a renamed field by its label and shows the old and new value', () => {
    const [change] = diffDocuments(
      'taskForm',
      form([field('amount', 'Amount', 'a0')]),
      form([field('amount', 'Total', 'a0')]),
    );
    expect(change && describeChange(change)).toEqual({
      title: 'Field “Total”: label changed',
      detail: '“Amount” → “Total”',
    });
  });

  it('says what was added and removed, and reads unset values as "none"', () => {
    const changes = diffDocuments(
      'taskForm',
      form([field('old', 'Old', 'a0')]),
      form([field('new', 'New', 'a1', { required: true })]),
    );
    expect(changes.map((change) => describeChange(change).title).sort()).toEqual([
      'Field “New” was added',
      'Field “Old” was removed',
    ]);
    const unset: DocumentChange = {
      op: 'changed',
      entityType: 'field',
      entityId: 'x',
      label: 'X',
      property: 'helpText',
      after: 'Hint',
    };
    expect(describeChange(unset)).toEqual({ title: 'Field “X”: help text changed', detail: 'none → “Hint”' });
  });

  it('uses the readable text of conditions when the diff carries it', () => {
    const change: DocumentChange = {
      op: 'changed',
      entityType: 'edge',
      entityId: 'e1',
      label: 'Large',
      property: 'condition',
      before: {},
      after: {},
      beforeText: 'amount > 1000',
      afterText: 'amount > 5000',
    };
    expect(describeChange(change).detail).toBe('amount > 1000 → amount > 5000');
  });
});

describe('changeMarks', () => {
  it('marks an option’s change on its field, and the strongest change of an element wins', () => {
    const marks = changeMarks([
      { op: 'moved', entityType: 'field', entityId: 'f1', property: 'order' },
      { op: 'changed', entityType: 'field', entityId: 'f1', property: 'label' },
      { op: 'added', entityType: 'option', entityId: 'o1', parentId: 'f2' },
      { op: 'removed', entityType: 'field', entityId: 'f3' },
    ]);
    expect(Object.fromEntries(marks)).toEqual({ f1: 'changed', f2: 'changed', f3: 'removed' });
  });
});

describe('publish problems', () => {
  it('puts each issue on the element its path goes through, or on the document', () => {
    expect(entityOfIssue('taskForm', ['fields', 'f1', 'key'])).toBe('f1');
    expect(entityOfIssue('flow', ['nodes', 'n1', 'join', 'n'])).toBe('n1');
    expect(entityOfIssue('flow', ['nodes'])).toBe('document');
    expect(entityOfIssue('taskForm', ['title'])).toBe('document');
    const problems = toPublishProblems('flow', [
      { path: ['edges', 'e1', 'target'], message: 'No node has this id.' },
      { path: ['edges', 'e1', 'source'], message: 'Nothing leaves an end node.' },
    ]);
    expect(problems.byEntity.get('e1')).toEqual(['No node has this id.', 'Nothing leaves an end node.']);
  });

  it('describes a path through nested elements by their names', () => {
    const snapshot = form([
      field('f1', 'Priority', 'a0', {
        type: 'select',
        options: [{ id: 'o1', label: 'High', value: 'high', order: 'a0' }],
      }),
    ]);
    expect(describeIssuePath(snapshot, ['fields', 'f1', 'options', 'o1', 'value'])).toBe(
      'Field “Priority” › option “High” › value',
    );
    expect(describeIssuePath(snapshot, ['fields', 'gone', 'key'])).toBe('Fields › gone › key');
  });
});

describe('parseDiffSide', () => {
  it('accepts what the API accepts and nothing else', () => {
    expect(parseDiffSide('3')).toBe(3);
    expect(parseDiffSide('draft')).toBe('draft');
    expect(parseDiffSide('history:42')).toBe('history:42');
    for (const bad of [null, '', '0', '-1', 'latest', 'history:x', '1.5'])
      expect(parseDiffSide(bad)).toBeNull();
  });
});
