import type { DocumentKind } from '@erp/shared/ids';

// The kinds whose builder exists. Every other kind is "not available yet" everywhere in the console (no create
// button, a notice on its list, the document's details instead of a builder); listing a kind here switches all
// of that off for it, and `builders` in collab-builder.tsx must then mount its builder (the types insist).
// A module of its own, free of builder code, so lists and the dashboard can ask without loading the builders.
const kindsWithBuilder = [
  'taskForm',
  'flow',
  'trigger',
  'table',
  'dataset',
] as const satisfies readonly DocumentKind[];
export type KindWithBuilder = (typeof kindsWithBuilder)[number];

export function hasBuilder(kind: DocumentKind): kind is KindWithBuilder {
  return (kindsWithBuilder as readonly DocumentKind[]).includes(kind);
}
