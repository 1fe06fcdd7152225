import { freezeDeep } from '@erp/shared';
import { describe, expect, it } from 'vitest';
import { canonicalContent } from './content-hash';

// Stored versions keep the hash of their content: "unchanged content creates no version" compares new hashes with
// old ones, so the canonical JSON must never change. The expected text and hash were made by the first version of
// the function (entries, filter, sort, map, join).
const content = {
  schemaVersion: 1,
  kind: 'flow',
  nodes: [
    { type: 'task', id: 'n2', name: 'Approve "big" ones', position: { y: -20.5, x: 1e21 }, sla: undefined },
    {
      id: 'n1',
      type: 'start',
      name: 'Zürich → 東京',
      position: { x: 0, y: 0 },
      isDefault: false,
      extra: null,
    },
  ],
  edges: [],
  Z: { '': 1, é: 2, '10': 3, '9': 4, a: [true, false, 0, -0] },
};

describe('content hash', () => {
  it('is the SHA-256 of the canonical JSON that versions were always hashed from', () => {
    expect(canonicalContent(content)).toEqual({
      json:
        '{"Z":{"":1,"10":3,"9":4,"a":[true,false,0,0],"é":2},"edges":[],"kind":"flow","nodes":[' +
        '{"id":"n2","name":"Approve \\"big\\" ones","position":{"x":1e+21,"y":-20.5},"type":"task"},' +
        '{"extra":null,"id":"n1","isDefault":false,"name":"Zürich → 東京","position":{"x":0,"y":0},"type":"start"}],' +
        '"schemaVersion":1}',
      hash: 'f78d413cf04c7cfed5ecc301f74a52e1211629752e1d6a3dd3680aee131f84e0',
    });
  });

  it('does not depend on the order of keys', () => {
    const reordered = { Z: content.Z, edges: [], nodes: content.nodes, kind: 'flow', schemaVersion: 1 };
    expect(canonicalContent(reordered).hash).toBe(canonicalContent(content).hash);
    expect(JSON.parse(canonicalContent(content).json)).toEqual(JSON.parse(JSON.stringify(content)));
  });

  it('is the same for content a kept draft froze, whose JSON it keeps with each frozen part', () => {
    const frozen = freezeDeep(
      structuredClone({ ...content, nodes: content.nodes.map((node) => ({ ...node })) }),
    );
    expect(canonicalContent(frozen)).toEqual(canonicalContent(content));
    // The second time the frozen nodes' JSON comes from what was kept: still the same text.
    const next = { ...frozen, nodes: [...frozen.nodes].reverse() };
    expect(canonicalContent(next).json).toBe(
      canonicalContent({ ...content, nodes: [...content.nodes].reverse() }).json,
    );
  });
});
