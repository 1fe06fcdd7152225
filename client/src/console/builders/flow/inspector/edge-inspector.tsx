import { flowEdges } from '@erp/shared/documents';
import { useSharedText } from '../../../../collab';
import { ConditionEditor } from '../../../../conditions/condition-editor';
import type { ConditionField } from '../../../../conditions/condition-model';
import { Checkbox, Field, inputClasses } from '../../../../ui/field';
import type { DraftEdge, DraftFlow } from '../draft-flow';
import { type Editor, setDefaultEdge } from '../flow-gestures';

/** Edits the selected edge: label, priority among its siblings, default flag, condition. */
export function EdgeInspector({
  editor,
  flow,
  edge,
  fields,
  isReadOnly,
  onFocus,
}: {
  editor: Editor;
  flow: DraftFlow;
  edge: DraftEdge;
  /** Fields of the forms filled in before this edge is tried. */
  fields: ConditionField[];
  isReadOnly: boolean;
  onFocus: (focus: string | null) => void;
}) {
  const [label, setLabel] = useSharedText(flowEdges.getText(editor.doc, edge.id, 'label'), editor.origin);
  const nameOf = (id: string) => flow.nodes.find((node) => node.id === id)?.name || 'Unnamed';
  const siblings = flow.edges.filter((candidate) => candidate.source === edge.source).length;
  return (
    <div className="space-y-5" data-inspector="edge">
      <p className="text-xs font-medium tracking-wide text-neutral-500 uppercase">
        Edge · {nameOf(edge.source)} → {nameOf(edge.target)}
      </p>
      <Field label="Label" help="Shown on the canvas, e.g. “Over 1,000 €”.">
        {(control) => (
          <input
            {...control}
            name="edge-label"
            className={inputClasses}
            value={label}
            readOnly={isReadOnly}
            onChange={(event) => setLabel(event.target.value)}
            onFocus={() => onFocus(edge.id)}
            onBlur={() => onFocus(null)}
          />
        )}
      </Field>
      {siblings > 1 && (
        <Field label="Priority" help="Lower is tried first among the edges leaving the same step.">
          {(control) => (
            <input
              {...control}
              type="number"
              min={0}
              max={10000}
              className={`${inputClasses} w-24`}
              value={edge.priority}
              readOnly={isReadOnly}
              onChange={(event) =>
                flowEdges.update(
                  editor.doc,
                  edge.id,
                  { priority: Math.min(10_000, Math.max(0, Math.round(Number(event.target.value) || 0))) },
                  editor.origin,
                )
              }
            />
          )}
        </Field>
      )}
      <Checkbox
        label="Default edge"
        description="Taken when no other edge’s condition holds."
        checked={edge.isDefault}
        disabled={isReadOnly}
        onChange={(event) => setDefaultEdge(editor, flow, edge.id, event.target.checked)}
      />
      <div>
        <p className="mb-2 text-sm font-medium text-neutral-800">Condition</p>
        {edge.isDefault ? (
          <p className="text-sm text-neutral-500">The default edge has no condition of its own.</p>
        ) : (
          <ConditionEditor
            value={edge.condition}
            fields={fields}
            isReadOnly={isReadOnly}
            onChange={(condition) => flowEdges.update(editor.doc, edge.id, { condition }, editor.origin)}
          />
        )}
      </div>
    </div>
  );
}
