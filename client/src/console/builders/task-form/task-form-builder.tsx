import {
  type Announcements,
  DndContext,
  type DragEndEvent,
  DragOverlay,
  type DragStartEvent,
  KeyboardSensor,
  MeasuringStrategy,
  PointerSensor,
  useDroppable,
  useSensor,
  useSensors,
} from '@dnd-kit/core';
import { SortableContext, sortableKeyboardCoordinates, verticalListSortingStrategy } from '@dnd-kit/sortable';
import {
  getTaskFormText,
  readTaskForm,
  type TaskFormField,
  type TaskFormFieldType,
  taskFormFields,
  validateDocument,
  valueFieldKeys,
} from '@erp/shared/documents';
import { rootEntityId } from '@erp/shared/documents/diff/changes';
import { shortName } from '@erp/shared/issue-text';
import { clsx } from 'clsx';
import { Plus } from 'lucide-react';
import { useId, useMemo, useState } from 'react';
import { type UndoStep, useSharedText } from '../../../collab';
import { Button } from '../../../ui/button';
import { Card, CardHeader } from '../../../ui/card';
import { EmptyState } from '../../../ui/empty-state';
import { Field, inputClasses } from '../../../ui/field';
import { SegmentedControl } from '../../../ui/search-input';
import { Toast } from '../../../ui/toast';
import type { BuilderProps } from '../builder-props';
import { ChecksCard } from '../checks-card';
import { pathAttribute } from '../issue-focus';
import { PeerHere } from '../peer-here';
import { useDocumentJson } from '../use-document-json';
import { FieldPalette, PaletteLabel } from './field-palette';
import { FieldProperties } from './field-properties';
import { FieldRow, ProblemList } from './field-row';
import { defaultSettings, fieldTypeLabels, nextUnusedKey, paletteIdPrefix } from './field-types';
import { FormPreview } from './form-preview';
import { InstructionsEditor } from './instructions-editor';

const endOfFormId = 'end-of-form';
const sentence = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
const paletteType = (id: string | number) =>
  String(id).startsWith(paletteIdPrefix)
    ? (String(id).slice(paletteIdPrefix.length) as TaskFormFieldType)
    : null;

/**
 * The task form designer in three panes: the field palette, the form, and the selected field's properties;
 * edited together live. The form pane switches to a preview that behaves exactly as the portal will.
 */
export function TaskFormBuilder({ session, snapshot, problems }: BuilderProps) {
  const { doc, origin } = session;
  const isReadOnly = snapshot.isReadOnly;
  const draft = useDocumentJson(doc, readTaskForm);
  const issues = useMemo(() => {
    const result = validateDocument('taskForm', draft);
    return result.ok ? [] : result.issues;
  }, [draft]);
  const [title, setTitle] = useSharedText(getTaskFormText(doc, 'title'), origin);
  const [view, setView] = useState<'edit' | 'preview'>('edit');
  const instructionsLabelId = useId();
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [newFieldId, setNewFieldId] = useState<string | null>(null);
  const [dragged, setDragged] = useState<string | null>(null);
  const [removed, setRemoved] = useState<{ name: string; step: UndoStep } | null>(null);
  const showPalette = !isReadOnly && view === 'edit';
  const fieldIds = draft.fields.map((field) => field.id);
  const selected = draft.fields.find((field) => field.id === selectedId);

  // A new field goes where it was dropped, else after the selected field, else at the end.
  const addField = (type: TaskFormFieldType, index = insertionIndex()) => {
    const id = taskFormFields.add(
      doc,
      {
        type,
        key: nextUnusedKey('field', valueFieldKeys(draft.fields)),
        label: '',
        index,
        ...defaultSettings(type),
      } as Parameters<typeof taskFormFields.add>[1],
      origin,
    );
    setNewFieldId(id);
    setSelectedId(id);
  };
  const insertionIndex = () => (selected ? fieldIds.indexOf(selected.id) + 1 : fieldIds.length);
  const duplicateField = (field: TaskFormField) => {
    const { id: _id, order: _order, ...copy } = field;
    const options =
      'options' in field ? field.options.map(({ label, value }) => ({ label, value })) : undefined;
    const id = taskFormFields.add(
      doc,
      {
        ...copy,
        ...(options && { options }),
        key: nextUnusedKey(field.type === 'section' ? 'section' : field.key, valueFieldKeys(draft.fields)),
        label: field.label ? `${field.label} (copy)` : '',
        index: fieldIds.indexOf(field.id) + 1,
      } as Parameters<typeof taskFormFields.add>[1],
      origin,
    );
    setNewFieldId(id);
    setSelectedId(id);
  };
  const removeField = (field: TaskFormField) => {
    const step = session.editAsStep(() => taskFormFields.remove(doc, field.id, origin));
    setRemoved({ name: field.label ? `“${shortName(field.label)}”` : 'the field', step });
  };

  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 6 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    setDragged(null);
    if (!over) return;
    const overIndex = over.id === endOfFormId ? fieldIds.length : fieldIds.indexOf(String(over.id));
    const type = paletteType(active.id);
    if (type) addField(type, overIndex);
    else if (active.id !== over.id) {
      taskFormFields.move(doc, String(active.id), Math.min(overIndex, fieldIds.length - 1), origin);
    }
  };
  const nameOf = (id: string | number) => {
    const type = paletteType(id);
    if (type) return `a new ${fieldTypeLabels[type]} field`;
    return `field ${draft.fields.find((field) => field.id === id)?.label || 'untitled'}`;
  };
  const positionOf = (id: string | number) =>
    id === endOfFormId
      ? 'the end of the form'
      : `position ${fieldIds.indexOf(String(id)) + 1} of ${fieldIds.length}`;
  const announcements: Announcements = {
    onDragStart: ({ active }) => `Picked up ${nameOf(active.id)}.`,
    onDragOver: ({ active, over }) =>
      sentence(
        over
          ? `${nameOf(active.id)} is over ${positionOf(over.id)}.`
          : `${nameOf(active.id)} is not over the form.`,
      ),
    onDragEnd: ({ active, over }) =>
      sentence(
        over
          ? `${nameOf(active.id)} was dropped at ${positionOf(over.id)}.`
          : `${nameOf(active.id)} was put back.`,
      ),
    onDragCancel: ({ active }) => `Moving ${nameOf(active.id)} was cancelled.`,
  };
  // Which colleague is working where (their focus: 'title', 'description' or a field id).
  const focusOf = (target: string) => snapshot.peers.find((peer) => peer.focus === target);
  const issuesOf = (fieldId: string) => issues.filter((issue) => issue.path[1] === fieldId);

  return (
    <DndContext
      sensors={sensors}
      // Rows measured before a drag starts, so the first arrow key of a keyboard drag already has places to go.
      measuring={{ droppable: { strategy: MeasuringStrategy.Always } }}
      accessibility={{ announcements }}
      onDragStart={({ active }: DragStartEvent) => setDragged(String(active.id))}
      onDragCancel={() => setDragged(null)}
      onDragEnd={onDragEnd}
    >
      <div
        className={clsx(
          'grid gap-6',
          showPalette
            ? 'lg:grid-cols-[12rem_minmax(0,1fr)] xl:grid-cols-[12rem_minmax(0,1fr)_22rem]'
            : 'lg:grid-cols-[minmax(0,1fr)_22rem]',
        )}
      >
        {showPalette && <FieldPalette onAdd={(type) => addField(type)} />}
        <div className="min-w-0 space-y-6">
          <Card>
            <CardHeader
              title="Form"
              description="What the person completing the task sees at the top. The document’s name (above) is how developers find it here; people doing the task see this title."
            />
            <div className="space-y-4 p-5">
              <ProblemList problems={problems.byEntity.get(rootEntityId)} />
              <Field label="Form title" aside={<PeerHere peer={focusOf('title')} />}>
                {(control) => (
                  <input
                    {...control}
                    {...pathAttribute('title')}
                    className={inputClasses}
                    value={title}
                    readOnly={isReadOnly}
                    onChange={(event) => setTitle(event.target.value)}
                    onFocus={() => session.setFocus('title')}
                    onBlur={() => session.setFocus(null)}
                  />
                )}
              </Field>
              <div>
                <div className="mb-1.5 flex items-center justify-between gap-2">
                  <span id={instructionsLabelId} className="text-sm font-medium text-neutral-800">
                    Instructions
                  </span>
                  <PeerHere peer={focusOf('description')} />
                </div>
                <div {...pathAttribute('description')}>
                  <InstructionsEditor
                    session={session}
                    isReadOnly={isReadOnly}
                    labelId={instructionsLabelId}
                    onFocusChange={(isFocused) => session.setFocus(isFocused ? 'description' : null)}
                  />
                </div>
                <p className="mt-1.5 text-sm text-neutral-500">Shown above the fields.</p>
              </div>
            </div>
          </Card>
          <Card>
            <CardHeader
              title="Fields"
              description={
                view === 'edit'
                  ? 'In the order people fill them in. Drag a field by its handle to move it.'
                  : undefined
              }
              actions={
                <SegmentedControl
                  label="Show"
                  value={view}
                  options={[
                    { value: 'edit', label: 'Edit' },
                    { value: 'preview', label: 'Preview' },
                  ]}
                  onChange={setView}
                />
              }
            />
            {view === 'preview' ? (
              <FormPreview draft={draft} />
            ) : (
              <SortableContext items={fieldIds} strategy={verticalListSortingStrategy}>
                {draft.fields.length > 0 && (
                  <ol className="divide-y divide-neutral-100" aria-label="Fields">
                    {draft.fields.map((field) => (
                      <FieldRow
                        key={field.id}
                        session={session}
                        field={field}
                        isReadOnly={isReadOnly}
                        isSelected={field.id === selectedId}
                        isNew={field.id === newFieldId}
                        issues={issuesOf(field.id)}
                        problems={problems.byEntity.get(field.id)}
                        peer={focusOf(field.id)}
                        onSelect={() => setSelectedId(field.id)}
                        onDuplicate={() => duplicateField(field)}
                        onRemove={() => removeField(field)}
                      />
                    ))}
                  </ol>
                )}
                <EndOfForm isEmpty={draft.fields.length === 0} isDragging={dragged !== null} />
              </SortableContext>
            )}
          </Card>
        </div>
        <div className={clsx('min-w-0 space-y-6', showPalette && 'lg:col-start-2 xl:col-start-auto')}>
          {view === 'edit' && (
            <FieldProperties
              session={session}
              field={selected}
              fields={draft.fields}
              issues={selected ? issuesOf(selected.id) : []}
              isReadOnly={isReadOnly}
            />
          )}
          <ChecksCard issues={issues} subject="form" canFocus />
        </div>
      </div>
      <DragOverlay>
        {dragged && paletteType(dragged) && (
          <div className="flex items-center gap-2 rounded-md bg-white px-3 py-2 text-sm shadow-lg ring-1 ring-neutral-200">
            <PaletteLabel type={paletteType(dragged) as TaskFormFieldType} />
          </div>
        )}
      </DragOverlay>
      {removed?.step.isLatest() && (
        <Toast
          onDismiss={() => setRemoved(null)}
          action={
            <Button
              size="sm"
              variant="ghost"
              className="text-indigo-200 hover:bg-neutral-800 hover:text-white"
              onClick={() => {
                removed.step.undo();
                setRemoved(null);
              }}
            >
              Undo
            </Button>
          }
        >
          Removed {removed.name}.
        </Toast>
      )}
    </DndContext>
  );
}

/** Below the last field: where a dragged field type lands to go last, and what an empty form says. */
function EndOfForm({ isEmpty, isDragging }: { isEmpty: boolean; isDragging: boolean }) {
  const { setNodeRef, isOver } = useDroppable({ id: endOfFormId });
  return (
    <div ref={setNodeRef} className={clsx(isOver && 'bg-indigo-50')}>
      {isEmpty ? (
        <EmptyState icon={Plus} title="No fields yet">
          <p>Drag a field type here, or click one: what should the person completing this task fill in?</p>
        </EmptyState>
      ) : (
        isDragging && (
          <p className="border-t border-dashed border-neutral-200 px-5 py-3 text-sm text-neutral-500">
            Drop here to add it at the end.
          </p>
        )
      )}
    </div>
  );
}
